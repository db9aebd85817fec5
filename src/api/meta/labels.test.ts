import { test } from 'node:test';
import assert from 'node:assert/strict';
import { StatusError } from '../errors.js';
import { fieldErrorString } from '../field-errors.js';
import {
  everything,
  formatLabelSelector,
  labelSelectorFromObject,
  labelSelectorToString,
  nothing,
  parseLabelSelector,
  selectorFromSet,
  validateLabelSelector,
} from './labels.js';
import { seededRandom } from '../testing/seeded-random.js';

const NAME_PART_MSG =
  "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";
const LABEL_VALUE_MSG =
  "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";

function parseError(s: string): string {
  try {
    parseLabelSelector(s);
  } catch (e) {
    assert.ok(e instanceof StatusError);
    assert.equal(e.code, 400);
    assert.equal(e.reason, 'BadRequest');
    return e.message;
  }
  assert.fail(`expected ${JSON.stringify(s)} to fail`);
}

test('valid selectors parse and print as upstream does', () => {
  const cases: [string, string][] = [
    ['', ''],
    ['x=a', 'x=a'],
    ['x==a', 'x==a'],
    ['x!=a', 'x!=a'],
    ['x=', 'x='],
    ['x', 'x'],
    ['!x', '!x'],
    ['  x  ', 'x'],
    ['x=a,y=b', 'x=a,y=b'],
    ['y=b,x=a', 'x=a,y=b'],
    ['x in (b,a)', 'x in (a,b)'],
    ['x notin (b,a,b)', 'x notin (a,b)'],
    ['x in (foo,,baz),y,z notin ()', 'x in (,baz,foo),y,z notin ()'],
    ['x in (,)', 'x in ()'],
    ['x in (a,)', 'x in (,a)'],
    ['x>1', 'x>1'],
    ['x<1', 'x<1'],
    ['x > 1,y < 0', 'x>1,y<0'],
    ['a.b/c=d', 'a.b/c=d'],
    ['in in (in, notin)', 'in in (in,notin)'],
    ['x=in', 'x=in'],
    ['\tx\r\n=\na', 'x=a'],
    ['!a,b', '!a,b'],
  ];
  for (const [input, printed] of cases) {
    const sel = parseLabelSelector(input);
    assert.equal(sel.toString(), printed, input);
    // The printed form parses back to itself.
    assert.equal(parseLabelSelector(sel.toString()).toString(), printed, input);
  }
});

test('empty selector matches everything', () => {
  const sel = parseLabelSelector('');
  assert.ok(sel.empty());
  assert.ok(sel.selectable);
  assert.ok(sel.matches(undefined));
  assert.ok(sel.matches({ a: 'b' }));
  assert.deepEqual(sel.requirements, []);
});

test('matching', () => {
  const m = (s: string, labels: Record<string, string> | undefined) => parseLabelSelector(s).matches(labels);
  assert.ok(m('x=y', { x: 'y' }));
  assert.ok(!m('x=y', { x: 'z' }));
  assert.ok(!m('x=y', {}));
  assert.ok(m('x==y', { x: 'y' }));
  assert.ok(m('x!=y', { x: 'z' }));
  assert.ok(m('x!=y', {}));
  assert.ok(!m('x!=y', { x: 'y' }));
  assert.ok(m('x', { x: '' }));
  assert.ok(!m('x', { y: '' }));
  assert.ok(m('!x', { y: '' }));
  assert.ok(!m('!x', { x: '' }));
  assert.ok(m('x in (a,b)', { x: 'b' }));
  assert.ok(!m('x in (a,b)', { x: 'c' }));
  assert.ok(!m('x in (a,b)', {}));
  assert.ok(m('x notin (a,b)', {}));
  assert.ok(m('x notin (a,b)', { x: 'c' }));
  assert.ok(!m('x notin (a,b)', { x: 'a' }));
  assert.ok(m('x in ()', { x: '' }));
  assert.ok(m('x=', { x: '' }));
  assert.ok(m('x>5', { x: '6' }));
  assert.ok(!m('x>5', { x: '5' }));
  assert.ok(!m('x>5', { x: 'abc' }));
  assert.ok(!m('x>5', {}));
  assert.ok(m('x<5', { x: '-10' }));
  assert.ok(m('x>9223372036854775806', { x: '9223372036854775807' }));
  assert.ok(!m('x>1', { x: '9223372036854775808' })); // not an int64
  assert.ok(m('x=a,y=b', { x: 'a', y: 'b', z: 'c' }));
  assert.ok(!m('x=a,y=b', { x: 'a' }));
  // Prototype keys are not labels.
  assert.ok(!m('constructor', {}));
  assert.ok(m('!toString', {}));
  assert.ok(!m('x=y', undefined));
});

