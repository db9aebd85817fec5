import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { once } from 'node:events';
import { WebSocket, WebSocketServer } from 'ws';
import { WebSocketMessageDuplex } from './message-duplex.js';

async function pair(t: { after(fn: () => unknown): void }): Promise<{ duplex: WebSocketMessageDuplex; client: WebSocket }> {
  const server = createServer();
  const wss = new WebSocketServer({ noServer: true });
  const accepted = new Promise<WebSocketMessageDuplex>((resolve) =>
    server.on('upgrade', (req, socket, head) => wss.handleUpgrade(req, socket, head, (ws) => resolve(new WebSocketMessageDuplex(ws)))),
  );
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  t.after(() => server.close());
  const client = new WebSocket(`ws://127.0.0.1:${(server.address() as AddressInfo).port}/`);
  await once(client, 'open');
  return { duplex: await accepted, client };
}

test('binary messages read as one byte stream, writes leave as binary messages, a close ends it', async (t) => {
  const { duplex, client } = await pair(t);
  const received: Buffer[] = [];
  client.on('message', (d, isBinary) => {
    assert.equal(isBinary, true);
    received.push(Buffer.from(d as Buffer));
  });
  let read = '';
  duplex.on('data', (d: Buffer) => (read += d.toString()));
  const ended = once(duplex, 'end');
  client.send(Buffer.from('hel'));
  client.send(Buffer.from('lo'));
  duplex.write(Buffer.from('back'));
  // Corked writes (a SPDY frame's header and payload) leave as one message.
  duplex.cork();
  duplex.write(Buffer.from('head+'));
  duplex.write(Buffer.from('payload'));
  duplex.uncork();
  await new Promise((r) => setTimeout(r, 50));
  client.close(1000);
  await ended;
  assert.equal(read, 'hello');
  assert.deepEqual(received.map((b) => b.toString()), ['back', 'head+payload']);
});

test('a text message closes the tunnel with 1003 (only binary messages carry it)', async (t) => {
  const { duplex, client } = await pair(t);
  duplex.resume();
  const closed = once(client, 'close');
  client.send('not binary');
  const [code] = (await closed) as [number];
  assert.equal(code, 1003);
});
