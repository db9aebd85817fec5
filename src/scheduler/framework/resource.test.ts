import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseQuantity, scaledValue } from '../../api/kinds/core/quantity.js';
import { milliValue, value } from './resource.js';

test('quantities scale exactly as resource.Quantity does (fast path and general parser agree)', () => {
  const cases = ['0', '1', '100m', '1500m', '0.5', '1.5', '2.25', '512Mi', '1Gi', '8Gi', '256Gi', '1k', '2M', '3G', '1T', '7u', '3n', '123456789', '1.000001', '0.0001', '1e3', '1E-3', '1.5Gi', '+1', '10Ei', '999999999999999'];
  for (const c of cases) {
    const q = parseQuantity(c)!;
    assert.equal(milliValue(c), Number(scaledValue(q, -3)), `milli ${c}`);
    assert.equal(value(c), Number(scaledValue(q, 0)), `value ${c}`);
  }
  assert.equal(value('7u'), 1, 'rounded up');
  assert.equal(milliValue('1n'), 1, 'rounded up');
  assert.equal(milliValue(undefined), 0);
  assert.equal(value('not a quantity'), 0);
});