test('requirements and requiresExactMatch', () => {
  const sel = parseLabelSelector('b in (x),a=1,c notin (z),d==2,e in (p,q)');
  assert.deepEqual(
    sel.requirements.map((r) => [r.key, r.operator, [...r.values]]),
    [
      ['a', '=', ['1']],
      ['b', 'in', ['x']],
      ['c', 'notin', ['z']],
      ['d', '==', ['2']],
      ['e', 'in', ['p', 'q']],
    ],
  );
  assert.equal(sel.requiresExactMatch('a'), '1');
  assert.equal(sel.requiresExactMatch('b'), 'x');
  assert.equal(sel.requiresExactMatch('c'), undefined);
  assert.equal(sel.requiresExactMatch('d'), '2');
  assert.equal(sel.requiresExactMatch('e'), undefined);
  assert.equal(sel.requiresExactMatch('zz'), undefined);
});

test('parse errors carry upstream messages', () => {
  const cases: [string, string][] = [
    ['a b', "unable to parse requirement: found 'b', expected: in, notin, =, ==, !=, gt, lt"],
    ['x=a,', "found '', expected: identifier after ','"],
    [',x=a', "found ',', expected: !, identifier, or 'end of string'"],
    ['x=a b', "found 'b', expected: ',' or 'end of string'"],
    ['x=a||y=b', `unable to parse requirement: values[0][x]: Invalid value: "a||y": ${LABEL_VALUE_MSG}`],
    ['x in (a', "unable to parse requirement: found '', expected: ',' or ')'"],
    ['x in a', "unable to parse requirement: found 'a' expected: '('"],
    ['x in (a b)', "unable to parse requirement: found 'b', expected: ',' or ')'"],
    ['x in (=)', "unable to parse requirement: found '=', expected: ',', ')' or identifier"],
    ['x in (a,=)', "unable to parse requirement: found '=', expected: ',', or identifier"],
    ['x==(', "unable to parse requirement: found '(', expected: identifier"],
    ['!x=a', "found '=', expected: ',' or 'end of string'"],
    ['!', "unable to parse requirement: found '', expected: identifier"],
    ['x>a', `unable to parse requirement: values[0]: Invalid value: "a": for 'Gt', 'Lt' operators, the value must be an integer`],
    ['x>', `unable to parse requirement: values[0]: Invalid value: "": for 'Gt', 'Lt' operators, the value must be an integer`],
    [
      'x>a@',
      `unable to parse requirement: [values[0]: Invalid value: "a@": for 'Gt', 'Lt' operators, the value must be an integer, values[0][x]: Invalid value: "a@": ${LABEL_VALUE_MSG}]`,
    ],
    ['app:monolith', `unable to parse requirement: <nil>: Invalid value: "app:monolith": ${NAME_PART_MSG}`],
    ['*bar', `unable to parse requirement: <nil>: Invalid value: "*bar": ${NAME_PART_MSG}`],
    [
      'a/b/c ?=? def',
      `unable to parse requirement: <nil>: Invalid value: "a/b/c": a qualified name must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')`,
    ],
    [`${'k'.repeat(64)}=v`, `unable to parse requirement: <nil>: Invalid value: "${'k'.repeat(64)}": name part must be no more than 63 characters`],
    ['/a', `unable to parse requirement: <nil>: Invalid value: "/a": prefix part must be non-empty`],
    [`x=${'v'.repeat(64)}`, `unable to parse requirement: values[0][x]: Invalid value: "${'v'.repeat(64)}": must be no more than 63 characters`],
    ['x=a\u0007', `unable to parse requirement: values[0][x]: Invalid value: "a\\a": ${LABEL_VALUE_MSG}`],
  ];
  for (const [input, msg] of cases) assert.equal(parseError(input), msg, input);
});

