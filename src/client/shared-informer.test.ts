import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ConfigMap } from '../api/types/core-v1.js';
import { createClient } from './client.js';
import { CONFIGMAPS } from './resources.js';
import { SharedInformer } from './shared-informer.js';

// The informer's cache and handler dispatch, fed directly through its reflector sink (the
// list/watch side is covered against a real server in test/integration/client.test.ts).
const client = createClient({ server: 'https://127.0.0.1:1', namespace: 'default' });
const cm = (name: string, rv: string, v = ''): ConfigMap => ({ metadata: { namespace: 'ns', name, resourceVersion: rv }, data: { v } });

test('first list: initial adds and synced; events: add/update/delete in order', async () => {
  const inf = new SharedInformer<ConfigMap>(client.resource(CONFIGMAPS));
  const log: string[] = [];
  const reg = inf.addEventHandler({
    onAdd: (o, initial) => log.push(`add ${o.metadata?.name} ${initial}`),
    onUpdate: (o, n) => log.push(`update ${o.data?.v}->${n.data?.v}`),
    onDelete: (o, unknown) => log.push(`delete ${o.metadata?.name} ${unknown}`),
  });
  assert.equal(inf.hasSynced(), false);
  const synced = inf.waitForSync();
  inf.replace([cm('a', '1'), cm('b', '2')], '2');
  assert.equal(await synced, true);
  assert.equal(reg.hasSynced(), true);
  inf.apply('ADDED', cm('c', '3'));
  inf.apply('MODIFIED', cm('c', '4', 'x'));
  inf.apply('DELETED', cm('a', '5'));
  assert.deepEqual(log, ['add a true', 'add b true', 'add c false', 'update ->x', 'delete a false']);
  assert.deepEqual(inf.lister.listNamespace('ns').map((o) => o.metadata?.name).sort(), ['b', 'c']);
});

test('a relist reconciles: updates for survivors, adds for new, final-state-unknown deletes for missing', () => {
  const inf = new SharedInformer<ConfigMap>(client.resource(CONFIGMAPS));
  inf.replace([cm('keep', '1', 'old'), cm('gone', '2')], '2');
  const log: string[] = [];
  inf.addEventHandler({
    onAdd: (o, initial) => log.push(`add ${o.metadata?.name} ${initial}`),
    onUpdate: (o, n) => log.push(`update ${o.metadata?.name} ${o.data?.v}->${n.data?.v}`),
    onDelete: (o, unknown) => log.push(`delete ${o.metadata?.name} ${unknown}`),
  });
  assert.deepEqual(log.splice(0).sort(), ['add gone true', 'add keep true'], 'a late handler gets the cache first');
  inf.replace([cm('keep', '9', 'new'), cm('new', '8')], '9');
  assert.deepEqual(log, ['update keep old->new', 'add new false', 'delete gone true']);
});

test('a throwing handler does not stop the others; the error is reported', () => {
  const errors: unknown[] = [];
  const inf = new SharedInformer<ConfigMap>(client.resource(CONFIGMAPS), { onError: (e) => errors.push(e) });
  const seen: string[] = [];
  inf.addEventHandler({ onAdd: () => { throw new Error('handler bug'); } });
  inf.addEventHandler({ onAdd: (o) => seen.push(o.metadata!.name!) });
  inf.replace([cm('a', '1')], '1');
  assert.deepEqual(seen, ['a']);
  assert.equal(errors.length, 1);
});

test('transform runs before caching; removed handlers get nothing more', () => {
  const inf = new SharedInformer<ConfigMap>(client.resource(CONFIGMAPS), { transform: (o) => ({ ...o, data: { v: 'T' } }) });
  const seen: string[] = [];
  const reg = inf.addEventHandler({ onAdd: (o) => seen.push(o.data!.v!) });
  inf.replace([cm('a', '1')], '1');
  reg.remove();
  inf.apply('ADDED', cm('b', '2'));
  assert.deepEqual(seen, ['T']);
  assert.equal(inf.lister.get('b', 'ns')?.data?.v, 'T');
});
