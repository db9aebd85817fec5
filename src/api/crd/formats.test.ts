import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkFormat, effectiveFormat, goParseIP, isDuration, isEmail, isRequestURI } from './formats.js';

const ok = (format: string, ...values: string[]) => values.forEach((v) => assert.ok(checkFormat(format, v), `${format} should accept ${JSON.stringify(v)}`));
const bad = (format: string, ...values: string[]) => values.forEach((v) => assert.ok(!checkFormat(format, v), `${format} should reject ${JSON.stringify(v)}`));

test('formats apiextensions keeps, by type', () => {
  assert.equal(effectiveFormat('date-time', ['string']), 'date-time');
  assert.equal(effectiveFormat('datetime', ['string']), 'datetime');
  assert.equal(effectiveFormat('int-or-string', ['string']), '');
  assert.equal(effectiveFormat('int32', ['integer']), 'int32');
  assert.equal(effectiveFormat('uint32', ['integer']), '');
  assert.equal(effectiveFormat('double', ['number']), 'double');
  assert.equal(effectiveFormat('date', ['boolean']), '');
  assert.equal(effectiveFormat('uuid', ['integer', 'string']), 'uuid'); // int-or-string counts as untyped
  assert.equal(effectiveFormat('quantity', ['string']), ''); // not in Kubernetes 1.33
});

test('date and date-time', () => {
  ok('date', '2024-02-29', '1999-12-31');
  bad('date', '2023-02-29', '2024-13-01', '2024-1-01', '24-01-01', '2024-04-31');
  ok('date-time', '2024-02-29T10:00:00Z', '2024-02-29t10:00:00.123z', '2024-02-29T23:59:59+05:30', '2024-02-29T10:00:00,5Z');
  bad('date-time', '2024-02-29 10:00:00Z', '2024-02-29T24:00:00Z', '2024-02-29T10:00:00', 'yesterday', '2024-02-30T10:00:00Z');
});

test('network formats', () => {
  ok('ipv4', '10.0.0.1', '255.255.255.255', '::ffff:1.2.3.4');
  bad('ipv4', '10.0.0.256', '10.0.0', '010.0.0.1', '::1', 'localhost');
  ok('ipv6', '::1', 'fe80::1', '2001:db8::8a2e:370:7334', '::ffff:1.2.3.4', '1:2:3:4:5:6:7:8');
  bad('ipv6', '10.0.0.1', '1:2:3:4:5:6:7:8:9', 'fe80::1%eth0', '1::2::3', ':::');
  ok('cidr', '10.0.0.0/8', '2001:db8::/32', '0.0.0.0/0');
  bad('cidr', '10.0.0.0/33', '10.0.0.0', '10.0.0.0/x', '/8');
  ok('mac', '00:00:5e:00:53:01', '00-00-5E-00-53-01', '0000.5e00.5301', '02:00:5e:10:00:00:00:01');
  bad('mac', '00:00:5e:00:53', '00:00:5e:00-53:01', '0000.5e00.530', 'zz:00:5e:00:53:01');
  ok('hostname', 'example.com', 'my-host.example', 'a', 'xn--bcher-kva.example', 'm-yhost');
  // go-openapi's pattern only allows a dash after the first character of a single-label name
  bad('hostname', '-bad.example.com', 'bad_host', 'a..b', `${'a'.repeat(64)}.com`, 'my-host');
  assert.equal(goParseIP('1.2.3.4'), 'v4');
  assert.equal(goParseIP('::'), 'v6');
});

test('uri and email', () => {
  assert.ok(isRequestURI('https://example.com/path?q=1'));
  assert.ok(isRequestURI('/absolute/path'));
  assert.ok(isRequestURI('mailto:someone@example.com'));
  assert.ok(!isRequestURI('relative/path'));
  assert.ok(!isRequestURI(''));
  assert.ok(!isRequestURI('http://exa mple.com/'));
  assert.ok(!isRequestURI('http://example.com:port/'));
  assert.ok(isEmail('user@example.com'));
  assert.ok(isEmail('John Doe <john.doe@example.com>'));
  assert.ok(isEmail('"quoted local"@example.com'));
  assert.ok(!isEmail('not an email'));
  assert.ok(!isEmail('a@b@c'));
  assert.ok(!isEmail('.a@example.com'));
});

test('uuid, byte, duration and others', () => {
  ok('uuid', '6ba7b810-9dad-11d1-80b4-00c04fd430c8', '6BA7B8109DAD11D180B400C04FD430C8');
  bad('uuid', '6ba7b810-9dad-11d1-80b4-00c04fd430c', 'x');
  ok('uuid4', '123e4567-e89b-42d3-a456-426614174000');
  bad('uuid4', '123e4567-e89b-12d3-a456-426614174000');
  ok('byte', 'aGVsbG8=', 'aGVsbG8h');
  bad('byte', 'aGVsbG8', '', 'a===');
  assert.ok(isDuration('1h30m'));
  assert.ok(isDuration('-1.5s'));
  assert.ok(isDuration('3 days'));
  assert.ok(isDuration('10 minutes 5 seconds'));
  assert.ok(!isDuration('forever'));
  assert.ok(!isDuration('1x'));
  ok('bsonobjectid', '507f1f77bcf86cd799439011');
  ok('isbn10', '0321751043');
  ok('isbn13', '978-0321751041');
  bad('isbn13', '978-0321751042');
  ok('creditcard', '4111 1111 1111 1111');
  bad('creditcard', '4111 1111 1111 1112');
  ok('ssn', '123-45-6789');
  bad('ssn', '123456789');
  ok('hexcolor', '#fff', 'a0b1c2');
  ok('rgbcolor', 'rgb(255, 0, 10)');
  bad('rgbcolor', 'rgb(256,0,0)');
  ok('password', 'anything');
  ok('no-such-format', 'anything');
});