test('a NUL character ends the token or the input, as in the upstream byte lexer', () => {
  assert.equal(parseError('a=b\u0000zzz'), "found 'zzz', expected: ',' or 'end of string'");
  assert.equal(parseLabelSelector('a=b \u0000zzz').toString(), 'a=b');
  assert.equal(parseError('ab\u0000cd'), "unable to parse requirement: found 'cd', expected: in, notin, =, ==, !=, gt, lt");
});

test('selectorFromSet, everything, nothing', () => {
  const s = selectorFromSet({ b: '2', a: '1' });
  assert.equal(s.toString(), 'a=1,b=2');
  assert.ok(s.matches({ a: '1', b: '2' }));
  assert.ok(!s.matches({ a: '1' }));
  assert.equal(s.requiresExactMatch('b'), '2');
  assert.ok(selectorFromSet({}).empty());
  assert.ok(selectorFromSet(undefined).empty());
  assert.ok(everything().matches({}));
  assert.ok(!nothing().matches({}));
  assert.ok(!nothing().empty());
  assert.ok(!nothing().selectable);
});

test('labelSelectorFromObject', () => {
  const sel = labelSelectorFromObject({
    matchLabels: { tier: 'x', app: 'web' },
    matchExpressions: [
      { key: 'env', operator: 'In', values: ['prod', 'dev'] },
      { key: 'gone', operator: 'DoesNotExist' },
      { key: 'here', operator: 'Exists' },
      { key: 'zone', operator: 'NotIn', values: ['b'] },
    ],
  });
  assert.equal(sel.toString(), 'app=web,env in (dev,prod),!gone,here,tier=x,zone notin (b)');
  assert.ok(sel.matches({ app: 'web', tier: 'x', env: 'dev', here: '' }));
  assert.ok(!sel.matches({ app: 'web', tier: 'x', env: 'dev', here: '', gone: '1' }));
  assert.ok(!sel.matches({ app: 'web', tier: 'x', env: 'dev', here: '', zone: 'b' }));
  assert.equal(sel.requiresExactMatch('app'), 'web');

  assert.ok(labelSelectorFromObject({}).empty());
  assert.ok(labelSelectorFromObject({}).matches({ a: 'b' }));
  assert.ok(labelSelectorFromObject({ matchLabels: {}, matchExpressions: [] }).empty());
  assert.ok(!labelSelectorFromObject(null).matches({}));
  assert.ok(!labelSelectorFromObject(undefined).matches({}));

  assert.equal(labelSelectorToString({ matchLabels: { app: 'x' }, matchExpressions: [{ key: 'tier', operator: 'In', values: ['b', 'a'] }] }), 'app=x,tier in (a,b)');
  assert.equal(formatLabelSelector({}), '<none>');
  assert.equal(formatLabelSelector({ matchExpressions: [{ key: 'a', operator: 'Bogus' }] }), '<error>');
  assert.equal(formatLabelSelector({ matchLabels: { a: 'b' } }), 'a=b');

  const err = (o: Parameters<typeof labelSelectorFromObject>[0]) => {
    try {
      labelSelectorFromObject(o);
    } catch (e) {
      assert.ok(e instanceof StatusError);
      return e.message;
    }
    assert.fail('expected an error');
  };
  assert.equal(err({ matchExpressions: [{ key: 'a', operator: 'Bogus' }] }), '"Bogus" is not a valid label selector operator');
  assert.equal(err({ matchExpressions: [{ key: 'a', operator: 'In', values: [] }] }), "values: Invalid value: []string(nil): for 'in', 'notin' operators, values set can't be empty");
  assert.equal(err({ matchExpressions: [{ key: 'a', operator: 'Exists', values: ['x'] }] }), 'values: Invalid value: []string{"x"}: values set must be empty for exists and does not exist');
  assert.equal(err({ matchLabels: { 'bad key': 'ok' } }), `key: Invalid value: "bad key": ${NAME_PART_MSG}`);
  assert.equal(err({ matchLabels: { k: '_' } }), `values[0][k]: Invalid value: "_": ${LABEL_VALUE_MSG}`);
});

