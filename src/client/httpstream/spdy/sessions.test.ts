import assert from 'node:assert/strict';
import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import net from 'node:net';
import type { Duplex } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import { duplexPair, SpdyPeer } from '../../../../test/support/spdy-peer.js';
import type { PortForwardStream } from '../session.js';
import { FLAG_FIN } from './frames.js';
import { servePortForwardOverSpdy } from './port-forward.js';
import { encodeExitStatus } from './remote-command-session.js';
import { acceptSpdyRemoteCommand, expectedStreamTypes } from './remote-command.js';

const OPTIONS = { stdin: true, stdout: true, stderr: true, tty: false };

describe('SPDY exec/attach upgrade negotiation', () => {
  let server: Server;
  let port = 0;
  const results: (string | null)[] = [];
  before(async () => {
    server = createServer((_req, res) => res.end());
    server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
      socket.on('error', () => {});
      void acceptSpdyRemoteCommand(req, socket, head, OPTIONS, { streamCreationTimeoutMs: 100 }).then((s) => {
        results.push(s ? s.protocol : null);
        s?.end({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', code: 0 });
      });
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    port = (server.address() as net.AddressInfo).port;
  });
  after(() => new Promise<void>((resolve) => server.close(() => resolve())));

  /** Sends a raw upgrade request; returns the response head and the socket. */
  async function upgrade(headers: string[]): Promise<{ head: string; socket: net.Socket; rest: () => Buffer; ended: Promise<unknown> }> {
    const socket = net.connect(port, '127.0.0.1');
    const ended = once(socket, 'end');
    await once(socket, 'connect');
    socket.write(['POST /exec HTTP/1.1', 'Host: x', ...headers, '', ''].join('\r\n'));
    let buf = Buffer.alloc(0);
    socket.on('data', (d: Buffer) => (buf = Buffer.concat([buf, d])));
    for (let i = 0; i < 200 && buf.indexOf('\r\n\r\n') < 0; i++) await new Promise((r) => setTimeout(r, 10));
    const end = buf.indexOf('\r\n\r\n');
    return { head: buf.subarray(0, end).toString(), socket, rest: () => buf.subarray(end + 4), ended };
  }

  it('400 when the client names no protocol', async () => {
    const { head, ended } = await upgrade(['Connection: Upgrade', 'Upgrade: SPDY/3.1']);
    assert.match(head, /^HTTP\/1\.1 400 Bad Request/);
    await ended;
  });

  it('403 with the accepted versions when nothing is shared', async () => {
    const { head, ended } = await upgrade(['Connection: Upgrade', 'Upgrade: SPDY/3.1', 'X-Stream-Protocol-Version: channel.k8s.io']);
    assert.match(head, /^HTTP\/1\.1 403 Forbidden/);
    assert.deepEqual(head.match(/^X-Accepted-Stream-Protocol-Versions: [^\r]*/gm), [
      'X-Accepted-Stream-Protocol-Versions: v4.channel.k8s.io',
      'X-Accepted-Stream-Protocol-Versions: v3.channel.k8s.io',
      'X-Accepted-Stream-Protocol-Versions: v2.channel.k8s.io',
    ]);
    await ended;
  });

  it('400 when the upgrade is not to SPDY/3.1', async () => {
    const { head, ended } = await upgrade(['Connection: Upgrade', 'Upgrade: h2c', 'X-Stream-Protocol-Version: v4.channel.k8s.io']);
    assert.match(head, /^HTTP\/1\.1 400 Bad Request/);
    await ended;
  });

  it("101 with the client's first supported choice, then GOAWAY and a close when no stream comes in time", async () => {
    results.length = 0;
    const { head, socket, rest, ended } = await upgrade([
      'Connection: Upgrade',
      'Upgrade: SPDY/3.1',
      'X-Stream-Protocol-Version: v9.channel.k8s.io, v3.channel.k8s.io',
      'X-Stream-Protocol-Version: v4.channel.k8s.io',
    ]);
    assert.match(head, /^HTTP\/1\.1 101 Switching Protocols/);
    assert.match(head, /^Upgrade: SPDY\/3\.1$/m);
    assert.match(head, /^X-Stream-Protocol-Version: v3\.channel\.k8s\.io$/m);
    await ended;
    assert.deepEqual(results, [null]);
    // The only frame is GOAWAY (type 7) with status OK.
    assert.equal(rest().subarray(0, 4).toString('hex'), '80030007');
    socket.destroy();
  });

  it('expects the kubelet stream set: no stderr and a resize stream with a tty (v3+)', () => {
    assert.deepEqual([...expectedStreamTypes(OPTIONS, 'v4.channel.k8s.io')], ['error', 'stdin', 'stdout', 'stderr']);
    const tty = { stdin: true, stdout: true, stderr: true, tty: true };
    assert.deepEqual([...expectedStreamTypes(tty, 'v4.channel.k8s.io')], ['error', 'stdin', 'stdout', 'resize']);
    assert.deepEqual([...expectedStreamTypes(tty, 'v2.channel.k8s.io')], ['error', 'stdin', 'stdout']);
  });

  it('v4 sends the Status as JSON; v2/v3 send only a failure message as text', () => {
    const failure = { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'boom', code: 500 } as const;
    assert.deepEqual(JSON.parse(encodeExitStatus('v4.channel.k8s.io', failure).toString()), failure);
    assert.equal(encodeExitStatus('v3.channel.k8s.io', failure).toString(), 'boom');
    assert.equal(encodeExitStatus('v2.channel.k8s.io', { ...failure, status: 'Success' }).length, 0);
  });
});

describe('SPDY port-forward streams', () => {
  function serve(timeoutMs = 5000): { peer: SpdyPeer; forwarded: PortForwardStream[]; close: () => void } {
    const [server, client] = duplexPair();
    const session = servePortForwardOverSpdy(server, 'portforward.k8s.io', { streamCreationTimeoutMs: timeoutMs });
    const forwarded: PortForwardStream[] = [];
    session.onStream((s) => forwarded.push(s));
    const peer = new SpdyPeer(client);
    return { peer, forwarded, close: () => peer.close() };
  }
  const until = async (pred: () => boolean): Promise<void> => {
    for (let i = 0; i < 200 && !pred(); i++) await new Promise((r) => setTimeout(r, 10));
    assert.ok(pred());
  };
  const finOn = (peer: SpdyPeer, id: number) => peer.frames.some((f) => f.kind === 'data' && f.streamId === id && (f.flags & FLAG_FIN) !== 0);

  it('pairs the error and data streams of one requestID into a forwarded connection', async () => {
    const { peer, forwarded, close } = serve();
    const err0 = await peer.open({ streamtype: 'error', port: '80', requestid: '0' }, FLAG_FIN);
    const err1 = await peer.open({ streamtype: 'error', port: '81', requestid: '1' }, FLAG_FIN);
    const data1 = await peer.open({ streamtype: 'data', port: '81', requestid: '1' });
    const data0 = await peer.open({ streamtype: 'data', port: '80', requestid: '0' });
    await until(() => forwarded.length === 2);
    assert.deepEqual(forwarded.map((f) => f.port), [81, 80]);
    const [c81, c80] = forwarded;
    c80!.data.on('data', (d: Buffer) => c80!.data.end(`80 got ${d}`));
    peer.send(Buffer.from('hi'), data0, FLAG_FIN);
    await peer.until(() => finOn(peer, data0) && finOn(peer, err0));
    assert.equal(peer.received(data0), '80 got hi');
    assert.equal(peer.received(err0), '', 'no error to report');
    c81!.reportError('dial tcp 127.0.0.1:81: connect: connection refused');
    await peer.until(() => finOn(peer, err1) && finOn(peer, data1));
    assert.equal(peer.received(err1), 'dial tcp 127.0.0.1:81: connect: connection refused');
    close();
  });

  it('reports an invalid port on the error stream', async () => {
    const { peer, forwarded, close } = serve();
    const err = await peer.open({ streamtype: 'error', port: 'http', requestid: '0' }, FLAG_FIN);
    const data = await peer.open({ streamtype: 'data', port: 'http', requestid: '0' });
    await peer.until(() => finOn(peer, err) && finOn(peer, data));
    assert.match(peer.received(err), /invalid port/);
    assert.equal(forwarded.length, 0);
    close();
  });

  it('a pair that stays incomplete past the creation timeout is reported and dropped', async () => {
    const { peer, forwarded, close } = serve(50);
    const err = await peer.open({ streamtype: 'error', port: '80', requestid: '7' }, FLAG_FIN);
    await peer.until(() => finOn(peer, err));
    assert.match(peer.received(err), /timed out waiting for streams/);
    assert.equal(forwarded.length, 0);
    close();
  });
});
