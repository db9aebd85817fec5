import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compileGoRegexp } from './go-regexp.js';

const matches = (pattern: string, s: string): boolean => {
  const r = compileGoRegexp(pattern);
  assert.equal(r.error, undefined, `${pattern}: ${r.error}`);
  return r.re!.test(s);
};
const error = (pattern: string) => compileGoRegexp(pattern).error;

test('common CRD patterns', () => {
  const dns = '^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$';
  assert.ok(matches(dns, 'my.host-1'));
  assert.ok(!matches(dns, '-bad'));
  const quantity = '^(\\+|-)?(([0-9]+(\\.[0-9]*)?)|(\\.[0-9]+))(([KMGTPE]i)|[numkMGTPE]|([eE](\\+|-)?(([0-9]+(\\.[0-9]*)?)|(\\.[0-9]+))))?$';
  assert.ok(matches(quantity, '10Gi'));
  assert.ok(!matches(quantity, '10Gb'));
  assert.ok(matches('^[^\\s]+$', 'abc'));
  assert.ok(matches('^\\$\\{[A-Z_]+\\}$', '${HOME_DIR}'));
  assert.ok(matches('^[\\w.@-]+$', 'a.b@c-d_e'));
});

test('Go semantics: anchors, dot, ASCII classes', () => {
  assert.ok(!matches('^a$', 'a\n')); // $ is end of text without (?m)
  assert.ok(matches('(?m)^b$', 'a\nb\nc'));
  assert.ok(!matches('(?m)^b$', 'ab'));
  assert.ok(!matches('^.$', '\n'));
  assert.ok(matches('(?s)^.$', '\n'));
  assert.ok(matches('^.$', '\r')); // only \n is special in Go
  assert.ok(!matches('^\\s$', '\u00a0')); // \s is ASCII
  assert.ok(!matches('^\\d$', '٣'));
  assert.ok(matches('^\\pL+$', 'héllo'));
  assert.ok(matches('^\\p{Greek}+$', 'αβγ'));
  assert.ok(matches('^\\PL$', '1'));
  assert.ok(matches('^[[:alpha:][:digit:]]+$', 'ab12'));
  assert.ok(!matches('^[[:^alpha:]]+$', 'ab'));
  assert.ok(matches('\\Aabc\\z', 'abc'));
  assert.ok(matches('^\\Qa.b\\E$', 'a.b'));
  assert.ok(!matches('^\\Qa.b\\E$', 'axb'));
  assert.ok(matches('^\\x41\\x{42}\\103$', 'ABC'));
  assert.ok(matches('^a{,2}$', 'a{,2}')); // not a repeat: literal
  assert.ok(matches('^[]a]+$', ']a'));
  assert.ok(matches('^a\\-b\\:c\\#$', 'a-b:c#'));
  assert.ok(matches('^a+?b*?c??$', 'aac'));
});

test('flags', () => {
  assert.ok(matches('(?i)^abc$', 'ABC'));
  assert.ok(matches('^a(?i)bc$', 'aBC'));
  assert.ok(!matches('^a(?i)bc$', 'ABC'));
  assert.ok(matches('^a(?i:b)c$', 'aBc'));
  assert.ok(!matches('^a(?i:b)c$', 'aBC'));
  assert.ok(matches('(?i)^a(?-i)b$', 'Ab'));
  assert.ok(!matches('(?i)^a(?-i)b$', 'AB'));
  assert.ok(matches('(?i)^[a-c]+$', 'ABC'));
  assert.ok(matches('^(?i:[a-c]+)$', 'AbC'));
});

test("patterns Go rejects, with Go's messages", () => {
  assert.equal(error('(?=a)'), 'error parsing regexp: invalid or unsupported Perl syntax: `(?=`');
  assert.equal(error('(?!a)'), 'error parsing regexp: invalid or unsupported Perl syntax: `(?!`');
  assert.equal(error('(a)\\1'), 'error parsing regexp: invalid escape sequence: `\\1`');
  assert.equal(error('a**'), 'error parsing regexp: invalid nested repetition operator: `**`');
  assert.equal(error('a++'), 'error parsing regexp: invalid nested repetition operator: `++`');
  assert.equal(error('*a'), 'error parsing regexp: missing argument to repetition operator: `*`');
  assert.equal(error('(a'), 'error parsing regexp: missing closing ): `(a`');
  assert.equal(error('a)'), 'error parsing regexp: unexpected ): `a)`');
  assert.equal(error('[a-'), 'error parsing regexp: missing closing ]: `[a-`');
  assert.equal(error('[z-a]'), 'error parsing regexp: invalid character class range: `z-a`');
  assert.equal(error('a{1001}'), 'error parsing regexp: invalid repeat count: `{1001}`');
  assert.equal(error('a{2,1}'), 'error parsing regexp: invalid repeat count: `{2,1}`');
  assert.equal(error('x\\'), 'error parsing regexp: trailing backslash at end of expression: ``');
  assert.equal(error('\\Z'), 'error parsing regexp: invalid escape sequence: `\\Z`');
  assert.equal(error('[[:foo:]]'), 'error parsing regexp: invalid character class range: `[:foo:]`');
  assert.equal(error('\\p{Klingon}'), 'error parsing regexp: invalid character class range: `\\p{Klingon}`');
});

test('never throws', () => {
  let seed = 7;
  const rnd = () => ((seed = (seed * 1103515245 + 12345) >>> 0), seed / 2 ** 32);
  const alphabet = ['a', 'b', '.', '*', '+', '?', '(', ')', '[', ']', '{', '}', '^', '$', '\\', '|', '-', ':', 'd', 'p', 'Q', 'E', 'x', '1', '0', ',', 'é', '?i', '(?', '[:'];
  for (let i = 0; i < 3000; i++) {
    let p = '';
    const n = Math.floor(rnd() * 12);
    for (let j = 0; j < n; j++) p += alphabet[Math.floor(rnd() * alphabet.length)];
    const r = compileGoRegexp(p);
    assert.ok((r.re instanceof RegExp) !== (typeof r.error === 'string'), p);
    if (r.re) r.re.test('ab.c(1)é');
  }
});
