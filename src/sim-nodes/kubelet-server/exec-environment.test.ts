import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Pod } from '../../api/types/core-v1.js';
import { containerEnvironment, containerWorkingDir, findContainer } from './exec-environment.js';

test('working directory: DIR/ns/pod/container, and no name may leave DIR', () => {
  assert.equal(containerWorkingDir('/srv/exec', 'ns', 'p', 'c'), '/srv/exec/ns/p/c');
  for (const [ns, pod, c] of [['..', 'p', 'c'], ['ns', '.', 'c'], ['ns', 'p', '../../etc'], ['ns', 'a/b', 'c'], ['ns', 'p', ''], ['ns', 'p\0', 'c']]) {
    assert.equal(containerWorkingDir('/srv/exec', ns!, pod!, c!), null, `${ns}/${pod}/${c}`);
  }
});

test("environment: the container's plain values win, valueFrom is skipped, HOSTNAME and TERM", () => {
  const pod: Pod = {
    metadata: { name: 'p' },
    spec: {
      containers: [
        { name: 'c', env: [{ name: 'A', value: '1' }, { name: 'PATH', value: '/opt/bin' }, { name: 'S', valueFrom: { secretKeyRef: { name: 's', key: 'k' } } }] },
      ],
      initContainers: [{ name: 'init' }],
    },
  };
  const c = findContainer(pod, 'c')!;
  assert.ok(findContainer(pod, 'init'));
  assert.equal(findContainer(pod, 'nope'), undefined);
  const env = containerEnvironment(pod, c, '/w', true);
  assert.deepEqual(env, { PATH: '/opt/bin', HOME: '/w', HOSTNAME: 'p', TERM: 'xterm', A: '1' });
  assert.equal(containerEnvironment({ ...pod, spec: { ...pod.spec!, hostname: 'h' } }, c, '/w', false)['HOSTNAME'], 'h');
  assert.equal(containerEnvironment(pod, { name: 'x' }, '/w', false)['PATH'], process.env['PATH']);
});
