import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  QUANTITY_FORMAT_ERROR,
  QUANTITY_NUMERIC_ERROR,
  QUANTITY_SUFFIX_ERROR,
  goBase64Error,
  goBase64ErrorOffset,
  goQuantityError,
  goTimeParseError,
  goTimeQuote,
} from './go-compat.js';

const L = '"2006-01-02T15:04:05Z07:00"';
const LM = '"2006-01-02T15:04:05.000000Z07:00"';

test('RFC3339 times accepted as Go time.Parse accepts them', () => {
  for (const s of [
    '2024-01-02T03:04:05Z',
    '2024-01-02T03:04:05.123456789+01:00',
    '2024-01-02T03:04:05,5Z', // comma fraction
    '2024-01-02T3:04:05Z', // one-digit hour
    '2024-02-29T00:00:00-23:59',
    '2000-02-29T23:59:59Z',
    '0000-01-01T00:00:00+24:00',
  ]) {
    assert.equal(goTimeParseError(s), null, s);
  }
});

test('RFC3339 parse errors carry Go text', () => {
  const cases: [string, string][] = [
    ['yesterday', `parsing time "yesterday" as ${L}: cannot parse "yesterday" as "2006"`],
    ['', `parsing time "" as ${L}: cannot parse "" as "2006"`],
    ['2024-13-01T00:00:00Z', 'parsing time "2024-13-01T00:00:00Z": month out of range'],
    ['2024-02-30T00:00:00Z', 'parsing time "2024-02-30T00:00:00Z": day out of range'],
    ['2023-02-29T00:00:00Z', 'parsing time "2023-02-29T00:00:00Z": day out of range'],
    ['2024-01-01', `parsing time "2024-01-01" as ${L}: cannot parse "" as "T"`],
    ['2024-01-01 00:00:00Z', `parsing time "2024-01-01 00:00:00Z" as ${L}: cannot parse " 00:00:00Z" as "T"`],
    ['2024-01-01T00:00:00', `parsing time "2024-01-01T00:00:00" as ${L}: cannot parse "" as "Z07:00"`],
    ['2024-01-01T00:00:00+0100', `parsing time "2024-01-01T00:00:00+0100" as ${L}: cannot parse "+0100" as "Z07:00"`],
    ['2024-01-01T24:00:00Z', 'parsing time "2024-01-01T24:00:00Z": hour out of range'],
    ['2024-01-01T00:60:00Z', 'parsing time "2024-01-01T00:60:00Z": minute out of range'],
    ['2024-01-01T00:00:61Z', 'parsing time "2024-01-01T00:00:61Z": second out of range'],
    ['2024-01-01T00:00:00+25:00', 'parsing time "2024-01-01T00:00:00+25:00": time zone offset hour out of range'],
    ['2024-01-01T00:00:00Zjunk', 'parsing time "2024-01-01T00:00:00Zjunk": extra text: "junk"'],
    ['2024-1-01T00:00:00Z', `parsing time "2024-1-01T00:00:00Z" as ${L}: cannot parse "1-01T00:00:00Z" as "01"`],
    ['2024-01-01t00:00:00Z', `parsing time "2024-01-01t00:00:00Z" as ${L}: cannot parse "t00:00:00Z" as "T"`],
    ['24-01-01T00:00:00Z', `parsing time "24-01-01T00:00:00Z" as ${L}: cannot parse "24-01-01T00:00:00Z" as "2006"`],
    ['2024-01-01T00:00:00*01:00', `parsing time "2024-01-01T00:00:00*01:00" as ${L}: cannot parse "*01:00" as "Z07:00"`],
    ['2024-01-01T00:00:00.-5Z', `parsing time "2024-01-01T00:00:00.-5Z" as ${L}: cannot parse ".-5Z" as "Z07:00"`],
    ['2024-01-01T00:00:00Z\u00e9', 'parsing time "2024-01-01T00:00:00Z\\xc3\\xa9": extra text: "\\xc3\\xa9"'],
  ];
  for (const [s, want] of cases) assert.equal(goTimeParseError(s), want, s);
});

