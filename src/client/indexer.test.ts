import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseLabelSelector } from '../api/meta/labels.js';
import type { Pod } from '../api/types/core-v1.js';
import { Indexer, NAMESPACE_INDEX, namespaceIndexFunc } from './indexer.js';
import { Lister } from './lister.js';
import { splitMetaNamespaceKey } from './object-key.js';

const pod = (ns: string, name: string, node?: string, labels?: Record<string, string>): Pod => ({ metadata: { namespace: ns, name, labels }, spec: { nodeName: node, containers: [] } });
const byNode = (p: Readonly<Pod>) => (p.spec?.nodeName ? [p.spec.nodeName] : []);

test('indexer keeps objects by namespace/name with secondary indexes that follow updates and deletes', () => {
  const idx = new Indexer<Pod>({ [NAMESPACE_INDEX]: namespaceIndexFunc, node: byNode });
  idx.upsert(pod('a', 'p1', 'n1'));
  idx.upsert(pod('a', 'p2', 'n1'));
  idx.upsert(pod('b', 'p1'));
  assert.deepEqual(idx.listKeys().sort(), ['a/p1', 'a/p2', 'b/p1']);
  assert.deepEqual(idx.indexKeys('node', 'n1').sort(), ['a/p1', 'a/p2']);
  idx.upsert(pod('a', 'p2', 'n2'));
  assert.deepEqual(idx.indexKeys('node', 'n1'), ['a/p1']);
  assert.deepEqual(idx.byIndex('node', 'n2').map((p) => p.metadata!.name), ['p2']);
  idx.remove('a/p1');
  assert.deepEqual(idx.listIndexValues('node'), ['n2']);
  assert.deepEqual(idx.byIndex(NAMESPACE_INDEX, 'b').length, 1);
  idx.replace([pod('c', 'x', 'n3')]);
  assert.equal(idx.size, 1);
  assert.deepEqual(idx.listIndexValues('node'), ['n3']);
  assert.throws(() => idx.byIndex('missing', 'x'), { name: 'IndexConflictError' });
  assert.throws(() => idx.addIndexers({ node: byNode }), { name: 'IndexConflictError' });
});

test('indexes added later cover objects already there', () => {
  const idx = new Indexer<Pod>();
  idx.upsert(pod('a', 'p1', 'n1'));
  idx.addIndexers({ node: byNode });
  assert.equal(idx.byIndex('node', 'n1').length, 1);
});

test('lister gets by name and lists by namespace and selector', () => {
  const idx = new Indexer<Pod>({ [NAMESPACE_INDEX]: namespaceIndexFunc });
  idx.upsert(pod('a', 'p1', undefined, { app: 'web' }));
  idx.upsert(pod('a', 'p2', undefined, { app: 'db' }));
  idx.upsert(pod('b', 'p3', undefined, { app: 'web' }));
  const l = new Lister(idx);
  assert.equal(l.get('p1', 'a')?.metadata?.name, 'p1');
  assert.equal(l.get('p1', 'b'), undefined);
  assert.equal(l.list().length, 3);
  assert.equal(l.list(parseLabelSelector('app=web')).length, 2);
  assert.deepEqual(l.listNamespace('a', parseLabelSelector('app=web')).map((p) => p.metadata!.name), ['p1']);
  assert.deepEqual(splitMetaNamespaceKey('a/p1'), { namespace: 'a', name: 'p1' });
  assert.deepEqual(splitMetaNamespaceKey('node-1'), { namespace: '', name: 'node-1' });
});
