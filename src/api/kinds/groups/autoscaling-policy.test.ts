import assert from 'node:assert/strict';
import { test } from 'node:test';
import { create, statusUpdate, update } from './harness.test.js';

const HPA = 'autoscaling/v2/horizontalpodautoscalers';
const HPA1 = 'autoscaling/v1/horizontalpodautoscalers';
const PDB = 'policy/v1/poddisruptionbudgets';

const hpa = (spec: Record<string, unknown> = {}): Record<string, unknown> => ({
  apiVersion: 'autoscaling/v2',
  kind: 'HorizontalPodAutoscaler',
  metadata: { name: 'h' },
  spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'd' }, maxReplicas: 5, ...spec },
});

test('HPA defaults', () => {
  const { obj, errors } = create(HPA, hpa());
  assert.deepEqual(errors, []);
  const spec = obj.spec as Record<string, any>;
  assert.equal(spec.minReplicas, 1);
  assert.deepEqual(spec.metrics, [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 80 } } }]);
  assert.equal(spec.behavior, undefined);
  assert.deepEqual(obj.status, { desiredReplicas: 0 });

  const withBehavior = create(HPA, hpa({ behavior: { scaleDown: { stabilizationWindowSeconds: 300 } } })).obj.spec as Record<string, any>;
  assert.deepEqual(withBehavior.behavior, {
    scaleUp: {
      stabilizationWindowSeconds: 0,
      selectPolicy: 'Max',
      policies: [
        { type: 'Pods', value: 4, periodSeconds: 15 },
        { type: 'Percent', value: 100, periodSeconds: 15 },
      ],
    },
    scaleDown: { selectPolicy: 'Max', policies: [{ type: 'Percent', value: 100, periodSeconds: 15 }], stabilizationWindowSeconds: 300 },
  });
});

test('HPA replicas and target', () => {
  assert.deepEqual(create(HPA, hpa({ minReplicas: 3, maxReplicas: 1 })).errors, ['spec.maxReplicas: Invalid value: 1: must be greater than or equal to `minReplicas`']);
  assert.deepEqual(create(HPA, hpa({ maxReplicas: 0 })).errors, [
    'spec.maxReplicas: Invalid value: 0: must be greater than 0',
    'spec.maxReplicas: Invalid value: 0: must be greater than or equal to `minReplicas`',
  ]);
  assert.deepEqual(create(HPA, hpa({ minReplicas: 0 })).errors, [
    'spec.minReplicas: Invalid value: 0: must be greater than or equal to 1',
    'spec.metrics: Forbidden: must specify at least one Object or External metric to support scaling to zero replicas',
  ]);
  assert.deepEqual(create(HPA, hpa({ scaleTargetRef: { name: 'a/b' } })).errors, [
    'spec.scaleTargetRef.kind: Required value',
    "spec.scaleTargetRef.name: Invalid value: \"a/b\": may not contain '/'",
  ]);
  // An object stored with minReplicas 0 keeps it.
  const stored = create(HPA, hpa({ metrics: [{ type: 'External', external: { metric: { name: 'q' }, target: { type: 'Value', value: '10' } } }] })).obj;
  (stored.spec as any).minReplicas = 0;
  assert.deepEqual(update(HPA, stored, structuredClone(stored)).errors, []);
});

test('HPA metrics', () => {
  const metric = (m: Record<string, unknown>) => create(HPA, hpa({ metrics: [m] })).errors;
  assert.deepEqual([...new Set(metric({ type: 'Foo' }))], ['spec.metrics[0].type: Unsupported value: "Foo": supported values: "ContainerResource", "External", "Object", "Pods", "Resource"']);
  assert.deepEqual(metric({ type: 'Resource' }), ['spec.metrics[0].resource: Required value: must populate information for the given metric source']);
  assert.deepEqual(metric({ type: 'Resource', resource: { name: 'cpu', target: { type: 'Percent', averageUtilization: 0, averageValue: '1' } } }), [
    'spec.metrics[0].resource.target.type: Invalid value: "Percent": must be either Utilization, Value, or AverageValue',
    'spec.metrics[0].resource.target.averageUtilization: Invalid value: 0: must be greater than 0',
    'spec.metrics[0].resource.target.averageValue: Forbidden: may not set both a target raw value and a target utilization',
  ]);
  assert.deepEqual(metric({ type: 'Pods', pods: { metric: { name: 'rps' }, target: { type: 'AverageValue' } }, resource: { name: 'cpu' } }), [
    'spec.metrics[0].pods.target.averageValue: Required value: must specify a positive target averageValue',
    'spec.metrics[0].resource: Forbidden: must populate the given metric source only',
  ]);
  assert.deepEqual(metric({ type: 'Object', object: { describedObject: { kind: 'Service', name: 's' }, metric: { name: 'm' }, target: { type: 'Value', value: '-1' } } }), [
    'spec.metrics[0].object.target.value: Invalid value: resource.Quantity{i:resource.int64Amount{value:-1, scale:0}, d:resource.infDecAmount{Dec:(*inf.Dec)(nil)}, s:"-1", Format:"DecimalSI"}: must be positive',
  ]);
  assert.deepEqual(metric({ type: 'ContainerResource', containerResource: { name: 'gpu', container: 'App', target: { type: 'Utilization', averageUtilization: 50 } } }), [
    'spec.metrics[0].containerResource.name: Invalid value: "gpu": must be a standard resource for containers',
    "spec.metrics[0].containerResource.container: Invalid value: \"App\": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')",
  ]);
});

