import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  compareStrings,
  goQuote,
  goStringSlice,
  isCIdentifier,
  isConfigMapKey,
  isDNS1035Label,
  isDNS1123Label,
  isDNS1123Subdomain,
  isEnvVarName,
  isHTTPHeaderName,
  isQualifiedName,
  isRelaxedEnvVarName,
  isValidGroupID,
  isValidIP,
  isValidIPv4Address,
  isValidIPv6Address,
  isValidLabelValue,
  isValidPercent,
  isValidPortName,
  isValidPortNum,
  isWildcardDNS1123Subdomain,
  nameIsDNS1035Label,
  nameIsDNSLabel,
  nameIsDNSSubdomain,
  regexError,
  utf8Length,
  validatePathSegmentName,
} from './names.js';

const SUBDOMAIN_MSG =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
const LABEL_MSG =
  "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";
const NAME_PART_MSG =
  "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";
const LABEL_VALUE_MSG =
  "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";

test('regexError keeps upstream double spaces between examples', () => {
  assert.equal(regexError('m', 'f'), "m (regex used for validation is 'f')");
  assert.equal(regexError('m', 'f', 'a', 'b'), "m (e.g. 'a',  or 'b', regex used for validation is 'f')");
});

test('isDNS1123Subdomain', () => {
  for (const ok of ['a', 'ab', 'a-b', 'a.b', '0', 'a.b.c-d.e', 'x'.repeat(253), `${'a'.repeat(63)}.${'b'.repeat(63)}`]) {
    assert.deepEqual(isDNS1123Subdomain(ok), [], ok);
  }
  for (const bad of ['', 'A', '-a', 'a-', 'a..b', '.a', 'a.', 'a_b', 'x.com^2', 'a.-b', 'BAD_NAME', 'ä']) {
    assert.deepEqual(isDNS1123Subdomain(bad), [SUBDOMAIN_MSG], bad);
  }
  assert.deepEqual(isDNS1123Subdomain('x'.repeat(254)), ['must be no more than 253 characters']);
  assert.deepEqual(isDNS1123Subdomain('X'.repeat(254)), ['must be no more than 253 characters', SUBDOMAIN_MSG]);
});

test('isDNS1123Label', () => {
  assert.deepEqual(isDNS1123Label('my-name'), []);
  assert.deepEqual(isDNS1123Label('a'.repeat(63)), []);
  assert.deepEqual(isDNS1123Label('a'.repeat(64)), ['must be no more than 63 characters']);
  assert.deepEqual(isDNS1123Label('a.b'), ['must not contain dots']);
  assert.deepEqual(isDNS1123Label('My'), [LABEL_MSG]);
  assert.deepEqual(isDNS1123Label(''), [LABEL_MSG]);
});

test('isDNS1035Label', () => {
  assert.deepEqual(isDNS1035Label('my-name'), []);
  assert.deepEqual(isDNS1035Label('1abc'), [
    "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')",
  ]);
  assert.equal(isDNS1035Label('a'.repeat(64)).length, 1);
});

test('isWildcardDNS1123Subdomain', () => {
  assert.deepEqual(isWildcardDNS1123Subdomain('*.example.com'), []);
  assert.equal(isWildcardDNS1123Subdomain('*.*.example.com').length, 1);
  assert.equal(isWildcardDNS1123Subdomain('example.com').length, 1);
  assert.equal(isWildcardDNS1123Subdomain('*').length, 1);
});