test('validateLabelSelector', () => {
  const msgs = (sel: Parameters<typeof validateLabelSelector>[0], opts?: Parameters<typeof validateLabelSelector>[2]) =>
    validateLabelSelector(sel, 'spec.selector', opts).map(fieldErrorString);
  assert.deepEqual(msgs(null), []);
  assert.deepEqual(msgs({ matchLabels: { app: 'x' }, matchExpressions: [{ key: 'a', operator: 'In', values: ['b'] }] }), []);
  assert.deepEqual(msgs({ matchExpressions: [{ key: 'a', operator: 'In' }] }), [
    "spec.selector.matchExpressions[0].values: Required value: must be specified when `operator` is 'In' or 'NotIn'",
  ]);
  assert.deepEqual(msgs({ matchExpressions: [{ key: 'a', operator: 'Exists', values: ['x'] }] }), [
    "spec.selector.matchExpressions[0].values: Forbidden: may not be specified when `operator` is 'Exists' or 'DoesNotExist'",
  ]);
  assert.deepEqual(msgs({ matchExpressions: [{ key: 'bad key', operator: 'Equals', values: ['-x'] }] }), [
    'spec.selector.matchExpressions[0].operator: Invalid value: "Equals": not a valid selector operator',
    `spec.selector.matchExpressions[0].key: Invalid value: "bad key": ${NAME_PART_MSG}`,
    `spec.selector.matchExpressions[0].values[0]: Invalid value: "-x": ${LABEL_VALUE_MSG}`,
  ]);
  assert.deepEqual(msgs({ matchExpressions: [{ key: 'k', operator: 'In', values: ['-x'] }] }, { allowInvalidLabelValueInSelector: true }), []);
  assert.deepEqual(msgs({ matchLabels: { 'bad key': '_' } }), [
    `spec.selector.matchLabels: Invalid value: "bad key": ${NAME_PART_MSG}`,
    `spec.selector.matchLabels: Invalid value: "_": ${LABEL_VALUE_MSG}`,
  ]);
});

test('fuzz: parse only ever throws StatusError 400, and printed selectors re-parse to themselves', () => {
  const rand = seededRandom(0x5eed);
  const pieces = ['a', 'b', 'x', 'app', 'k8s.io/', 'in', 'notin', '=', '==', '!=', '!', '(', ')', ',', '>', '<', ' ', '\t', '\n', '-', '_', '.', '/', '1', '9', '\u0000', 'é', '😀', '@', '\\', '"'];
  const start = Date.now();
  let ok = 0;
  for (let i = 0; i < 5000; i++) {
    let s = '';
    const n = Math.floor(rand() * 14);
    for (let j = 0; j < n; j++) s += pieces[Math.floor(rand() * pieces.length)];
    let sel;
    try {
      sel = parseLabelSelector(s);
    } catch (e) {
      assert.ok(e instanceof StatusError, `non-StatusError for ${JSON.stringify(s)}: ${String(e)}`);
      assert.equal(e.code, 400);
      continue;
    }
    ok++;
    const printed = sel.toString();
    assert.equal(parseLabelSelector(printed).toString(), printed, JSON.stringify(s));
    sel.matches({ a: 'b', x: '1', app: '' });
  }
  assert.ok(ok > 100, `only ${ok} valid selectors generated`);
  // Long input is handled in linear time.
  const long = Array.from({ length: 20000 }, (_, i) => `k${i}=v${i}`).join(',');
  assert.equal(parseLabelSelector(long).requirements.length, 20000);
  assert.ok(Date.now() - start < 10000);
});
