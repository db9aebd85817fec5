import assert from 'node:assert/strict';
import { test } from 'node:test';
import { customResourcePrinter } from './custom.js';
import { evalJsonPath, JsonPathError, parseJsonPath } from './jsonpath.js';

const NOW = Date.parse('2026-12-02T10:00:00Z');
const at = (path: string, obj: unknown) => evalJsonPath(parseJsonPath(path), obj);

test('jsonpath: fields, indexes, wildcards, filters, quoted and escaped names', () => {
  const obj = { metadata: { labels: { 'app.kubernetes.io/name': 'web' } }, spec: { items: [{ n: 1 }, { n: 2 }] }, status: { conditions: [{ type: 'Synced', status: 'False' }, { type: 'Ready', status: 'True' }], replicas: 0, ok: false } };
  assert.deepEqual(at('.spec.items[1].n', obj), [2]);
  assert.deepEqual(at('.spec.items[-1].n', obj), [2]);
  assert.deepEqual(at('.spec.items[*].n', obj), [1, 2]);
  assert.deepEqual(at('{.spec.items[0].n}', obj), [1]);
  assert.deepEqual(at('.status.conditions[?(@.type=="Ready")].status', obj), ['True']);
  assert.deepEqual(at(".status.conditions[?(@.type!='Ready')].type", obj), ['Synced']);
  assert.deepEqual(at(".metadata.labels['app.kubernetes.io/name']", obj), ['web']);
  assert.deepEqual(at('.metadata.labels.app\\.kubernetes\\.io/name', obj), ['web']);
  assert.deepEqual(at('.status.replicas', obj), [0]);
  assert.deepEqual(at('.status.ok', obj), [false]);
  assert.deepEqual(at('.status.missing.deeper', obj), []);
  assert.deepEqual(at('.spec.items[5]', obj), []);
  assert.throws(() => parseJsonPath('.spec[?(@.a > 1)]'), JsonPathError);
  assert.throws(() => parseJsonPath('.spec[0'), JsonPathError);
});

test('custom resources: typed cells from additionalPrinterColumns', () => {
  const p = customResourcePrinter([
    { name: 'Replicas', type: 'integer', jsonPath: '.spec.replicas', description: 'wanted' },
    { name: 'Ratio', type: 'number', jsonPath: '.spec.ratio' },
    { name: 'Enabled', type: 'boolean', jsonPath: '.spec.enabled' },
    { name: 'Phase', type: 'string', jsonPath: '.status.phase' },
    { name: 'Tags', type: 'string', jsonPath: '.spec.tags', priority: 1 },
    { name: 'Started', type: 'date', jsonPath: '.status.startedAt' },
    { name: 'Broken', type: 'string', jsonPath: '.spec[' },
  ]);
  assert.deepEqual(p.columns.map((c) => [c.name, c.type, c.priority]), [
    ['Name', 'string', 0], ['Replicas', 'integer', 0], ['Ratio', 'number', 0], ['Enabled', 'boolean', 0], ['Phase', 'string', 0], ['Tags', 'string', 1], ['Started', 'date', 0], ['Broken', 'string', 0],
  ]);
  assert.equal(p.columns[1]!.description, 'wanted');
  const obj = { metadata: { name: 'w' }, spec: { replicas: 3, ratio: 0.5, enabled: true, tags: ['a', 'b'] }, status: { phase: 'Active', startedAt: '2026-12-02T09:58:00Z' } };
  assert.deepEqual(p.row(obj, NOW).cells, ['w', 3, 0.5, true, 'Active', '["a","b"]', '2m', null]);
  assert.deepEqual(p.row({ metadata: { name: 'e' }, spec: { replicas: 'x' }, status: { startedAt: 'yesterday' } }, NOW).cells, ['e', null, null, null, null, null, '<invalid>', null]);
});

test('custom resources without printer columns: NAME and AGE', () => {
  const p = customResourcePrinter(undefined);
  assert.deepEqual(p.columns.map((c) => c.name), ['Name', 'Age']);
  assert.deepEqual(p.row({ metadata: { name: 'w', creationTimestamp: '2026-12-01T10:00:00Z' } }, NOW).cells, ['w', '24h']);
  assert.deepEqual(customResourcePrinter([]).row({ metadata: { name: 'w' } }, NOW).cells, ['w', '<unknown>']);
});
