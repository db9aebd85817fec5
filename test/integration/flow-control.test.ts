// API Priority and Fairness against a real server: a FlowSchema and priority level created through
// the API take effect; a flood by one user queues, then gets 429s, while an exempt (system:masters)
// request and a node's request are served; every response names its FlowSchema and priority level.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import https from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, it } from 'node:test';
import { request } from '../support/http.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

let s: TestServer;
let dir: string;
before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'k8ts-apf-'));
  const tokenFile = join(dir, 'tokens.csv');
  writeFileSync(tokenFile, 'tok-alice,alice,uid-alice\ntok-node,system:node:n1,uid-n1,system:nodes\n');
  s = await startTestServer({ tokenFile, maxRequestsInFlight: 10, maxMutatingRequestsInFlight: 10 });
});
after(async () => {
  await s?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** A create by alice whose body is held back, so it keeps its seat (or its place in the queue). */
function slowCreate(name: string): { finish(): Promise<number> } {
  const url = new URL(s.url);
  const body = JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name } });
  const req = https.request({
    host: url.hostname, port: url.port, path: '/api/v1/namespaces/default/configmaps', method: 'POST', ca: s.ca, agent: false,
    headers: { authorization: 'Bearer tok-alice', 'content-type': 'application/json', 'content-length': String(body.length) },
  });
  const code = new Promise<number>((resolve, reject) => {
    req.on('response', (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
  });
  req.flushHeaders();
  req.write(body.slice(0, 10));
  return {
    finish() {
      req.end(body.slice(10));
      return code;
    },
  };
}

async function gauge(name: string, level: string): Promise<number> {
  const text = (await request(s, { path: '/metrics' })).body.toString();
  let n = 0;
  for (const line of text.split('\n')) if (line.startsWith(`${name}{priority_level="${level}"`)) n += Number(line.split(' ').pop());
  return n;
}

async function until(f: () => Promise<boolean>): Promise<void> {
  for (let i = 0; i < 500; i++) {
    if (await f()) return;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error('condition not reached');
}

const FC = '/apis/flowcontrol.apiserver.k8s.io/v1';
const uidOf = async (resource: string, name: string): Promise<string> => (await request(s, { path: `${FC}/${resource}/${name}` })).json().metadata.uid;

it('queues a flood of one user before rejecting it, and serves exempt and other-level requests meanwhile', async () => {
  // alice gets a level of her own: 2 seats (20 × 20 / 265 shares, rounded up), no borrowing, one queue of two places.
  const pl = await request(s, { method: 'POST', path: `${FC}/prioritylevelconfigurations`, body: {
    apiVersion: 'flowcontrol.apiserver.k8s.io/v1', kind: 'PriorityLevelConfiguration', metadata: { name: 'flood' },
    spec: { type: 'Limited', limited: { nominalConcurrencyShares: 20, lendablePercent: 0, borrowingLimitPercent: 0, limitResponse: { type: 'Queue', queuing: { queues: 1, handSize: 1, queueLengthLimit: 2 } } } },
  } });
  assert.equal(pl.code, 201, pl.body.toString());
  const fs = await request(s, { method: 'POST', path: `${FC}/flowschemas`, body: {
    apiVersion: 'flowcontrol.apiserver.k8s.io/v1', kind: 'FlowSchema', metadata: { name: 'alice' },
    spec: { priorityLevelConfiguration: { name: 'flood' }, matchingPrecedence: 500, distinguisherMethod: { type: 'ByUser' },
      rules: [{ subjects: [{ kind: 'User', user: { name: 'alice' } }], resourceRules: [{ verbs: ['*'], apiGroups: ['*'], resources: ['*'], namespaces: ['*'], clusterScope: true }] }] },
  } });
  assert.equal(fs.code, 201, fs.body.toString());
  await until(async () => (await request(s, { path: '/metrics' })).body.toString().includes('apiserver_flowcontrol_nominal_limit_seats{priority_level="flood"} 2'));
  const flood: { finish(): Promise<number> }[] = [];
  // Open held creates one by one until one waits in the queue.
  while ((await gauge('apiserver_flowcontrol_current_inqueue_requests', 'flood')) === 0) {
    assert.ok(flood.length < 40, 'the flood never queued');
    flood.push(slowCreate(`flood-${flood.length}`));
    const opened = flood.length;
    await until(async () => (await gauge('apiserver_flowcontrol_current_executing_requests', 'flood')) + (await gauge('apiserver_flowcontrol_current_inqueue_requests', 'flood')) === opened);
  }
  assert.equal(await gauge('apiserver_flowcontrol_current_executing_requests', 'flood'), 2);
  assert.equal(flood.length, 3);
  flood.push(slowCreate('flood-queued-2'));
  await until(async () => (await gauge('apiserver_flowcontrol_current_inqueue_requests', 'flood')) === 2);

  // The queue is full: the next request of the flow is rejected.
  const rejected = await request(s, { method: 'POST', path: '/api/v1/namespaces/default/configmaps', auth: { token: 'tok-alice' }, body: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'rejected' } } });
  assert.equal(rejected.code, 429);
  assert.equal(rejected.headers['retry-after'], '1');
  assert.deepEqual(rejected.json(), {
    kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure',
    message: 'Too many requests, please try again later.', reason: 'TooManyRequests', details: { retryAfterSeconds: 1 }, code: 429,
  });
  assert.equal(rejected.headers['x-kubernetes-pf-flowschema-uid'], fs.json().metadata.uid);
  assert.equal(rejected.headers['x-kubernetes-pf-prioritylevel-uid'], pl.json().metadata.uid);

  // system:masters is exempt.
  const exempt = await request(s, { method: 'POST', path: '/api/v1/namespaces/default/configmaps', body: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'by-admin' } } });
  assert.equal(exempt.code, 201);
  assert.equal(exempt.headers['x-kubernetes-pf-flowschema-uid'], await uidOf('flowschemas', 'exempt'));
  assert.equal(exempt.headers['x-kubernetes-pf-prioritylevel-uid'], await uidOf('prioritylevelconfigurations', 'exempt'));
  // A node's requests run at the system level, on seats the flood cannot borrow.
  const byNode = await request(s, { path: '/api/v1/namespaces/default/configmaps', auth: { token: 'tok-node' } });
  assert.equal(byNode.code, 200);
  assert.equal(byNode.headers['x-kubernetes-pf-flowschema-uid'], await uidOf('flowschemas', 'system-nodes'));
  assert.equal(byNode.headers['x-kubernetes-pf-prioritylevel-uid'], await uidOf('prioritylevelconfigurations', 'system'));
  // Health probes are exempt, even anonymous ones.
  const probe = await request(s, { path: '/readyz', auth: 'none' });
  assert.equal(probe.code, 200);
  assert.equal(probe.headers['x-kubernetes-pf-flowschema-uid'], await uidOf('flowschemas', 'probes'));

  // Every held request, the queued ones included, completes once the bodies arrive.
  const codes = await Promise.all(flood.map((f) => f.finish()));
  assert.deepEqual(codes, flood.map(() => 201));
  assert.equal(await gauge('apiserver_flowcontrol_current_executing_requests', 'flood'), 0);
  const metrics = (await request(s, { path: '/metrics' })).body.toString();
  assert.match(metrics, /apiserver_flowcontrol_rejected_requests_total\{priority_level="flood",flow_schema="alice",reason="queue-full"\} 1/);
  assert.match(metrics, /apiserver_current_inflight_requests\{request_kind="mutating"\} \d+/);
});

