import { test } from 'node:test';
import assert from 'node:assert/strict';
import { newBadRequest, StatusError } from '../errors.js';
import {
  escapeFieldValue,
  everythingFields,
  fieldSelectorFromSet,
  oneTermEqualSelector,
  parseFieldSelector,
  unescapeFieldValue,
} from './fields.js';
import { seededRandom } from '../testing/seeded-random.js';

function parseError(s: string): string {
  try {
    parseFieldSelector(s);
  } catch (e) {
    assert.ok(e instanceof StatusError);
    assert.equal(e.code, 400);
    assert.equal(e.reason, 'BadRequest');
    return e.message;
  }
  assert.fail(`expected ${JSON.stringify(s)} to fail`);
}

test('parse and print', () => {
  const cases: [string, string][] = [
    ['', ''],
    [',', ''],
    ['a=b', 'a=b'],
    ['a==b', 'a=b'],
    ['a!=b', 'a!=b'],
    ['a=', 'a='],
    ['=b', '=b'],
    ['b=1,a=2', 'a=2,b=1'],
    ['metadata.name=x,,status.phase!=Running', 'metadata.name=x,status.phase!=Running'],
    ['a=b\\,c', 'a=b\\,c'],
    ['a=b\\=c', 'a=b\\=c'],
    ['a=b\\\\c', 'a=b\\\\c'],
    ['a =  b', 'a =  b'], // nothing is trimmed
  ];
  for (const [input, printed] of cases) {
    const sel = parseFieldSelector(input);
    assert.equal(sel.toString(), printed, input);
    assert.equal(parseFieldSelector(printed).toString(), printed, input);
  }
  assert.deepEqual(parseFieldSelector('a =  b').requirements, [{ field: 'a ', operator: '=', value: '  b' }]);
});

test('requirements, values unescaped', () => {
  assert.deepEqual(parseFieldSelector('spec.nodeName=n1,metadata.name!=x\\,y,a==z\\=\\\\').requirements, [
    { field: 'a', operator: '=', value: 'z=\\' },
    { field: 'metadata.name', operator: '!=', value: 'x,y' },
    { field: 'spec.nodeName', operator: '=', value: 'n1' },
  ]);
});

test('matching', () => {
  const m = (s: string, f: Record<string, string>) => parseFieldSelector(s).matches(f);
  assert.ok(m('', {}));
  assert.ok(m('a=b', { a: 'b' }));
  assert.ok(!m('a=b', { a: 'c' }));
  assert.ok(!m('a=b', {}));
  assert.ok(m('a=', {})); // a missing field reads as ""
  assert.ok(m('a!=b', {}));
  assert.ok(!m('a!=b', { a: 'b' }));
  assert.ok(m('a=b,c!=d', { a: 'b', c: 'e' }));
  assert.ok(!m('a=b,c!=d', { a: 'b', c: 'd' }));
  assert.ok(m('a=x\\,y', { a: 'x,y' }));
  assert.ok(m('constructor=', {}));
});

test('requiresExactMatch and empty', () => {
  const sel = parseFieldSelector('metadata.name=foo,spec.nodeName!=n1');
  assert.equal(sel.requiresExactMatch('metadata.name'), 'foo');
  assert.equal(sel.requiresExactMatch('spec.nodeName'), undefined);
  assert.equal(sel.requiresExactMatch('x'), undefined);
  assert.equal(parseFieldSelector('metadata.name==a\\,b').requiresExactMatch('metadata.name'), 'a,b');
  assert.ok(parseFieldSelector('').empty());
  assert.ok(!sel.empty());
  assert.ok(everythingFields().empty());
  assert.equal(oneTermEqualSelector('a', 'x,y').toString(), 'a=x\\,y');
  assert.equal(fieldSelectorFromSet({ a: '1' }).requiresExactMatch('a'), '1');
  assert.ok(fieldSelectorFromSet(undefined).empty());
});

test('errors carry upstream messages', () => {
  assert.equal(parseError('foo'), "invalid selector: 'foo'; can't understand 'foo'");
  assert.equal(parseError('a=b,foo'), "invalid selector: 'a=b,foo'; can't understand 'foo'");
  assert.equal(parseError('a=b=c'), 'invalid field selector: unescaped character in value: 61');
  assert.equal(parseError('a!=b=c'), 'invalid field selector: unescaped character in value: 61');
  assert.equal(parseError('a=b\\x'), 'invalid field selector: invalid escape sequence: \\x');
  assert.equal(parseError('a=b\\'), 'invalid field selector: invalid escape sequence: \\');
  assert.equal(parseError('a=\\😀'), 'invalid field selector: invalid escape sequence: \\😀');
  // Terms are checked in sorted order.
  assert.equal(parseError('z,y'), "invalid selector: 'z,y'; can't understand 'y'");
});

test('escape and unescape', () => {
  for (const v of ['', 'a', 'a,b', 'a=b', 'a\\b', '\\,=', 'x==y,,z']) assert.equal(unescapeFieldValue(escapeFieldValue(v)), v);
  assert.equal(escapeFieldValue('a\\b,c=d'), 'a\\\\b\\,c\\=d');
});

test('transform rewrites terms and propagates errors', () => {
  const sel = parseFieldSelector('name=x,spec.host=h');
  const t = sel.transform((f, v) => [f === 'name' ? 'metadata.name' : f, v.toUpperCase()]);
  assert.equal(t.toString(), 'metadata.name=X,spec.host=H');
  assert.throws(
    () =>
      sel.transform((f) => {
        throw newBadRequest(`field label not supported: ${f}`);
      }),
    (e: unknown) => e instanceof StatusError && e.message === 'field label not supported: name',
  );
});

test('fuzz: only StatusError 400, and printed selectors re-parse to themselves', () => {
  const rand = seededRandom(42);
  const pieces = ['a', 'b', 'metadata.name', '=', '==', '!=', '!', ',', '\\', ' ', 'x', '\u0000', 'é', '😀', '%'];
  const start = Date.now();
  let ok = 0;
  for (let i = 0; i < 5000; i++) {
    let s = '';
    const n = Math.floor(rand() * 12);
    for (let j = 0; j < n; j++) s += pieces[Math.floor(rand() * pieces.length)];
    let sel;
    try {
      sel = parseFieldSelector(s);
    } catch (e) {
      assert.ok(e instanceof StatusError, `non-StatusError for ${JSON.stringify(s)}: ${String(e)}`);
      assert.equal(e.code, 400);
      continue;
    }
    ok++;
    const printed = sel.toString();
    const again = parseFieldSelector(printed);
    assert.equal(again.toString(), printed, JSON.stringify(s));
    assert.deepEqual(again.requirements, sel.requirements, JSON.stringify(s));
    sel.matches({ a: 'b', 'metadata.name': 'x' });
  }
  assert.ok(ok > 100, `only ${ok} valid selectors generated`);
  const long = Array.from({ length: 20000 }, (_, i) => `f${i}=v\\,${i}`).join(',');
  assert.equal(parseFieldSelector(long).requirements.length, 20000);
  assert.ok(Date.now() - start < 10000);
});
