import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocket } from 'ws';
import type { Status } from '../../../api/errors.js';
import type { RemoteCommandOptions, RemoteCommandSession, TerminalSize } from '../session.js';
import { acceptWebSocketRemoteCommand } from './remote-command.js';

type Handler = (session: RemoteCommandSession) => void;

/** A real HTTP server whose upgrades become sessions handed to `handler`. */
async function serve(options: RemoteCommandOptions, handler: Handler): Promise<{ url: string; server: Server; refused: number[] }> {
  const refused: number[] = [];
  const server = createServer((_req, res) => res.writeHead(404).end());
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    void acceptWebSocketRemoteCommand(req, socket, head, options).then((s) => (s ? handler(s) : refused.push(1)));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `ws://127.0.0.1:${(server.address() as AddressInfo).port}/exec`, server, refused };
}

const success: Status = { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', code: 0 } as unknown as Status;

interface Received {
  messages: Buffer[];
  closeCode: number;
  protocol: string;
}

/** Opens a client, runs `send` once open, collects every message until the server closes. */
function client(url: string, protocols: string[], send: (ws: WebSocket) => void): Promise<Received> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, protocols);
    const messages: Buffer[] = [];
    ws.on('open', () => send(ws));
    ws.on('message', (d) => messages.push(Buffer.from(d as Buffer)));
    ws.on('close', (code) => resolve({ messages, closeCode: code, protocol: ws.protocol }));
    ws.on('unexpected-response', (_req, res) => reject(Object.assign(new Error('refused'), { statusCode: res.statusCode })));
    ws.on('error', reject);
  });
}

const channelText = (r: Received, ch: number) =>
  Buffer.concat(r.messages.filter((m) => m[0] === ch).map((m) => m.subarray(1))).toString();

test('v5: stdin echoed to stdout, stderr, close signal ends stdin, Status on the error channel, normal close', async (t) => {
  const { url, server } = await serve({ stdin: true, stdout: true, stderr: true, tty: false }, (s) => {
    const chunks: Buffer[] = [];
    s.stdin!.on('data', (c: Buffer) => chunks.push(c));
    s.stdin!.on('end', () => {
      s.stdout!.write(Buffer.concat(chunks).toString().toUpperCase());
      s.stderr!.write('warn\n');
      s.end(success);
    });
  });
  t.after(() => server.close());
  const r = await client(url, ['v5.channel.k8s.io', 'v4.channel.k8s.io'], (ws) => {
    ws.send(Buffer.from([0, ...Buffer.from('hello ')]));
    ws.send(Buffer.from([0, ...Buffer.from('world')]));
    ws.send(Buffer.from([255, 0]));
  });
  assert.equal(r.protocol, 'v5.channel.k8s.io');
  assert.deepEqual([...r.messages[0]!], [1], 'first an empty stdout message');
  assert.equal(channelText(r, 1), 'HELLO WORLD');
  assert.equal(channelText(r, 2), 'warn\n');
  assert.deepEqual(JSON.parse(channelText(r, 3)), success);
  assert.equal(r.messages.at(-1)![0], 3, 'the status is the last message');
  assert.equal(r.closeCode, 1000);
});