test('isQualifiedName', () => {
  for (const ok of ['simple', 'now-with-dashes', '1-starts-with-num', '1234', 'simple/simple', 'now-with-dashes/simple', 'a/b', 'k8s.io/app', 'MyName', 'my.name', '123-abc', 'a'.repeat(63)]) {
    assert.deepEqual(isQualifiedName(ok), [], ok);
  }
  assert.deepEqual(isQualifiedName('bad key'), [NAME_PART_MSG]);
  assert.deepEqual(isQualifiedName(''), ['name part must be non-empty', NAME_PART_MSG]);
  assert.deepEqual(isQualifiedName('a'.repeat(64)), ['name part must be no more than 63 characters']);
  assert.deepEqual(isQualifiedName('/a'), ['prefix part must be non-empty']);
  assert.deepEqual(isQualifiedName('Example.com/a'), [`prefix part ${SUBDOMAIN_MSG}`]);
  assert.deepEqual(isQualifiedName('a/'), ['name part must be non-empty', NAME_PART_MSG]);
  assert.deepEqual(isQualifiedName('a/b/c'), [
    "a qualified name must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')",
  ]);
});

test('isValidLabelValue', () => {
  for (const ok of ['', 'a', 'MyValue', 'my_value', '12345', 'a.b-c_d', 'x'.repeat(63)]) assert.deepEqual(isValidLabelValue(ok), [], ok);
  assert.deepEqual(isValidLabelValue('_'), [LABEL_VALUE_MSG]);
  assert.deepEqual(isValidLabelValue('-a'), [LABEL_VALUE_MSG]);
  assert.deepEqual(isValidLabelValue('x'.repeat(64)), ['must be no more than 63 characters']);
  // Lengths are UTF-8 bytes.
  assert.deepEqual(isValidLabelValue('é'.repeat(32)), ['must be no more than 63 characters', LABEL_VALUE_MSG]);
});

test('port names and numbers', () => {
  assert.deepEqual(isValidPortName('http'), []);
  assert.deepEqual(isValidPortName('h2c-1'), []);
  assert.deepEqual(isValidPortName('123'), ['must contain at least one letter (a-z)']);
  assert.deepEqual(isValidPortName('a--b'), ['must not contain consecutive hyphens']);
  assert.deepEqual(isValidPortName('-ab'), ['must not begin or end with a hyphen']);
  assert.deepEqual(isValidPortName('HTTP'), [
    'must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)',
    'must contain at least one letter (a-z)',
  ]);
  assert.deepEqual(isValidPortName('abcdefghijklmnop'), ['must be no more than 15 characters']);
  assert.deepEqual(isValidPortName(''), [
    'must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)',
    'must contain at least one letter (a-z)',
  ]);
  assert.deepEqual(isValidPortNum(80), []);
  assert.deepEqual(isValidPortNum(65535), []);
  assert.deepEqual(isValidPortNum(0), ['must be between 1 and 65535, inclusive']);
  assert.deepEqual(isValidPortNum(65536), ['must be between 1 and 65535, inclusive']);
  assert.deepEqual(isValidGroupID(-1), ['must be between 0 and 2147483647, inclusive']);
});

test('identifiers and keys', () => {
  assert.deepEqual(isCIdentifier('MY_NAME'), []);
  assert.deepEqual(isCIdentifier('1x'), [
    "a valid C identifier must start with alphabetic character or '_', followed by a string of alphanumeric characters or '_' (e.g. 'my_name',  or 'MY_NAME',  or 'MyName', regex used for validation is '[A-Za-z_][A-Za-z0-9_]*')",
  ]);
  assert.deepEqual(isEnvVarName('my.env-name'), []);
  assert.deepEqual(isEnvVarName('1X'), [
    "a valid environment variable name must consist of alphabetic characters, digits, '_', '-', or '.', and must not start with a digit (e.g. 'my.env-name',  or 'MY_ENV.NAME',  or 'MyEnvName1', regex used for validation is '[-._a-zA-Z][-._a-zA-Z0-9]*')",
  ]);
  assert.deepEqual(isEnvVarName('..'), ["must not be '..'"]);
  assert.deepEqual(isEnvVarName('..a'), ["must not start with '..'"]);
  assert.deepEqual(isRelaxedEnvVarName('1 X'), []);
  assert.deepEqual(isRelaxedEnvVarName('A=B'), ["a valid environment variable name must consist only of printable ASCII characters other than '='"]);
  assert.deepEqual(isRelaxedEnvVarName(''), ['environment variable name must be non-empty']);
  assert.deepEqual(isConfigMapKey('key.name'), []);
  assert.deepEqual(isConfigMapKey('.'), ["must not be '.'"]);
  assert.deepEqual(isConfigMapKey('a b'), [
    "a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')",
  ]);
  assert.deepEqual(isValidPercent('50%'), []);
  assert.equal(isValidPercent('50').length, 1);
  assert.deepEqual(isHTTPHeaderName('X-Header-Name'), []);
  assert.equal(isHTTPHeaderName('X Header').length, 1);
});

