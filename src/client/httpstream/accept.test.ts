import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import { WebSocket } from 'ws';
import { acceptPortForward, acceptRemoteCommand, requestedTransport } from './accept.js';
import type { IncomingMessage } from 'node:http';

const req = (headers: Record<string, string>) => ({ headers, headersDistinct: Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, [v]])) }) as unknown as IncomingMessage;

test('the transport follows the Upgrade and Connection headers', () => {
  assert.equal(requestedTransport(req({ upgrade: 'websocket', connection: 'keep-alive, Upgrade' })), 'websocket');
  assert.equal(requestedTransport(req({ upgrade: 'SPDY/3.1', connection: 'Upgrade' })), 'spdy');
  assert.equal(requestedTransport(req({ upgrade: 'websocket', connection: 'keep-alive' })), null);
  assert.equal(requestedTransport(req({})), null);
});

test('a WebSocket upgrade gets the WebSocket session; a plain request 400 with a Status', async (t) => {
  const server = createServer();
  server.on('upgrade', (r, socket, head) => {
    const pf = r.url === '/pf';
    void (pf ? acceptPortForward(r, socket, head) : acceptRemoteCommand(r, socket, head, { stdin: false, stdout: true, stderr: false, tty: false })).then((s) => {
      if (s && 'end' in s) s.end({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', code: 0 } as never);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  t.after(() => server.close());
  const port = (server.address() as AddressInfo).port;
  const protocol = await new Promise<string>((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${port}/exec`, ['v5.channel.k8s.io']);
    ws.on('open', () => resolve(ws.protocol));
    ws.on('error', reject);
  });
  assert.equal(protocol, 'v5.channel.k8s.io');
  // ws's client refuses '/' in a subprotocol, kubectl sends it: a raw handshake as kubectl's.
  const tunnel = await rawHead(port, 'GET /pf HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n' +
    'Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Protocol: SPDY/3.1+portforward.k8s.io\r\n\r\n');
  assert.match(tunnel, /^HTTP\/1.1 101 /);
  assert.match(tunnel, /\r\nSec-WebSocket-Protocol: SPDY\/3.1\+portforward.k8s.io\r\n/);
  const answer = await new Promise<string>((resolve) => {
    const chunks: Buffer[] = [];
    // Upgrade header without Connection: upgrade is not an upgrade either transport takes.
    const s = connect(port, '127.0.0.1', () => s.write('GET /exec HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: h2c\r\n\r\n'));
    s.on('data', (c: Buffer) => chunks.push(c));
    s.on('end', () => resolve(Buffer.concat(chunks).toString()));
  });
  assert.match(answer, /^HTTP\/1.1 400 Bad Request/);
  assert.match(answer, /"status":"Failure"/);
});

/** The response head to a raw request (the socket is closed after it). */
function rawHead(port: number, text: string): Promise<string> {
  return new Promise((resolve, reject) => {
    let got = '';
    const s = connect(port, '127.0.0.1', () => s.write(text));
    s.on('data', (c: Buffer) => {
      got += c.toString('latin1');
      const end = got.indexOf('\r\n\r\n');
      if (end >= 0) {
        resolve(got.slice(0, end + 2));
        s.destroy();
      }
    });
    s.on('error', reject);
  });
}