test('v4 when offered first; a non-zero exit Status; tty resizes reach onResize; no stderr with a tty', async (t) => {
  const sizes: TerminalSize[] = [];
  const late: TerminalSize[] = [];
  let sawStderr: unknown = 'unset';
  const exit3 = {
    kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', code: 500, reason: 'NonZeroExitCode',
    message: 'command terminated with non-zero exit code: exit status 3', details: { causes: [{ reason: 'ExitCode', message: '3' }] },
  } as unknown as Status;
  const { url, server } = await serve({ stdin: true, stdout: true, stderr: true, tty: true }, (s) => {
    sawStderr = s.stderr;
    s.stdin!.resume();
    s.onResize((size) => {
      sizes.push(size);
      if (sizes.length === 2) {
        s.onResize((size) => late.push(size));
        s.end(exit3);
      }
    });
  });
  t.after(() => server.close());
  const r = await client(url, ['v4.channel.k8s.io', 'v5.channel.k8s.io'], (ws) => {
    ws.send(Buffer.from([4, ...Buffer.from('{"Width":80,')]));
    ws.send(Buffer.from([4, ...Buffer.from('"Height":24}\n{"Width":120,"Height":50}\n')]));
  });
  assert.equal(r.protocol, 'v4.channel.k8s.io');
  assert.equal(sawStderr, null);
  assert.deepEqual(sizes, [{ width: 80, height: 24 }, { width: 120, height: 50 }]);
  assert.deepEqual(late, [{ width: 120, height: 50 }], 'a listener added late gets the latest size');
  assert.deepEqual(JSON.parse(channelText(r, 3)), exit3);
  assert.equal(r.closeCode, 1000);
});

test('no shared subprotocol: 403 before the handshake (the client can fall back); malformed handshake: 400', async (t) => {
  const { url, server, refused } = await serve({ stdin: false, stdout: true, stderr: false, tty: false }, () => assert.fail('no session'));
  t.after(() => server.close());
  await assert.rejects(client(url, ['channel.k8s.io'], () => {}), { statusCode: 403 });
  const port = Number(new URL(url).port);
  const head = await rawRequest(port, 'GET /exec HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n' +
    'Sec-WebSocket-Protocol: v5.channel.k8s.io\r\nSec-WebSocket-Version: 13\r\n\r\n');
  assert.match(head, /^HTTP\/1.1 400 Bad Request/);
  assert.match(head, /"reason":"BadRequest"/);
  assert.equal(refused.length, 2);
});

test('client going away fires onClose and ends stdin', async (t) => {
  let closed!: () => void;
  const gone = new Promise<void>((r) => (closed = r));
  let stdinEnded = false;
  const { url, server } = await serve({ stdin: true, stdout: true, stderr: false, tty: false }, (s) => {
    s.stdin!.on('end', () => (stdinEnded = true)).resume();
    s.onClose(closed);
  });
  t.after(() => server.close());
  await client(url, ['v5.channel.k8s.io'], (ws) => ws.close(1000));
  await gone;
  assert.equal(stdinEnded, true);
});

test('fuzz: random and malformed messages never crash the server; each connection ends cleanly or keeps serving', async (t) => {
  let seed = 12345;
  const rand = (n: number) => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed % n;
  };
  const sessions: RemoteCommandSession[] = [];
  const { url, server } = await serve({ stdin: true, stdout: true, stderr: true, tty: true }, (s) => {
    sessions.push(s);
    s.stdin!.resume();
    setTimeout(() => s.end(success), 50);
  });
  t.after(() => server.close());
  for (let round = 0; round < 30; round++) {
    const r = await client(url, ['v5.channel.k8s.io'], (ws) => {
      for (let i = 0; i < 20; i++) {
        const len = rand(12);
        const bytes = Buffer.alloc(len);
        for (let j = 0; j < len; j++) bytes[j] = rand(4) === 0 ? [0, 3, 4, 255][rand(4)]! : rand(256);
        if (rand(10) === 0) ws.send(bytes.toString('latin1'));
        else ws.send(bytes);
      }
    });
    assert.ok([1000, 1002, 1003, 1007].includes(r.closeCode), `close code ${r.closeCode}`);
  }
  // The server still serves a well-formed session afterwards.
  const ok = await client(url, ['v5.channel.k8s.io'], () => {});
  assert.deepEqual(JSON.parse(channelText(ok, 3)), success);
  assert.equal(sessions.length, 31);
});

/** Sends raw bytes and returns everything the server answers before closing. */
function rawRequest(port: number, text: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    const sock = connect(port, '127.0.0.1', () => sock.write(text));
    sock.on('data', (c: Buffer) => chunks.push(c));
    sock.on('end', () => resolve(Buffer.concat(chunks).toString()));
    sock.on('error', reject);
  });
}
