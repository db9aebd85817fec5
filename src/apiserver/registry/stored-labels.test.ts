// storedLabels reads the same labels JSON.parse would find, for objects of every shape a
// store may hold, and answers undefined (parse the whole object) when it cannot be sure.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { storedLabels } from './stored-labels.js';

const labelsByParse = (s: string) => ((JSON.parse(s) as { metadata?: { labels?: Record<string, string> } }).metadata?.labels ?? {});

describe('storedLabels', () => {
  const cases: Record<string, unknown> = {
    'labels first': { metadata: { labels: { app: 'a', i: '3' }, name: 'x' } },
    'labels after managedFields-like nesting': {
      kind: 'Pod',
      metadata: { name: 'p', annotations: { 'a}': '{"labels":{"x":"y"}}' }, managedFields: [{ fieldsV1: { 'f:metadata': { 'f:labels': { 'f:app': {} } } } }], labels: { app: 'web' } },
    },
    'no labels': { metadata: { name: 'p' }, spec: { template: { metadata: { labels: { app: 'nested' } } } } },
    'metadata after spec': { spec: { selector: { matchLabels: { a: 'b' } }, template: { metadata: { labels: { app: 'inner' } } } }, metadata: { labels: { top: 'yes' } } },
    'no metadata': { kind: 'Thing', data: { metadata: { labels: { a: 'b' } } } },
    'empty labels': { metadata: { labels: {} } },
    'escapes in values': { metadata: { labels: { 'k\\"}': 'v\\\\', u: 'é\u2028' }, name: 'a"b' } },
    'scalars around': { a: 1, b: true, c: null, d: -1.5e3, e: [1, [2, { x: '}' }]], metadata: { n: 0, labels: { z: '' } } },
  };
  for (const [name, obj] of Object.entries(cases)) {
    it(`reads the labels: ${name}`, () => {
      for (const text of [JSON.stringify(obj), JSON.stringify(obj, null, 2)]) {
        assert.deepEqual(storedLabels(Buffer.from(text)), labelsByParse(text));
        assert.deepEqual(storedLabels(text), labelsByParse(text), 'the same from the text');
      }
    });
  }

  it('gives up when it cannot be sure', () => {
    assert.equal(storedLabels(Buffer.from('{"metad\\u0061ta":{"labels":{"a":"b"}}}')), undefined);
    assert.equal(storedLabels(Buffer.from('{"metadata":null}')), undefined);
    assert.equal(storedLabels(Buffer.from('{"metadata":{"labels":["a"]}}')), undefined);
    assert.equal(storedLabels(Buffer.from('{"metadata":{"labels":{"a":')), undefined);
    assert.equal(storedLabels(Buffer.from('[1]')), undefined);
    assert.equal(storedLabels('{"metadata":{"l\\u0061bels":{"a":"b"}}}'), undefined);
    assert.equal(storedLabels('{"metadata":{"labels":{"a":"b"'), undefined);
  });

  it('reads labels: null as none', () => {
    assert.deepEqual(storedLabels(Buffer.from('{"metadata":{"labels":null}}')), {});
  });
});
