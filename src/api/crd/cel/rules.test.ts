import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compileProblem, SchemaRules } from './rules.js';

type Obj = Record<string, unknown>;

/** The error details of one rule on spec, for `spec`. */
function check(rule: string, spec: Obj, specSchema: Obj = { type: 'object', 'x-kubernetes-preserve-unknown-fields': true }): string[] {
  const schema = { type: 'object', properties: { spec: { ...specSchema, 'x-kubernetes-validations': [{ rule }] } } };
  return new SchemaRules(schema).validate({ apiVersion: 'x/v1', kind: 'X', metadata: { name: 'n' }, spec }, undefined).map((e) => `${e.field}: ${e.detail}`);
}

test('the Kubernetes list functions', () => {
  const spec = { a: [1, 2, 3], s: ['b', 'a'], f: [1.5, 2.5] };
  for (const rule of ['self.a.isSorted()', '!self.s.isSorted()', 'self.a.sum() == 6', 'self.f.sum() == 4.0', 'self.a.min() == 1', 'self.s.max() == "b"', 'self.a.indexOf(2) == 1', 'self.a.lastIndexOf(9) == -1', '[].sum() == 0']) {
    assert.deepEqual(check(rule, spec), [], rule);
  }
  assert.deepEqual(check('[].min() == 0', spec), ['spec: min(list) called on empty list evaluating rule: [].min() == 0']);
});

test('the Kubernetes regex functions', () => {
  const spec = { v: 'abc 123 def 45' };
  for (const rule of ["self.v.find('[0-9]+') == '123'", "self.v.find('z') == ''", "self.v.findAll('[0-9]+') == ['123', '45']", "self.v.findAll('[a-z]+', 2) == ['abc', 'def']"]) {
    assert.deepEqual(check(rule, spec), [], rule);
  }
});

test('integers are CEL ints and numbers doubles, as the schema types them', () => {
  const schema = { type: 'object', properties: { i: { type: 'integer' }, n: { type: 'number' } } };
  assert.deepEqual(check('self.i == 2 && self.n == 2.0 && type(self.i) == int && type(self.n) == double', { i: 2, n: 2 }, schema), []);
  // Open values are typed by what they hold.
  assert.deepEqual(check('type(self.x) == int && type(self.y) == double', { x: 1, y: 1.5 }), []);
});

test('an absent field is upstream\'s "no such key"', () => {
  assert.deepEqual(check('self.missing > 1', {}), ['spec: no such key: missing evaluating rule: self.missing > 1']);
});

test('compile problems name the position', () => {
  assert.equal(compileProblem('self.x'), undefined);
  assert.match(compileProblem('self.x ==')!, /^compilation failed: ERROR: <input>:1:\d+: Syntax error: /);
  // The column is where the parser puts the call (cel-go may point elsewhere in the call).
  assert.equal(compileProblem('self.x.nope()'), "compilation failed: ERROR: <input>:1:7: undeclared reference to 'nope' (in container '')\n | self.x.nope()\n | ......^");
  // Only self and oldSelf are declared; comprehension variables are in scope inside their macro only.
  assert.equal(compileProblem('other.x > 1'), "compilation failed: ERROR: <input>:1:1: undeclared reference to 'other' (in container '')\n | other.x > 1\n | ^");
  assert.equal(compileProblem('self.l.all(x, x > 1) && type(self.x) == string'), undefined);
  assert.match(compileProblem('self.l.all(x, x > 1) && x > 1')!, /undeclared reference to 'x'/);
});

test('fuzz: mutated rules and values never throw, they compile to a problem or give field errors', () => {
  let seed = 7;
  const rand = (n: number) => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed % n;
  };
  const seeds = ["self.a.all(x, x > 1) && has(self.b)", "self.s.matches('^[a-z]+$') || self.s.find('x') == ''", "self.m.exists(k, self.m[k] == 'v')", "size(self.l) < 3 ? self.l.sum() : self.l.max()", "oldSelf.a == self.a"];
  const chars = "().,[]{}'\"!&|<>=+-*/%?: abcxyz019_\\";
  const values = [{ a: [1, 2], b: 'x', s: 'abc', m: { k: 'v' }, l: [1, 2, 3] }, { a: 'str', s: 5, m: [1], l: [] }, {}, { a: [[1]], l: ['a', 1] }];
  for (let i = 0; i < 400; i++) {
    let rule = seeds[rand(seeds.length)]!;
    for (let j = rand(4); j > 0; j--) {
      const at = rand(rule.length + 1);
      rule = rand(2) ? rule.slice(0, at) + chars[rand(chars.length)] + rule.slice(at) : rule.slice(0, at) + rule.slice(at + 1);
    }
    const problem = compileProblem(rule);
    assert.ok(problem === undefined || problem.startsWith('compilation failed: ERROR: <input>:'), `${rule}: ${problem}`);
    const schema = { type: 'object', properties: { spec: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true, 'x-kubernetes-validations': [{ rule, messageExpression: rule }] } } };
    const spec = values[rand(values.length)]!;
    const errs = new SchemaRules(schema).validate({ metadata: { name: 'n' }, spec }, rand(2) ? { metadata: { name: 'n' }, spec: values[rand(values.length)] } : undefined);
    assert.ok(Array.isArray(errs));
    for (const e of errs) assert.equal(typeof e.field, 'string');
  }
});
