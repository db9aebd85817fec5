import assert from 'node:assert/strict';
import { test } from 'node:test';
import { printerFor } from '../../api/printers/index.js';
import { buildTable, objectTable } from './build.js';

const NOW = Date.parse('2026-12-02T10:00:00Z');
const ns = (name: string) => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name, uid: `u-${name}`, resourceVersion: '7', creationTimestamp: '2026-12-02T09:59:54Z' }, status: { phase: 'Active' } });
const printer = printerFor('', 'v1', 'namespaces');

test('buildTable: list metadata, columns, rows with PartialObjectMetadata (the golden namespaces Table shape)', () => {
  const t = buildTable(printer, [ns('default')], { version: 'v1', includeObject: 'Metadata' }, { resourceVersion: '221', continue: 'abc', remainingItemCount: 3 }, { now: NOW });
  assert.equal(t.kind, 'Table');
  assert.equal(t.apiVersion, 'meta.k8s.io/v1');
  assert.deepEqual(t.metadata, { resourceVersion: '221', continue: 'abc', remainingItemCount: 3 });
  assert.deepEqual(t.columnDefinitions!.map((c) => [c.name, c.type, c.format, c.priority]), [['Name', 'string', 'name', 0], ['Status', 'string', '', 0], ['Age', 'string', '', 0]]);
  assert.deepEqual(t.rows, [{ cells: ['default', 'Active', '6s'], object: { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: ns('default').metadata } }]);
  const empty = buildTable(printer, [], { version: 'v1beta1', includeObject: 'None' }, { resourceVersion: '9' }, { now: NOW });
  assert.deepEqual(empty, { kind: 'Table', apiVersion: 'meta.k8s.io/v1beta1', metadata: { resourceVersion: '9' }, columnDefinitions: printer.columns, rows: [] });
});

test('objectTable: one row, the object resourceVersion, no columns when asked (later watch events)', () => {
  const t = objectTable(printer, ns('a'), { version: 'v1', includeObject: 'Object' }, { now: NOW, noHeaders: true });
  assert.equal(t.columnDefinitions, null);
  assert.deepEqual(t.metadata, { resourceVersion: '7' });
  assert.equal((t.rows[0]!.object as { kind: string }).kind, 'Namespace');
  const none = objectTable(printer, ns('a'), { version: 'v1', includeObject: 'None' }, { now: NOW });
  assert.deepEqual(Object.keys(none.rows[0]!), ['cells']);
});
