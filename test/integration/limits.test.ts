// Request limits: over the in-flight budget the server answers 429 with Retry-After.
import assert from 'node:assert/strict';
import https from 'node:https';
import { after, before, it } from 'node:test';
import { request } from '../support/http.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

let s: TestServer;
before(async () => {
  s = await startTestServer({ maxMutatingRequestsInFlight: 1 });
});
after(async () => {
  await s?.close();
});

it('answers 429 TooManyRequests with Retry-After beyond the mutating in-flight budget, and serves reads meanwhile', async () => {
  // A create whose body arrives slowly holds the only mutating slot.
  const url = new URL(s.url);
  const body = JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'slow' } });
  let headersSent!: () => void;
  const sent = new Promise<void>((r) => (headersSent = r));
  const slow = new Promise<number>((resolve, reject) => {
    const req = https.request(
      { host: url.hostname, port: url.port, path: '/api/v1/namespaces/default/configmaps', method: 'POST', ca: s.ca, cert: s.adminCert, key: s.adminKey, agent: false, headers: { 'content-type': 'application/json', 'content-length': String(body.length) } },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', reject);
    req.flushHeaders();
    req.write(body.slice(0, 10));
    setTimeout(headersSent, 300);
    setTimeout(() => req.end(body.slice(10)), 800);
  });
  await sent;
  const limited = await request(s, { method: 'POST', path: '/api/v1/namespaces/default/configmaps', body: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'fast' } } });
  assert.equal(limited.code, 429);
  assert.equal(limited.headers['retry-after'], '1');
  assert.deepEqual(limited.json(), {
    kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure',
    message: 'Too many requests, please try again later.', reason: 'TooManyRequests', details: { retryAfterSeconds: 1 }, code: 429,
  });
  // Reads have their own budget.
  assert.equal((await request(s, { path: '/api/v1/namespaces/default/configmaps' })).code, 200);
  assert.equal(await slow, 201);
  // With the slot free again, writes go through.
  const after = await request(s, { method: 'POST', path: '/api/v1/namespaces/default/configmaps', body: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'fast' } } });
  assert.equal(after.code, 201);
});