test('IP addresses', () => {
  for (const ok of ['1.2.3.4', '010.001.2.3', '::', '::1', '2001:db8::ffff', '1:2:3:4:5:6:7:8', '::ffff:1.2.3.4', '1::', 'fe80::1:2']) {
    assert.deepEqual(isValidIP(ok), [], ok);
  }
  for (const bad of ['', '1.2.3', '1.2.3.256', 'a.b.c.d', '1:2:3:4:5:6:7:8:9', '1::2::3', ':1', '1:', '::1%eth0', '1:2:3:4:5:6:7::8:9', '12345::']) {
    assert.deepEqual(isValidIP(bad), ['must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)'], bad);
  }
  assert.deepEqual(isValidIPv4Address('::1'), ['must be a valid IPv4 address']);
  assert.deepEqual(isValidIPv6Address('1.2.3.4'), ['must be a valid IPv6 address']);
});

test('name validators and generateName masking', () => {
  assert.deepEqual(nameIsDNSSubdomain('foo-', true), []);
  assert.deepEqual(nameIsDNSSubdomain('foo-', false), [SUBDOMAIN_MSG]);
  assert.deepEqual(nameIsDNSSubdomain('-', true), [SUBDOMAIN_MSG]);
  assert.deepEqual(nameIsDNSLabel('foo-', true), []);
  assert.deepEqual(nameIsDNS1035Label('a-', true), []);
  assert.deepEqual(validatePathSegmentName('..', false), ["may not be '..'"]);
  assert.deepEqual(validatePathSegmentName('..', true), []);
  assert.deepEqual(validatePathSegmentName('a/b%c', false), ["may not contain '/'", "may not contain '%'"]);
});

test('helpers: utf8Length, goQuote, compareStrings', () => {
  assert.equal(utf8Length('abc'), 3);
  assert.equal(utf8Length('é'), 2);
  assert.equal(utf8Length('€'), 3);
  assert.equal(utf8Length('😀'), 4);
  assert.equal(goQuote('a"b\\c'), '"a\\"b\\\\c"');
  assert.equal(goQuote('\n\t\x00\x7f'), '"\\n\\t\\x00\\x7f"');
  assert.equal(goQuote('é😀'), '"é😀"');
  assert.equal(goQuote('\u00a0\u200b'), '"\\u00a0\\u200b"');
  assert.equal(goStringSlice(null), '[]string(nil)');
  assert.equal(goStringSlice([]), '[]string{}');
  assert.equal(goStringSlice(['a', 'b']), '[]string{"a", "b"}');
  assert.ok(compareStrings('\uffff', '😀') < 0); // code point order, not UTF-16 order
  assert.ok(compareStrings('a', 'b') < 0);
  assert.equal(compareStrings('x', 'x'), 0);
});

test('validators run in linear time on long input', () => {
  const long = `${'a-'.repeat(200_000)}!`;
  const start = Date.now();
  for (const f of [isDNS1123Subdomain, isDNS1123Label, isQualifiedName, isValidLabelValue, isDNS1035Label, isCIdentifier, isEnvVarName]) {
    f(long);
  }
  assert.ok(Date.now() - start < 2000);
});
