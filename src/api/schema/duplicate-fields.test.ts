import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { findDuplicateFields, jsonPatchProblems, strictDecodingProblems } from './duplicate-fields.js';

// Upstream's field validation example body: unknown and repeated fields at several depths.
const BODY = `{
  "apiVersion": "apps/v1", "kind": "Deployment",
  "metadata": {"name": "a", "name": "b", "unknownMeta": 1, "labels": {"app": "x"}},
  "spec": {
    "unknown1": "v", "unknownDupe": "a", "unknownDupe": "b", "paused": true, "paused": false,
    "template": {"spec": {"containers": [
      {"name": "c0"},
      {"name": "c1", "unknownNested": 1, "imagePullPolicy": "Always", "imagePullPolicy": "Never", "x\\u0079": 1, "xy": 2}
    ]}}
  }
}`;

describe('duplicate JSON fields', () => {
  it('finds repeated keys with field paths (array indexes, escaped keys)', () => {
    assert.deepEqual(
      findDuplicateFields(BODY).map((d) => d.path),
      ['metadata.name', 'spec.unknownDupe', 'spec.paused', 'spec.template.spec.containers[1].imagePullPolicy', 'spec.template.spec.containers[1].xy'],
    );
    assert.deepEqual(findDuplicateFields('{"a": {"b": 1}, "c": [{"b": 1}, {"b": 2}], "s": "\\"a\\": 1, \\"a\\": 2"}'), []);
  });

  it('merges with unknown fields in document order; unknown-and-repeated counts once as unknown', () => {
    const unknown = ['unknown field "metadata.unknownMeta"', 'unknown field "spec.unknown1"', 'unknown field "spec.unknownDupe"', 'unknown field "spec.template.spec.containers[1].unknownNested"'];
    assert.deepEqual(strictDecodingProblems(unknown, BODY), [
      'duplicate field "metadata.name"',
      'unknown field "metadata.unknownMeta"',
      'unknown field "spec.unknown1"',
      'unknown field "spec.unknownDupe"',
      'duplicate field "spec.paused"',
      'unknown field "spec.template.spec.containers[1].unknownNested"',
      'duplicate field "spec.template.spec.containers[1].imagePullPolicy"',
      'duplicate field "spec.template.spec.containers[1].xy"',
    ]);
  });

  it('leaves unknown fields alone without a JSON text or duplicates', () => {
    assert.deepEqual(strictDecodingProblems(['unknown field "spec.x"'], undefined), ['unknown field "spec.x"']);
    assert.deepEqual(strictDecodingProblems(['unknown field "spec.x"'], '{"spec": {"x": 1}}'), ['unknown field "spec.x"']);
  });
});

describe('duplicate fields of custom resources', () => {
  it('lists every duplicate first, then the unknown fields sorted (upstream unstructured order)', () => {
    const text = '{"spec": {"unknown1": 1, "unknownDupe": 1, "unknownDupe": 2, "known": 1, "known": 2, "ports": [{"hostPort": 1, "hostPort": 2, "unknownNested": 1}]}}';
    const unknown = ['unknown field "spec.unknownDupe"', 'unknown field "spec.unknown1"', 'unknown field "spec.ports[0].unknownNested"'];
    assert.deepEqual(strictDecodingProblems(unknown, text, true), [
      'duplicate field "spec.unknownDupe"',
      'duplicate field "spec.known"',
      'duplicate field "spec.ports[0].hostPort"',
      'unknown field "spec.ports[0].unknownNested"',
      'unknown field "spec.unknown1"',
      'unknown field "spec.unknownDupe"',
    ]);
  });
});

describe('JSON patch operation problems', () => {
  it('names unknown and repeated keys of each operation', () => {
    const text = '[{"op": "add", "path": "/a", "value": 1, "foo": "bar"}, {"op": "add", "path": "/b", "path": "/c", "value": {"x": 1, "x": 2}}]';
    assert.deepEqual(jsonPatchProblems(text), ['json patch unknown field "[0].foo"', 'json patch duplicate field "[1].path"']);
    assert.deepEqual(jsonPatchProblems('{"not": "a patch"}'), []);
  });
});
