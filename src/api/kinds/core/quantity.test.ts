import assert from 'node:assert/strict';
import { test } from 'node:test';
import { addQuantity, canonicalQuantity, compareQuantity, formatQuantity, parseQuantity, roundUpQuantity, scaledValue } from './quantity.js';

const q = (s: string | number) => {
  const v = parseQuantity(s);
  assert.ok(v, `parses ${s}`);
  return v;
};

test('canonical text as resource.Quantity.String prints it', () => {
  const cases: Array<[string | number, string]> = [
    ['1000m', '1'],
    ['1', '1'],
    ['1.5', '1500m'],
    ['0.5', '500m'],
    ['100m', '100m'],
    ['1000', '1k'],
    ['1500', '1500'],
    ['1024Ki', '1Mi'],
    ['1.5Ki', '1536'],
    ['0.5Ki', '512'],
    ['1Gi', '1Gi'],
    ['1536Mi', '1536Mi'],
    ['2048Mi', '2Gi'],
    ['1e3', '1e3'],
    ['1.5e3', '1500'],
    ['1E', '1E'],
    ['0', '0'],
    ['0Gi', '0'],
    ['-1', '-1'],
    ['-500m', '-500m'],
    ['100n', '100n'],
    ['0.0000000001', '1n'],
    [1, '1'],
    [0.1, '100m'],
    ['10M', '10M'],
    ['12e6', '12e6'],
  ];
  for (const [input, want] of cases) assert.equal(canonicalQuantity(input), want, String(input));
});

test('values that are not quantities', () => {
  for (const bad of ['', 'abc', '1Gb', '1..2', 'e3', true, null, {}]) assert.equal(parseQuantity(bad), undefined, String(bad));
});

test('exact comparison across formats', () => {
  assert.equal(compareQuantity(q('1'), q('1000m')), 0);
  assert.equal(compareQuantity(q('1Ki'), q('1024')), 0);
  assert.equal(compareQuantity(q('2'), q('1')), 1);
  assert.equal(compareQuantity(q('-1'), q('0')), -1);
  assert.equal(compareQuantity(q('1e100'), q('1E')), 1);
  assert.equal(compareQuantity(q('1m'), q('0.0011')), -1);
});

test('rounding up to milli units and scaled values', () => {
  assert.equal(formatQuantity(roundUpQuantity(q('100n'), -3)), '1m');
  assert.equal(formatQuantity(roundUpQuantity(q('1.0001'), -3)), '1001m');
  assert.equal(scaledValue(q('1500m'), -3), 1500n);
  assert.equal(scaledValue(q('1500m'), 0), 2n);
  assert.equal(scaledValue(q('-1500m'), 0), -2n);
});

test('addQuantity keeps exact values and the format', () => {
  assert.equal(formatQuantity(addQuantity(q('500m'), q('1'))), '1500m');
  assert.equal(formatQuantity(addQuantity(q('256Mi'), q('256Mi'))), '512Mi');
  assert.equal(formatQuantity(addQuantity(q('0'), q('1Gi'))), '1Gi');
});