it('sets the PF headers that kubectl shows at high verbosity', async () => {
  const r = await s.kubectl(['get', 'configmaps', '-n', 'default', '-v=8']);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, new RegExp(`X-Kubernetes-Pf-Flowschema-Uid: ${await uidOf('flowschemas', 'exempt')}`, 'i'));
  assert.match(r.stderr, new RegExp(`X-Kubernetes-Pf-Prioritylevel-Uid: ${await uidOf('prioritylevelconfigurations', 'exempt')}`, 'i'));
});

/** The count in one bucket of a latency histogram series. */
function bucket(metrics: string, name: string, labels: string, le: string): number {
  const line = metrics.split('\n').find((l) => l.startsWith(`${name}_bucket{${labels},le="${le}"} `));
  return line ? Number(line.split(' ').pop()) : 0;
}

it('leaves the time a request waited in a flow-control queue out of the SLI latency, not out of the request latency', async () => {
  // alice's level (created above) has 2 seats: hold both, then a list of hers waits in the queue.
  const held = [slowCreate('sli-held-0'), slowCreate('sli-held-1')];
  await until(async () => (await gauge('apiserver_flowcontrol_current_executing_requests', 'flood')) === 2);
  const listed = request(s, { path: '/api/v1/namespaces/default/secrets', auth: { token: 'tok-alice' } });
  await until(async () => (await gauge('apiserver_flowcontrol_current_inqueue_requests', 'flood')) === 1);
  await new Promise((r) => setTimeout(r, 700));
  const firstDone = held[0]!.finish();
  assert.equal((await listed).code, 200);
  assert.deepEqual(await Promise.all([firstDone, held[1]!.finish()]), [201, 201]);

  const metrics = (await request(s, { path: '/metrics' })).body.toString();
  const series = 'group="",version="v1",resource="secrets",subresource="",scope="namespace",component="apiserver"';
  const duration = 'apiserver_request_duration_seconds';
  const sli = 'apiserver_request_sli_duration_seconds';
  // The one namespaced list of secrets in this file waited at least 0.7 s in all, but ran in well under 0.6 s.
  assert.equal(bucket(metrics, duration, `verb="LIST",dry_run="",${series}`, '+Inf'), 1);
  assert.equal(bucket(metrics, duration, `verb="LIST",dry_run="",${series}`, '0.6'), 0);
  assert.equal(bucket(metrics, sli, `verb="LIST",${series}`, '+Inf'), 1);
  assert.equal(bucket(metrics, sli, `verb="LIST",${series}`, '0.6'), 1);
});
