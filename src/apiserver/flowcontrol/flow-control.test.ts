import assert from 'node:assert/strict';
import { it } from 'node:test';
import { StatusError } from '../../api/errors.js';
import type { UserInfo } from '../auth/authenticator.js';
import { parseRequestInfo } from '../request-info.js';
import { bootstrapFlowSchemas, bootstrapPriorityLevels } from './bootstrap-config.js';
import { classify, sortFlowSchemas } from './classifier.js';
import { FlowControl, type Ticket } from './flow-control.js';
import { computeSeatLimits } from './seat-limits.js';
import { dealHand, flowHash } from './shuffle-shard.js';
import type { PriorityLevelConfig } from './types.js';

const info = (method: string, path: string, query = '') => parseRequestInfo(method, path, new URLSearchParams(query));
const u = (username: string, ...groups: string[]): UserInfo => ({ username, groups: [...groups, 'system:authenticated'] });
const admin = u('admin', 'system:masters');
const alice = u('alice');
const node = u('system:node:n1', 'system:nodes');
const createCm = info('POST', '/api/v1/namespaces/default/configmaps');

/** Whether the promise has settled after the pending microtasks and one macrotask. */
async function state<T>(p: Promise<T>): Promise<'pending' | 'fulfilled' | 'rejected'> {
  let s: 'pending' | 'fulfilled' | 'rejected' = 'pending';
  p.then(() => (s = 'fulfilled'), () => (s = 'rejected'));
  await new Promise((r) => setImmediate(r));
  return s;
}

it('classifies requests into the bootstrap FlowSchemas', () => {
  const schemas = sortFlowSchemas(bootstrapFlowSchemas());
  const fs = (user: UserInfo, i = createCm) => classify(schemas, user, i)?.flowSchema.name;
  assert.equal(fs(admin), 'exempt');
  assert.equal(fs(alice), 'global-default');
  assert.equal(fs({ username: 'nobody', groups: [] }), undefined);
  assert.equal(fs(u('system:serviceaccount:default:builder', 'system:serviceaccounts')), 'service-accounts');
  assert.equal(fs(u('system:serviceaccount:kube-system:foo', 'system:serviceaccounts')), 'kube-system-service-accounts');
  assert.equal(fs(u('system:kube-scheduler')), 'kube-scheduler');
  assert.equal(fs(u('system:kube-controller-manager')), 'kube-controller-manager');
  assert.equal(fs(u('system:kube-controller-manager'), info('PUT', '/apis/coordination.k8s.io/v1/namespaces/kube-system/leases/kube-controller-manager')), 'system-leader-election');
  assert.equal(fs(u('system:kube-controller-manager'), info('PUT', '/api/v1/namespaces/default/endpoints/web')), 'endpoint-controller');
  assert.equal(fs(node, info('PATCH', '/api/v1/nodes/n1/status')), 'system-node-high');
  assert.equal(fs(node, info('GET', '/api/v1/namespaces/default/pods')), 'system-nodes');
  assert.equal(fs({ username: 'system:anonymous', groups: ['system:unauthenticated'] }, info('GET', '/readyz')), 'probes');
  assert.equal(fs(alice, info('GET', '/metrics')), 'global-default');
  const c = classify(schemas, alice, createCm)!;
  assert.equal(c.distinguisher, 'alice');
  assert.equal(classify(schemas, u('system:kube-scheduler'), createCm)!.distinguisher, 'default', 'ByNamespace');
});

it('shares 600 seats as upstream does by default', () => {
  const limits = computeSeatLimits(bootstrapPriorityLevels(), 600);
  const nominal = Object.fromEntries([...limits].map(([k, v]) => [k, v.nominal]));
  assert.deepEqual(nominal, { 'catch-all': 13, system: 74, 'node-high': 98, 'leader-election': 25, 'workload-high': 98, 'workload-low': 245, 'global-default': 49 });
  assert.equal(limits.get('workload-low')!.guaranteed, 245 - 221);
  assert.equal(limits.has('exempt'), false);
});

it('queues a flood beyond its seats, still seats exempt requests and other levels, and dispatches the queue as seats free', async () => {
  const fc = new FlowControl({ totalSeats: 20 });
  const held: Ticket[] = [];
  let queued: Promise<Ticket> | undefined;
  for (let i = 0; i < 50 && !queued; i++) {
    const p = fc.admit(createCm, alice);
    if ((await state(p)) === 'fulfilled') held.push(await p);
    else queued = p;
  }
  assert.ok(queued, 'the flood queues');
  // global-default's 2 nominal seats plus what the other levels lend (20 − their guaranteed seats).
  assert.equal(held.length, 10);
  assert.equal(fc.metrics.executingAt('global-default'), 10);
  assert.equal(fc.metrics.waitingAt('global-default'), 1);
  const more = fc.admit(createCm, alice);
  assert.equal(await state(more), 'pending');
  const exempt = await fc.admit(createCm, admin);
  assert.ok(exempt.flowSchemaUid && exempt.priorityLevelUid);
  const nodeTicket = fc.admit(info('GET', '/api/v1/namespaces/default/pods'), node);
  assert.equal(await state(nodeTicket), 'fulfilled', 'the system level keeps its guaranteed seats');
  held.shift()!.release();
  assert.equal(await state(queued), 'fulfilled');
  assert.equal(await state(more), 'pending');
  held.shift()!.release();
  assert.equal(await state(more), 'fulfilled');
  assert.equal(fc.metrics.waitingAt('global-default'), 0);
});

const tiny = (queues: number, handSize: number, queueLengthLimit: number): PriorityLevelConfig[] =>
  bootstrapPriorityLevels().map((l) =>
    l.name !== 'global-default' ? l : { ...l, spec: { type: 'Limited', limited: { ...l.spec.limited!, limitResponse: { type: 'Queue', queuing: { queues, handSize, queueLengthLimit } } } } },
  );

