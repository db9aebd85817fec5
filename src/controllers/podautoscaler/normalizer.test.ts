import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { HorizontalPodAutoscalerBehavior } from '../../api/types/autoscaling-v2.js';
import { ReplicaNormalizer, scaleDownLimit, scaleUpLimit } from './normalizer.js';

const clock = () => {
  let t = 1_000_000;
  return { now: () => t, step: (ms: number) => (t += ms) };
};

describe('HPA normalisation without behavior', () => {
  it('holds a scale-down for the 5-minute window, then applies it', () => {
    const c = clock();
    const n = new ReplicaNormalizer(c.now);
    n.recordInitial('k', 5);
    const held = n.normalize({ key: 'k', currentReplicas: 5, desiredReplicas: 2, minReplicas: 1, maxReplicas: 10 });
    assert.equal(held.replicas, 5);
    assert.equal(held.stabilized.reason, 'ScaleDownStabilized');
    c.step(5 * 60_000 + 1);
    const done = n.normalize({ key: 'k', currentReplicas: 5, desiredReplicas: 2, minReplicas: 1, maxReplicas: 10 });
    assert.equal(done.replicas, 2);
    assert.equal(done.stabilized.reason, 'ReadyForNewScale');
    assert.deepEqual([done.limit.limited, done.limit.reason], [false, 'DesiredWithinRange']);
  });

  it('clamps to min/max and to twice the current size (at least 4)', () => {
    const n = new ReplicaNormalizer(clock().now);
    assert.deepEqual(n.normalize({ key: 'a', currentReplicas: 2, desiredReplicas: 20, minReplicas: 1, maxReplicas: 30 }).limit, { replicas: 4, reason: 'ScaleUpLimit', message: 'the desired replica count is increasing faster than the maximum scale rate', limited: true });
    assert.equal(n.normalize({ key: 'b', currentReplicas: 5, desiredReplicas: 9, minReplicas: 1, maxReplicas: 6 }).limit.reason, 'TooManyReplicas');
    const few = n.normalize({ key: 'c', currentReplicas: 3, desiredReplicas: 1, minReplicas: 3, maxReplicas: 6 });
    assert.deepEqual([few.replicas, few.limit.reason, few.limit.limited], [3, 'TooFewReplicas', true]);
  });
});

describe('HPA normalisation with behavior', () => {
  const behavior = (b: HorizontalPodAutoscalerBehavior): HorizontalPodAutoscalerBehavior => b;

  it('limits a scale-up by the Pods policy over its period, counting earlier scale events', () => {
    const c = clock();
    const n = new ReplicaNormalizer(c.now);
    const b = behavior({ scaleUp: { stabilizationWindowSeconds: 0, selectPolicy: 'Max', policies: [{ type: 'Pods', value: 2, periodSeconds: 60 }] }, scaleDown: { stabilizationWindowSeconds: 0, selectPolicy: 'Max', policies: [{ type: 'Percent', value: 100, periodSeconds: 15 }] } });
    const first = n.normalize({ key: 'k', currentReplicas: 2, desiredReplicas: 10, minReplicas: 1, maxReplicas: 20, behavior: b });
    assert.deepEqual([first.replicas, first.limit.reason], [4, 'ScaleUpLimit']);
    n.recordScale('k', b, 2, 4);
    c.step(30_000);
    const second = n.normalize({ key: 'k', currentReplicas: 4, desiredReplicas: 10, minReplicas: 1, maxReplicas: 20, behavior: b });
    assert.equal(second.replicas, 4, 'the period already added 2');
    c.step(31_000);
    assert.equal(n.normalize({ key: 'k', currentReplicas: 4, desiredReplicas: 10, minReplicas: 1, maxReplicas: 20, behavior: b }).replicas, 6);
  });

  it('selectPolicy Min, Max and Disabled', () => {
    const policies = [{ type: 'Pods', value: 4, periodSeconds: 15 }, { type: 'Percent', value: 100, periodSeconds: 15 }];
    assert.equal(scaleUpLimit(10, [], [], { selectPolicy: 'Max', policies }, 0), 20);
    assert.equal(scaleUpLimit(10, [], [], { selectPolicy: 'Min', policies }, 0), 14);
    assert.equal(scaleUpLimit(10, [], [], { selectPolicy: 'Disabled', policies }, 0), 10);
    const down = [{ type: 'Pods', value: 3, periodSeconds: 15 }, { type: 'Percent', value: 50, periodSeconds: 15 }];
    assert.equal(scaleDownLimit(10, [], [], { selectPolicy: 'Max', policies: down }, 0), 5);
    assert.equal(scaleDownLimit(10, [], [], { selectPolicy: 'Min', policies: down }, 0), 7);
  });

  it('a scale-up stabilisation window applies the lowest recent recommendation', () => {
    const c = clock();
    const n = new ReplicaNormalizer(c.now);
    const b = behavior({ scaleUp: { stabilizationWindowSeconds: 60, selectPolicy: 'Max', policies: [{ type: 'Percent', value: 100, periodSeconds: 15 }] }, scaleDown: { stabilizationWindowSeconds: 0, selectPolicy: 'Max', policies: [{ type: 'Percent', value: 100, periodSeconds: 15 }] } });
    n.recordInitial('k', 3);
    const r = n.normalize({ key: 'k', currentReplicas: 3, desiredReplicas: 6, minReplicas: 1, maxReplicas: 10, behavior: b });
    assert.deepEqual([r.replicas, r.stabilized.reason], [3, 'ScaleUpStabilized']);
    c.step(61_000);
    assert.equal(n.normalize({ key: 'k', currentReplicas: 3, desiredReplicas: 6, minReplicas: 1, maxReplicas: 10, behavior: b }).replicas, 6);
  });
});
