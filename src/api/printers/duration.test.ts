import assert from 'node:assert/strict';
import { test } from 'node:test';
import { humanDuration, since } from './duration.js';

const S = 1000;
const M = 60 * S;
const H = 60 * M;
const D = 24 * H;

test('humanDuration: precision drops as durations grow, as upstream prints them', () => {
  const cases: [number, string][] = [
    [0, '0s'],
    [-1 * S, '0s'],
    [-2 * S, '<invalid>'],
    [999, '0s'],
    [5 * S, '5s'],
    [119 * S, '119s'],
    [120 * S, '2m'],
    [200 * S, '3m20s'],
    [9 * M + 59 * S, '9m59s'],
    [10 * M + 30 * S, '10m'],
    [179 * M, '179m'],
    [3 * H, '3h'],
    [4 * H + 30 * M, '4h30m'],
    [7 * H + 59 * M, '7h59m'],
    [8 * H + 30 * M, '8h'],
    [47 * H, '47h'],
    [48 * H, '2d'],
    [2 * D + 3 * H, '2d3h'],
    [7 * D + 23 * H, '7d23h'],
    [8 * D + 5 * H, '8d'],
    [45 * D, '45d'],
    [729 * D, '729d'],
    [730 * D, '2y'],
    [(3 * 365 + 120) * D, '3y120d'],
    [(7 * 365 + 364) * D, '7y364d'],
    [8 * 365 * D, '8y'],
    [(10 * 365 + 200) * D, '10y'],
  ];
  for (const [ms, want] of cases) assert.equal(humanDuration(ms), want, `${ms}ms`);
});

test('since: from an RFC 3339 timestamp, "<unknown>" without one', () => {
  const now = Date.parse('2026-12-02T10:00:00Z');
  assert.equal(since('2026-12-02T09:56:40Z', now), '3m20s');
  assert.equal(since('2026-11-30T07:00:00Z', now), '2d3h');
  assert.equal(since(undefined, now), '<unknown>');
  assert.equal(since('not a time', now), '<unknown>');
});
