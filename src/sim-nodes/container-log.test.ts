import assert from 'node:assert/strict';
import { it } from 'node:test';
import type { Pod } from '../api/types/core-v1.js';
import { ContainerLogError, instanceLines, logInstance, logTimestamp, MAX_PERIODIC_LINES } from './container-log.js';

const T0 = Date.parse('2026-01-01T00:00:00Z');
const iso = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');

function pod(annotations: Record<string, string>, status: Pod['status']): Pod {
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', annotations }, spec: { containers: [{ name: 'a', image: 'x' }, { name: 'b', image: 'x' }] }, status };
}

const running = (restartCount = 0, lastState = {}) => ({
  containerStatuses: [{ name: 'a', image: 'x', imageID: '', ready: true, restartCount, state: { running: { startedAt: iso(T0) } }, lastState }],
});

it('prints the start text, per container when one is named, then periodic lines while it runs', () => {
  const p = pod({ 'sim.k8ts.io/log': 'one\ntwo\n', 'sim.k8ts.io/log.b': 'bee', 'sim.k8ts.io/log-every-ms': '1000', 'sim.k8ts.io/log-line': '{pod}/{container} #{n}' }, running());
  const run = logInstance(p, 'a', false);
  assert.deepEqual(instanceLines(p, 'a', run, T0 + 2500), [
    { at: T0, text: 'one' },
    { at: T0, text: 'two' },
    { at: T0 + 1000, text: 'p/a #1' },
    { at: T0 + 2000, text: 'p/a #2' },
  ]);
  assert.deepEqual(instanceLines(p, 'b', run, T0).map((l) => l.text), ['bee']);
  assert.deepEqual(instanceLines(p, 'a', run, T0 - 1), []);
});

it('reads the run the kubelet would: running, else the previous one with --previous, and says why there is none', () => {
  const last = { terminated: { exitCode: 1, startedAt: iso(T0 - 60_000), finishedAt: iso(T0 - 50_000), containerID: 'sim://x' } };
  const p = pod({ 'sim.k8ts.io/log-every-ms': '1000' }, running(1, last));
  assert.deepEqual(logInstance(p, 'a', false), { startedAt: T0, restartCount: 1 });
  const prev = logInstance(p, 'a', true);
  assert.deepEqual(prev, { startedAt: T0 - 60_000, endAt: T0 - 50_000, restartCount: 0 });
  assert.equal(instanceLines(p, 'a', prev, T0).length, 10, 'the previous run stopped printing when it ended');
  assert.throws(() => logInstance(pod({}, running()), 'a', true), new ContainerLogError('previous terminated container "a" in pod "p" not found'));
  const waiting = pod({}, { containerStatuses: [{ name: 'a', image: 'x', imageID: '', ready: false, restartCount: 0, state: { waiting: { reason: 'ContainerCreating' } } }] });
  assert.throws(() => logInstance(waiting, 'a', false), /container "a" in pod "p" is waiting to start: ContainerCreating/);
  assert.throws(() => logInstance(pod({}, {}), 'a', false), /is waiting to start: ContainerCreating/);
});

it('keeps only the newest periodic lines of a long run, and stamps lines as the kubelet does', () => {
  const p = pod({ 'sim.k8ts.io/log': 'start', 'sim.k8ts.io/log-every-ms': '10' }, running());
  const lines = instanceLines(p, 'a', logInstance(p, 'a', false), T0 + 10 * (MAX_PERIODIC_LINES + 5));
  assert.equal(lines.length, MAX_PERIODIC_LINES);
  assert.equal(lines[0]!.text, 'a line 6');
  assert.equal(logTimestamp(T0 + 1), '2026-01-01T00:00:00.001000000Z');
});