test('HPA behavior', () => {
  assert.deepEqual(
    create(HPA, hpa({ behavior: { scaleUp: { selectPolicy: 'Avg', stabilizationWindowSeconds: 4000, policies: [{ type: 'Nodes', value: 0, periodSeconds: 2000 }] } } })).errors,
    [
      'spec.behavior.scaleUp.stabilizationWindowSeconds: Invalid value: 4000: must be less than or equal to 3600',
      'spec.behavior.scaleUp.selectPolicy: Unsupported value: "Avg": supported values: "Disabled", "Max", "Min"',
      'spec.behavior.scaleUp.policies[0].type: Unsupported value: "Nodes": supported values: "Percent", "Pods"',
      'spec.behavior.scaleUp.policies[0].value: Invalid value: 0: must be greater than zero',
      'spec.behavior.scaleUp.policies[0].periodSeconds: Invalid value: 2000: must be less than or equal to 1800',
    ],
  );
  assert.deepEqual(create(HPA, hpa({ behavior: { scaleDown: { policies: [] } } })).errors, ['spec.behavior.scaleDown.policies: Required value: must specify at least one Policy']);
  const { obj } = create(HPA, hpa());
  assert.deepEqual(statusUpdate(HPA, obj, { desiredReplicas: -1, currentReplicas: 0 }), ['status.desiredReplicas: Invalid value: -1: must be greater than or equal to 0']);
});

test('HPA autoscaling/v1', () => {
  const v1 = { apiVersion: 'autoscaling/v1', kind: 'HorizontalPodAutoscaler', metadata: { name: 'h' }, spec: { scaleTargetRef: { kind: 'Deployment', name: 'd' }, maxReplicas: 3 } };
  const { obj, errors } = create(HPA1, v1);
  assert.deepEqual(errors, []);
  assert.equal((obj.spec as any).minReplicas, 1);
  assert.deepEqual(create(HPA1, { ...v1, spec: { ...v1.spec, targetCPUUtilizationPercentage: 0 } }).errors, [
    'spec.metrics[0].resource.target.averageUtilization: Invalid value: 0: must be greater than 0',
  ]);
});

// ---------------------------------------------------------------------------------------------

const pdb = (spec: Record<string, unknown>) => ({ apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: { name: 'p' }, spec: { selector: { matchLabels: { app: 'x' } }, ...spec } });

test('PodDisruptionBudget', () => {
  const { obj, errors } = create(PDB, pdb({ maxUnavailable: '20%' }));
  assert.deepEqual(errors, []);
  assert.deepEqual(obj.status, { disruptionsAllowed: 0, currentHealthy: 0, desiredHealthy: 0, expectedPods: 0 });
  assert.deepEqual(create(PDB, pdb({ minAvailable: 1, maxUnavailable: 1 })).errors, [
    'spec: Invalid value: policy.PodDisruptionBudgetSpec{MinAvailable:(*intstr.IntOrString)(0xc000000000), Selector:(*v1.LabelSelector)(0xc000000000), ' +
      'MaxUnavailable:(*intstr.IntOrString)(0xc000000000), UnhealthyPodEvictionPolicy:(*policy.UnhealthyPodEvictionPolicyType)(nil)}: minAvailable and maxUnavailable cannot be both set',
  ]);
  assert.deepEqual(create(PDB, pdb({ minAvailable: '120%' })).errors, ['spec.minAvailable: Invalid value: intstr.IntOrString{Type:1, IntVal:0, StrVal:"120%"}: must not be greater than 100%']);
  assert.deepEqual(create(PDB, pdb({ maxUnavailable: -1 })).errors, ['spec.maxUnavailable: Invalid value: -1: must be greater than or equal to 0']);
  assert.deepEqual(create(PDB, pdb({ minAvailable: 1, unhealthyPodEvictionPolicy: 'Never' })).errors, [
    'spec.unhealthyPodEvictionPolicy: Unsupported value: "Never": supported values: "AlwaysAllow", "IfHealthyBudget"',
  ]);
  // policy/v1 budgets may change.
  const next = structuredClone(obj) as Record<string, any>;
  next.spec.maxUnavailable = 2;
  next.spec.selector = { matchLabels: { app: 'y' } };
  assert.deepEqual(update(PDB, obj, next).errors, []);
  assert.deepEqual(
    statusUpdate(PDB, obj, {
      disruptionsAllowed: -1,
      currentHealthy: 0,
      desiredHealthy: 0,
      expectedPods: 0,
      conditions: [{ type: 'DisruptionAllowed', status: 'Maybe', reason: '1bad' }],
    }),
    [
      'status.conditions[0].status: Unsupported value: "Maybe": supported values: "False", "True", "Unknown"',
      'status.conditions[0].lastTransitionTime: Required value: must be set',
      "status.conditions[0].reason: Invalid value: \"1bad\": a condition reason must start with alphabetic character, optionally followed by a string of alphanumeric characters or '_,:', and must end with an alphanumeric character or '_'",
      'status.disruptionsAllowed: Invalid value: -1: must be greater than or equal to 0',
    ],
  );
});
