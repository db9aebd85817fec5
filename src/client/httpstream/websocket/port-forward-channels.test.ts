import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocket } from 'ws';
import { requestedPorts } from './port-forward-channels.js';
import { acceptWebSocketPortForward } from './port-forward.js';

test('ports from the query: port and ports, comma lists, out-of-range refused', () => {
  assert.deepEqual(requestedPorts('/portForward/ns/p?port=80&port=8080,9090'), [80, 8080, 9090]);
  assert.deepEqual(requestedPorts('/x?ports=5432'), [5432]);
  assert.deepEqual(requestedPorts('/x'), []);
  assert.equal(requestedPorts('/x?port=0'), null);
  assert.equal(requestedPorts('/x?port=70000'), null);
  assert.equal(requestedPorts('/x?port=http'), null);
});

test('channel port-forward: port prefixes, data both ways per port, errors on the odd channel, close when all ended', async (t) => {
  const server = createServer();
  server.on('upgrade', (req, socket, head) => {
    void acceptWebSocketPortForward(req, socket, head).then((s) =>
      s?.onStream((st) => {
        if (st.port === 81) return st.reportError('nothing listens on 81');
        st.data.on('data', (d: Buffer) => st.data.end(`got ${d}`));
      }),
    );
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  t.after(() => server.close());
  const base = `ws://127.0.0.1:${(server.address() as AddressInfo).port}/portForward/ns/p`;
  const messages: number[][] = [];
  const closed = await new Promise<number>((resolve, reject) => {
    const ws = new WebSocket(`${base}?port=80&port=81`, ['v5.channel.k8s.io', 'v4.channel.k8s.io']);
    ws.on('open', () => {
      assert.equal(ws.protocol, 'v4.channel.k8s.io');
      ws.send(Buffer.from([0, ...Buffer.from('hi')]));
    });
    ws.on('message', (d) => messages.push([...(d as Buffer)]));
    ws.on('close', (code) => resolve(code));
    ws.on('error', reject);
  });
  assert.equal(closed, 1000);
  const text = (ch: number) => Buffer.from(messages.filter((m) => m[0] === ch).flatMap((m) => m.slice(1))).toString('latin1');
  assert.deepEqual(messages.slice(0, 4), [[0, 80, 0], [1, 80, 0], [2, 81, 0], [3, 81, 0]], 'each channel starts with its port, little-endian');
  assert.equal(text(0).slice(2), 'got hi');
  assert.equal(text(3).slice(2), 'nothing listens on 81');
  // Without ports the request is refused before the handshake.
  await assert.rejects(
    new Promise((resolve, reject) => {
      const ws = new WebSocket(base, ['v4.channel.k8s.io']);
      ws.on('open', resolve);
      ws.on('unexpected-response', (_q, res) => reject(Object.assign(new Error('refused'), { statusCode: res.statusCode })));
      ws.on('error', reject);
    }),
    { statusCode: 400 },
  );
});
