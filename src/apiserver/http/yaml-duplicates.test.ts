import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { StatusError } from '../../api/errors.js';
import { parseYamlAllowingDuplicates } from './yaml-duplicates.js';

describe('YAML with repeated keys', () => {
  it('keeps the last value and reports each repeat by line, depth first in document order', async () => {
    const r = await parseYamlAllowingDuplicates(Buffer.from('a: 1\nb:\n  c: 1\n  c: 2\n  d: [{x: 1, x: 2}]\na: 3\n'));
    assert.deepEqual(r.value, { a: 3, b: { c: 2, d: [{ x: 2 }] } });
    assert.deepEqual(r.duplicates, ['line 4: key "c" already set in map', 'line 5: key "x" already set in map', 'line 6: key "a" already set in map']);
  });

  it('reports nothing for ordinary documents and refuses broken ones with 400', async () => {
    assert.deepEqual((await parseYamlAllowingDuplicates(Buffer.from('a: {b: 1}\nc: [1, 2]\n'))).duplicates, []);
    await assert.rejects(parseYamlAllowingDuplicates(Buffer.from('a: [1,\n')), (e) => e instanceof StatusError && e.code === 400);
    await assert.rejects(parseYamlAllowingDuplicates(Buffer.from('  \n')), (e) => e instanceof StatusError && e.code === 400);
  });
});
