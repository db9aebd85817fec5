import assert from 'node:assert/strict';
import { it } from 'node:test';
import { StatusError } from '../../api/errors.js';
import { MAX_NESTING, parseJson, parseYaml } from './body.js';

const nested = (depth: number, open = '[', close = ']') => Buffer.from(open.repeat(depth) + close.repeat(depth));

it('refuses JSON nested deeper than MAX_NESTING, including the shortest such text, and accepts MAX_NESTING levels', () => {
  const tooDeep = (e: unknown) => e instanceof StatusError && e.code === 400 && /nests deeper than 1000 levels/.test(e.message);
  // The shortest text that nests too deep: MAX_NESTING + 1 brackets each way.
  assert.equal(nested(MAX_NESTING + 1).length, 2 * MAX_NESTING + 2);
  assert.throws(() => parseJson(nested(MAX_NESTING + 1)), tooDeep);
  assert.throws(() => parseJson(Buffer.from('{"a":'.repeat(MAX_NESTING + 1) + '1' + '}'.repeat(MAX_NESTING + 1))), tooDeep);
  assert.throws(() => parseJson(Buffer.from(`{"k":${'['.repeat(MAX_NESTING)}${']'.repeat(MAX_NESTING)}}`)), tooDeep);
  assert.equal((parseJson(nested(MAX_NESTING)) as unknown[]).length, 1);
  assert.deepEqual(parseJson(Buffer.from('{"a":{"b":[1,{"c":2}]}}')), { a: { b: [1, { c: 2 }] } });
});

it('replaces lone surrogates from JSON and YAML escapes with U+FFFD in strings and keys, as Go decodes them', async () => {
  assert.deepEqual(parseJson(Buffer.from('{"metadata":{"name":"a\\ud800b","labels":{"k\\udfff":"v"}},"l":["\\uDBFF",1]}')), {
    metadata: { name: 'a\ufffdb', labels: { 'k\ufffd': 'v' } },
    l: ['\ufffd', 1],
  });
  // A well-formed pair stays the character it encodes.
  assert.deepEqual(parseJson(Buffer.from('{"s":"\\ud83d\\ude00"}')), { s: '\u{1F600}' });
  assert.deepEqual(await parseYaml(Buffer.from('name: "x\\ud800"\nlist: ["\\uDC00"]\n')), { name: 'x\ufffd', list: ['\ufffd'] });
});
