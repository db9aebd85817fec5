import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Pod } from '../../api/types/core-v1.js';
import { FakeClock } from '../../client/index.js';
import { simulatedContainerOutput } from './container-output.js';

const START = Date.parse('2026-12-03T06:00:00Z');
const iso = (ms: number) => new Date(ms).toISOString();

function pod(state: 'running' | 'terminated', exitCode = 0, endAt = 0): Pod {
  return {
    metadata: { name: 'p', namespace: 'ns', annotations: { 'sim.k8ts.io/log': 'hello', 'sim.k8ts.io/log-every-ms': '1000' } },
    spec: { containers: [{ name: 'c' }] },
    status: {
      containerStatuses: [
        {
          name: 'c', image: 'x', imageID: '', ready: state === 'running', restartCount: 0,
          state: state === 'running' ? { running: { startedAt: iso(START) } } : { terminated: { exitCode, startedAt: iso(START), finishedAt: iso(endAt), reason: 'Completed' } },
        },
      ],
    },
  } as Pod;
}

test('attach output: only lines written after attaching, then the run end with its exit code', () => {
  const clock = new FakeClock(START + 2500);
  let current: Pod | undefined = pod('running');
  const out = simulatedContainerOutput({ clock, currentPod: () => current });
  const lines: string[] = [];
  const exits: number[] = [];
  const stop = out.follow('ns', 'p', 'c', (l) => lines.push(`${l.stream}:${l.text}`), (code) => exits.push(code));
  clock.step(2000);
  assert.deepEqual(lines, ['stdout:c line 3', 'stdout:c line 4'], 'the start text and lines 1-2 came before attaching');
  current = pod('terminated', 3, START + 4700);
  clock.step(1000);
  assert.deepEqual(exits, [3]);
  assert.equal(clock.pending(), 0, 'no timer left once the run ended');
  stop();
});

test('attach output: a container that already ended reports at once; unsubscribe stops the polling', () => {
  const clock = new FakeClock(START + 10_000);
  const exits: number[] = [];
  simulatedContainerOutput({ clock, currentPod: () => pod('terminated', 0, START + 5000) }).follow('ns', 'p', 'c', () => assert.fail('no lines'), (c) => exits.push(c));
  assert.deepEqual(exits, [0]);
  const running = simulatedContainerOutput({ clock, currentPod: () => pod('running') });
  const stop = running.follow('ns', 'p', 'c', () => {}, () => assert.fail('no exit'));
  assert.equal(clock.pending(), 1);
  stop();
  assert.equal(clock.pending(), 0);
});