test('RFC3339Micro (MicroTime) needs exactly six fraction digits', () => {
  assert.equal(goTimeParseError('2024-01-02T03:04:05.123456Z', true), null);
  assert.equal(goTimeParseError('2024-01-02T03:04:05.123456+02:00', true), null);
  assert.equal(
    goTimeParseError('2024-01-02T03:04:05Z', true),
    `parsing time "2024-01-02T03:04:05Z" as ${LM}: cannot parse "Z" as ".000000"`,
  );
  assert.equal(
    goTimeParseError('2024-01-02T03:04:05.123Z', true),
    `parsing time "2024-01-02T03:04:05.123Z" as ${LM}: cannot parse ".123Z" as ".000000"`,
  );
  assert.equal(
    goTimeParseError('2024-01-02T03:04:05.1234567Z', true),
    `parsing time "2024-01-02T03:04:05.1234567Z" as ${LM}: cannot parse "7Z" as "Z07:00"`,
  );
});

test('Go time quoting', () => {
  assert.equal(goTimeQuote('a"b\\c'), '"a\\"b\\\\c"');
  assert.equal(goTimeQuote('\n\u00e9\u{1f600}'), '"\\x0a\\xc3\\xa9\\xf0\\x9f\\x98\\x80"');
});

test('quantities accepted by ParseQuantity', () => {
  for (const s of [
    '0', '1', '100m', '1.5', '.5', '1.', '1Gi', '128Mi', '2k', '1e3', '1E3', '1e-3', '1e+3', '+1', '-1',
    '-', '+', '.', '0.000', '1n', '1u', '1P', '1E', '1Ei', '12345678901234567890', '1.5Gi', '000123', '-0.5Ki',
  ]) {
    assert.equal(goQuantityError(s), null, s);
  }
});

test('quantity errors', () => {
  const cases: [string, string][] = [
    ['', QUANTITY_FORMAT_ERROR],
    ['abc', QUANTITY_FORMAT_ERROR],
    ['1x', QUANTITY_FORMAT_ERROR],
    ['1.5.5', QUANTITY_FORMAT_ERROR],
    ['1 Gi', QUANTITY_FORMAT_ERROR],
    ['1Gi ', QUANTITY_FORMAT_ERROR], // (the JSON decoder trims before parsing)
    ['1kk', QUANTITY_SUFFIX_ERROR],
    ['1e', QUANTITY_SUFFIX_ERROR],
    ['1Kii', QUANTITY_SUFFIX_ERROR],
    ['1ki', QUANTITY_SUFFIX_ERROR],
    ['1e99999999999999999999', QUANTITY_SUFFIX_ERROR],
    ['.e-10', QUANTITY_NUMERIC_ERROR],
    ['-Ei', QUANTITY_NUMERIC_ERROR],
  ];
  for (const [s, want] of cases) assert.equal(goQuantityError(s), want, s);
  assert.equal(
    QUANTITY_FORMAT_ERROR,
    "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'",
  );
});

test('base64 as Go StdEncoding decodes it', () => {
  for (const s of ['', 'aGk=', 'aGVsbG8=', 'aGVsbG8h', 'YQ==', 'aGVs\nbG8=', 'aGVs\r\nbG8h\n', 'YQ=\n=']) {
    assert.equal(goBase64ErrorOffset(s), -1, JSON.stringify(s));
  }
  const cases: [string, number][] = [
    ['abc', 0],
    ['a', 0],
    ['aGk', 0],
    ['aGVsbG8', 4],
    ['aGk=x', 4],
    ['YQ=', 3],
    ['YQ=x', 2],
    ['Y===', 1],
    ['=', 0],
    ['aGk*', 3],
    ['aGVsbG8-', 7],
    ['a b', 1],
    ['\u00e9abc', 0],
    ['ab\u00e9c', 2],
    ['abcd\u00e9', 4],
  ];
  for (const [s, off] of cases) assert.equal(goBase64ErrorOffset(s), off, JSON.stringify(s));
  assert.equal(goBase64Error('abc'), 'illegal base64 data at input byte 0');
  assert.equal(goBase64Error('aGk='), null);
});