async function fill(fc: FlowControl, user: UserInfo, signal?: AbortSignal): Promise<Ticket[]> {
  const held: Ticket[] = [];
  for (;;) {
    const p = fc.admit(createCm, user, signal);
    if ((await state(p)) !== 'fulfilled') {
      p.catch(() => undefined);
      return held;
    }
    held.push(await p);
  }
}

it('answers 429 with Retry-After when the queue is full, and when a request waited too long', async () => {
  const fc = new FlowControl({ totalSeats: 20, priorityLevels: tiny(1, 1, 2), queueWaitMs: 50 });
  await fill(fc, alice); // the last one is queued
  const second = fc.admit(createCm, alice);
  const third = fc.admit(createCm, alice);
  await assert.rejects(third, (e: unknown) => {
    assert.ok(e instanceof StatusError);
    assert.equal(e.code, 429);
    assert.equal(e.message, 'Too many requests, please try again later.');
    assert.deepEqual(e.details, { retryAfterSeconds: 1 });
    return true;
  });
  await assert.rejects(second, (e: unknown) => e instanceof StatusError && e.code === 429);
  assert.match(fc.metrics.render(), /apiserver_flowcontrol_rejected_requests_total\{priority_level="global-default",flow_schema="global-default",reason="queue-full"\} 1/);
  assert.match(fc.metrics.render(), /reason="time-out"\} 2/);
});

it('rejects at once at a Reject level (catch-all) when it has no seat, and drops a waiting request whose client left', async () => {
  const fc = new FlowControl({ totalSeats: 20 });
  const done = new AbortController();
  await fill(fc, alice, done.signal);
  const stranger: UserInfo = { username: 'stranger', groups: [] };
  const first = await fc.admit(createCm, stranger); // catch-all's guaranteed seat
  assert.ok(first);
  await assert.rejects(fc.admit(createCm, stranger), (e: unknown) => e instanceof StatusError && e.code === 429);
  const gone = new AbortController();
  const waiting = fc.admit(createCm, alice, gone.signal);
  gone.abort();
  await assert.rejects(waiting, (e: unknown) => e instanceof StatusError && e.code === 429);
  assert.match(fc.metrics.render(), /reason="cancelled"\} 1/);
  done.abort();
});

it('serves two flows of one level in turn: a busy flow waits behind its own requests', async () => {
  const queues = 8;
  const aliceHand = dealHand(flowHash('global-default', 'alice'), queues, 1);
  const bob = ['bob', 'bob1', 'bob2', 'bob3', 'bob4', 'bob5'].find((n) => dealHand(flowHash('global-default', n), queues, 1)[0] !== aliceHand[0])!;
  const fc = new FlowControl({ totalSeats: 20, priorityLevels: tiny(queues, 1, 50) });
  const done = new AbortController();
  const held = await fill(fc, alice, done.signal); // one of alice's is queued already
  const alices = [1, 2, 3, 4].map(() => fc.admit(createCm, alice, done.signal));
  for (const a of alices) a.catch(() => undefined);
  const bobs = fc.admit(createCm, u(bob));
  held.shift()!.release(); // alice's first queued request (it came first)
  held.shift()!.release();
  assert.equal(await state(bobs), 'fulfilled', "bob's request is dispatched within two freed seats");
  assert.equal(await state(alices[0]!), 'pending', 'alice waits behind her own requests');
  held.shift()!.release();
  assert.equal(await state(alices[0]!), 'fulfilled');
  done.abort();
});

it('does not limit watches and streams, but still classifies them', async () => {
  const fc = new FlowControl({ totalSeats: 20, priorityLevels: tiny(1, 1, 1) });
  const done = new AbortController();
  await fill(fc, alice, done.signal);
  const w = await fc.admit(info('GET', '/api/v1/namespaces/default/pods', 'watch=true'), alice);
  const logs = await fc.admit(info('GET', '/api/v1/namespaces/default/pods/p/log'), alice);
  assert.ok(w.priorityLevelUid && logs.flowSchemaUid);
  w.release();
  logs.release();
  done.abort();
});

it('reconfigures without losing executing requests, and answers the waiters of a level whose queues changed', async () => {
  const fc = new FlowControl({ totalSeats: 20, priorityLevels: tiny(1, 1, 5) });
  const done = new AbortController();
  const held = await fill(fc, alice, done.signal);
  const waiting = fc.admit(createCm, alice);
  assert.equal(await state(waiting), 'pending');
  // New queue settings for global-default: its waiters are answered 429, its executing ones keep their seats.
  fc.configure(bootstrapFlowSchemas(), tiny(2, 1, 5));
  await assert.rejects(waiting, (e: unknown) => e instanceof StatusError && e.code === 429);
  assert.equal(fc.metrics.executingAt('global-default'), held.length);
  for (const t of held) t.release();
  assert.equal(fc.metrics.executingAt('global-default'), 0);
  // A schema sending alice elsewhere takes effect at once.
  const own = { name: 'alice-high', uid: 'uid-alice-high', spec: { priorityLevelConfiguration: { name: 'workload-high' }, matchingPrecedence: 10, rules: [{ subjects: [{ kind: 'User' as const, user: { name: 'alice' } }], resourceRules: [{ verbs: ['*'], apiGroups: ['*'], resources: ['*'], namespaces: ['*'] }] }] } };
  fc.configure([...bootstrapFlowSchemas(), own], bootstrapPriorityLevels());
  const t = await fc.admit(createCm, alice);
  assert.equal(t.flowSchemaUid, 'uid-alice-high');
  assert.equal(fc.metrics.executingAt('workload-high'), 1);
  t.release();
  done.abort();
});
