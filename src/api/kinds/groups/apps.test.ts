import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { KObj } from '../../resource-info.js';
import { create, statusUpdate, strategyFor, update } from './harness.test.js';

const DEPLOY = 'apps/v1/deployments';
const RS = 'apps/v1/replicasets';
const STS = 'apps/v1/statefulsets';
const DS = 'apps/v1/daemonsets';
const CR = 'apps/v1/controllerrevisions';

const container = { name: 'c', image: 'nginx:1.25' };
const workload = (kind: string, spec: Record<string, unknown> = {}, labels: Record<string, string> = { app: 'x' }): Record<string, unknown> => ({
  apiVersion: 'apps/v1',
  kind,
  metadata: { name: 'x' },
  spec: { selector: { matchLabels: { app: 'x' } }, template: { metadata: { labels }, spec: { containers: [{ ...container }] } }, ...spec },
});
const deployment = (spec: Record<string, unknown> = {}, labels?: Record<string, string>) => workload('Deployment', spec, labels);

const SELECTOR_MISMATCH = (labels: string) => `spec.template.metadata.labels: Invalid value: ${labels}: \`selector\` does not match template \`labels\``;

test('Deployment defaults', () => {
  const { obj, errors } = create(DEPLOY, deployment());
  assert.deepEqual(errors, []);
  const spec = obj.spec as Record<string, any>;
  assert.equal(spec.replicas, 1);
  assert.deepEqual(spec.strategy, { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '25%', maxSurge: '25%' } });
  assert.equal(spec.revisionHistoryLimit, 10);
  assert.equal(spec.progressDeadlineSeconds, 600);
  assert.deepEqual(spec.template.spec.restartPolicy, 'Always');
  assert.equal(spec.template.spec.dnsPolicy, 'ClusterFirst');
  assert.equal(spec.template.spec.containers[0].imagePullPolicy, 'IfNotPresent');
  assert.deepEqual(obj.status, {});
  // Recreate gets no rolling update parameters.
  const recreate = create(DEPLOY, deployment({ strategy: { type: 'Recreate' } })).obj.spec as Record<string, any>;
  assert.deepEqual(recreate.strategy, { type: 'Recreate' });
  // A template is a struct upstream: even a missing one gets the pod spec defaults.
  const bare = create(DEPLOY, { metadata: { name: 'x' }, spec: { selector: { matchLabels: { app: 'x' } } } });
  assert.equal((bare.obj.spec as any).template.spec.restartPolicy, 'Always');
});

test('Deployment selector rules', () => {
  const noSelector = deployment();
  delete (noSelector.spec as Record<string, unknown>).selector;
  assert.deepEqual(create(DEPLOY, noSelector).errors, ['spec.selector: Required value', SELECTOR_MISMATCH('map[string]string{"app":"x"}')]);

  assert.deepEqual(create(DEPLOY, deployment({}, { app: 'y' })).errors, [SELECTOR_MISMATCH('map[string]string{"app":"y"}')]);
  assert.deepEqual(create(DEPLOY, deployment({}, { app: 'y', tier: 'web' })).errors, [SELECTOR_MISMATCH('map[string]string{"app":"y", "tier":"web"}')]);

  assert.deepEqual(create(DEPLOY, deployment({ selector: { matchLabels: {} } })).errors, [
    'spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string{}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: empty selector is invalid for deployment',
  ]);
  assert.deepEqual(create(DEPLOY, deployment({ selector: { matchExpressions: [{ key: 'app', operator: 'In', values: ['x'] }] } })).errors, []);
  assert.deepEqual(create(DEPLOY, deployment({ selector: { matchExpressions: [{ key: 'app', operator: 'Has' }] } })).errors, [
    'spec.selector.matchExpressions[0].operator: Invalid value: "Has": not a valid selector operator',
    'spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string(nil), MatchExpressions:[]v1.LabelSelectorRequirement{v1.LabelSelectorRequirement{Key:"app", Operator:"Has", Values:[]string(nil)}}}: invalid label selector',
  ]);
});

test('Deployment selector is immutable in apps/v1', () => {
  const { obj } = create(DEPLOY, deployment());
  const next = structuredClone(obj) as Record<string, any>;
  next.spec.selector = { matchLabels: { app: 'z' } };
  next.spec.template.metadata.labels = { app: 'z' };
  assert.deepEqual(update(DEPLOY, obj, next).errors, [
    'spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string{"app":"z"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: field is immutable',
  ]);
  // Replicas and template changes are fine.
  const scaled = structuredClone(obj) as Record<string, any>;
  scaled.spec.replicas = 5;
  scaled.spec.template.spec.containers[0].image = 'nginx:1.26';
  assert.deepEqual(update(DEPLOY, obj, scaled).errors, []);
});

test('Deployment spec fields', () => {
  assert.deepEqual(create(DEPLOY, deployment({ replicas: -1 })).errors, ['spec.replicas: Invalid value: -1: must be greater than or equal to 0']);
  assert.deepEqual(create(DEPLOY, deployment({ minReadySeconds: -1 })).errors, ['spec.minReadySeconds: Invalid value: -1: must be greater than or equal to 0']);
  assert.deepEqual(create(DEPLOY, deployment({ revisionHistoryLimit: -2 })).errors, ['spec.revisionHistoryLimit: Invalid value: -2: must be greater than or equal to 0']);
  assert.deepEqual(create(DEPLOY, deployment({ minReadySeconds: 600 })).errors, ['spec.progressDeadlineSeconds: Invalid value: 600: must be greater than minReadySeconds']);
  assert.deepEqual(create(DEPLOY, deployment({ progressDeadlineSeconds: -5 })).errors, [
    'spec.progressDeadlineSeconds: Invalid value: -5: must be greater than or equal to 0',
    'spec.progressDeadlineSeconds: Invalid value: -5: must be greater than minReadySeconds',
  ]);
});

test('Deployment strategy', () => {
  const ru = (rollingUpdate: Record<string, unknown>) => deployment({ strategy: { type: 'RollingUpdate', rollingUpdate } });
  assert.deepEqual(create(DEPLOY, ru({ maxSurge: 0, maxUnavailable: 0 })).errors, [
    'spec.strategy.rollingUpdate.maxUnavailable: Invalid value: intstr.IntOrString{Type:0, IntVal:0, StrVal:""}: may not be 0 when `maxSurge` is 0',
  ]);
  assert.deepEqual(create(DEPLOY, ru({ maxSurge: '0%', maxUnavailable: 0 })).errors, [
    'spec.strategy.rollingUpdate.maxUnavailable: Invalid value: intstr.IntOrString{Type:0, IntVal:0, StrVal:""}: may not be 0 when `maxSurge` is 0',
  ]);
  assert.deepEqual(create(DEPLOY, ru({ maxSurge: 1, maxUnavailable: '150%' })).errors, [
    'spec.strategy.rollingUpdate.maxUnavailable: Invalid value: intstr.IntOrString{Type:1, IntVal:0, StrVal:"150%"}: must not be greater than 100%',
  ]);
  // maxSurge may be above 100%.
  assert.deepEqual(create(DEPLOY, ru({ maxSurge: '200%', maxUnavailable: 0 })).errors, []);
  assert.deepEqual(create(DEPLOY, ru({ maxSurge: 'abc', maxUnavailable: -1 })).errors, [
    'spec.strategy.rollingUpdate.maxUnavailable: Invalid value: -1: must be greater than or equal to 0',
    "spec.strategy.rollingUpdate.maxSurge: Invalid value: intstr.IntOrString{Type:1, IntVal:0, StrVal:\"abc\"}: a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')",
  ]);
  assert.deepEqual(create(DEPLOY, deployment({ strategy: { type: 'Recreate', rollingUpdate: { maxSurge: 1 } } })).errors, [
    "spec.strategy.rollingUpdate: Forbidden: may not be specified when strategy `type` is 'Recreate'",
  ]);
  assert.deepEqual(create(DEPLOY, deployment({ strategy: { type: 'BlueGreen' } })).errors, [
    'spec.strategy: Unsupported value: apps.DeploymentStrategy{Type:"BlueGreen", RollingUpdate:(*apps.RollingUpdateDeployment)(nil)}: supported values: "Recreate", "RollingUpdate"',
  ]);
});

test('Deployment template rules', () => {
  const d = deployment();
  (d.spec as any).template.spec.restartPolicy = 'Never';
  (d.spec as any).template.spec.activeDeadlineSeconds = 10;
  assert.deepEqual(create(DEPLOY, d).errors, [
    'spec.template.spec.restartPolicy: Unsupported value: "Never": supported values: "Always"',
    'spec.template.spec.activeDeadlineSeconds: Forbidden: activeDeadlineSeconds in ReplicaSet is not Supported',
  ]);
  const bad = deployment({}, { app: 'x', 'bad key!': 'v' });
  assert.deepEqual(create(DEPLOY, bad).errors, [
    "spec.template.labels: Invalid value: \"bad key!\": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')",
  ]);
  // The pod spec itself is validated with core/v1's rules (but not for StatefulSets, as upstream).
  const noImage = deployment();
  delete (noImage.spec as any).template.spec.containers[0].image;
  assert.deepEqual(create(DEPLOY, noImage).errors, ['spec.template.spec.containers[0].image: Required value']);
  const stsNoImage = workload('StatefulSet');
  delete (stsNoImage.spec as any).template.spec.containers[0].image;
  assert.deepEqual(create(STS, stsNoImage).errors, []);
  const eph = deployment();
  (eph.spec as any).template.spec.ephemeralContainers = [{ name: 'dbg', image: 'busybox' }];
  assert.deepEqual(create(DEPLOY, eph).errors, ['spec.template.spec.ephemeralContainers: Forbidden: ephemeral containers not allowed in pod template']);
});

test('Deployment generation also follows annotation changes', () => {
  const { obj } = create(DEPLOY, deployment());
  const next = structuredClone(obj) as Record<string, any>;
  next.metadata.annotations = { note: 'x' };
  const r = update(DEPLOY, obj, next);
  assert.deepEqual(r.errors, []);
  assert.equal((r.obj.metadata as any).generation, 2);
});

test('Deployment status', () => {
  const { obj } = create(DEPLOY, deployment());
  assert.deepEqual(statusUpdate(DEPLOY, obj, { replicas: 1, readyReplicas: 1, availableReplicas: 1, updatedReplicas: 1 }), []);
  assert.deepEqual(statusUpdate(DEPLOY, obj, { replicas: 1, readyReplicas: 2, availableReplicas: 3, unavailableReplicas: -1 }), [
    'status.unavailableReplicas: Invalid value: -1: must be greater than or equal to 0',
    'status.readyReplicas: Invalid value: 2: cannot be greater than status.replicas',
    'status.availableReplicas: Invalid value: 3: cannot be greater than status.replicas',
    'status.availableReplicas: Invalid value: 3: cannot be greater than readyReplicas',
  ]);
  const withCount = { ...obj, status: { collisionCount: 3 } } as KObj;
  assert.deepEqual(statusUpdate(DEPLOY, withCount, { collisionCount: 2 }), ['status.collisionCount: Invalid value: 2: cannot be decremented']);
  assert.deepEqual(statusUpdate(DEPLOY, withCount, {}), ['status.collisionCount: Invalid value: 0: cannot be decremented']);
});

test('ReplicaSet', () => {
  const { obj, errors } = create(RS, workload('ReplicaSet'));
  assert.deepEqual(errors, []);
  assert.equal((obj.spec as any).replicas, 1);
  assert.deepEqual(obj.status, { replicas: 0 });
  assert.deepEqual(strategyFor(RS).selectableFields!(obj), { 'status.replicas': '0' });
  assert.deepEqual(strategyFor(RS).selectableFields!({}), { 'status.replicas': '0' });
  assert.deepEqual(create(RS, workload('ReplicaSet', { selector: {} })).errors, [
    'spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string(nil), MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: empty selector is invalid for deployment',
  ]);
  const next = structuredClone(obj) as Record<string, any>;
  next.spec.selector.matchLabels.tier = 'a';
  next.spec.template.metadata.labels.tier = 'a';
  assert.deepEqual(update(RS, obj, next).errors, [
    'spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string{"app":"x", "tier":"a"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: field is immutable',
  ]);
  assert.deepEqual(statusUpdate(RS, obj, { replicas: 1, fullyLabeledReplicas: 2 }), ['status.fullyLabeledReplicas: Invalid value: 2: cannot be greater than status.replicas']);
});

test('StatefulSet defaults', () => {
  const { obj, errors } = create(
    STS,
    workload('StatefulSet', {
      serviceName: 'x',
      volumeClaimTemplates: [{ metadata: { name: 'data' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } }],
    }),
  );
  assert.deepEqual(errors, []);
  const spec = obj.spec as Record<string, any>;
  assert.equal(spec.podManagementPolicy, 'OrderedReady');
  assert.deepEqual(spec.updateStrategy, { type: 'RollingUpdate', rollingUpdate: { partition: 0 } });
  assert.deepEqual(spec.persistentVolumeClaimRetentionPolicy, { whenDeleted: 'Retain', whenScaled: 'Retain' });
  assert.equal(spec.replicas, 1);
  assert.equal(spec.revisionHistoryLimit, 10);
  assert.equal(spec.volumeClaimTemplates[0].spec.volumeMode, 'Filesystem');
  assert.deepEqual(spec.volumeClaimTemplates[0].status, { phase: 'Pending' });
  assert.deepEqual(obj.status, { replicas: 0, availableReplicas: 0 });
  // OnDelete gets no rolling update.
  const onDelete = create(STS, workload('StatefulSet', { updateStrategy: { type: 'OnDelete' } })).obj.spec as Record<string, any>;
  assert.deepEqual(onDelete.updateStrategy, { type: 'OnDelete' });
});

test('StatefulSet validation', () => {
  assert.deepEqual(create(STS, workload('StatefulSet', { podManagementPolicy: 'Random' })).errors, [
    "spec.podManagementPolicy: Invalid value: \"Random\": must be 'OrderedReady' or 'Parallel'",
  ]);
  assert.deepEqual(create(STS, workload('StatefulSet', { updateStrategy: { type: 'Sometimes' } })).errors, [
    "spec.updateStrategy: Invalid value: apps.StatefulSetUpdateStrategy{Type:\"Sometimes\", RollingUpdate:(*apps.RollingUpdateStatefulSetStrategy)(nil)}: must be 'RollingUpdate' or 'OnDelete'",
  ]);
  assert.deepEqual(create(STS, workload('StatefulSet', { updateStrategy: { type: 'OnDelete', rollingUpdate: { partition: 2 } } })).errors, [
    "spec.updateStrategy.rollingUpdate: Invalid value: apps.RollingUpdateStatefulSetStrategy{Partition:2, MaxUnavailable:(*intstr.IntOrString)(nil)}: only allowed for updateStrategy 'RollingUpdate'",
  ]);
  assert.deepEqual(create(STS, workload('StatefulSet', { updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: -1 } } })).errors, [
    'spec.updateStrategy.rollingUpdate.partition: Invalid value: -1: must be greater than or equal to 0',
  ]);
  assert.deepEqual(create(STS, workload('StatefulSet', { persistentVolumeClaimRetentionPolicy: { whenDeleted: 'Keep' } })).errors, [
    'spec.persistentVolumeClaimRetentionPolicy.whenDeleted: Unsupported value: "Keep": supported values: "Retain", "Delete"',
  ]);
  assert.deepEqual(create(STS, workload('StatefulSet', { ordinals: { start: -1 } })).errors, ['spec.ordinals.start: Invalid value: -1: must be greater than or equal to 0']);
  assert.deepEqual(create(STS, workload('StatefulSet', { selector: { matchLabels: {} } })).errors, [
    'spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string{}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: empty selector is invalid for statefulset',
  ]);
  assert.deepEqual(create(STS, workload('StatefulSet', {}, { app: 'other' })).errors, [SELECTOR_MISMATCH('map[string]string{"app":"other"}')]);
  const sts = workload('StatefulSet');
  (sts.spec as any).template.spec.restartPolicy = 'OnFailure';
  (sts.spec as any).template.spec.activeDeadlineSeconds = 5;
  assert.deepEqual(create(STS, sts).errors, [
    'spec.template.spec.restartPolicy: Unsupported value: "OnFailure": supported values: "Always"',
    'spec.template.spec.activeDeadlineSeconds: Forbidden: activeDeadlineSeconds in StatefulSet is not Supported',
  ]);
  // StatefulSet names are DNS labels.
  assert.deepEqual(strategyFor(STS).nameValidator!('web.v1', false), ['must not contain dots']);
});

test('StatefulSet updates touch only the mutable fields', () => {
  const { obj } = create(STS, workload('StatefulSet', { serviceName: 'x' }));
  const ok = structuredClone(obj) as Record<string, any>;
  ok.spec.replicas = 3;
  ok.spec.template.spec.containers[0].image = 'nginx:2';
  ok.spec.updateStrategy = { type: 'OnDelete' };
  ok.spec.minReadySeconds = 5;
  ok.spec.persistentVolumeClaimRetentionPolicy = { whenDeleted: 'Delete', whenScaled: 'Retain' };
  assert.deepEqual(update(STS, obj, ok).errors, []);
  const bad = structuredClone(obj) as Record<string, any>;
  bad.spec.serviceName = 'y';
  assert.deepEqual(update(STS, obj, bad).errors, [
    "spec: Forbidden: updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden",
  ]);
  assert.deepEqual(statusUpdate(STS, obj, { replicas: 1, readyReplicas: 1, availableReplicas: 2 }), [
    'status.availableReplicas: Invalid value: 2: cannot be greater than status.replicas',
    'status.availableReplicas: Invalid value: 2: cannot be greater than status.readyReplicas',
  ]);
});

test('DaemonSet', () => {
  const { obj, errors } = create(DS, workload('DaemonSet'));
  assert.deepEqual(errors, []);
  const spec = obj.spec as Record<string, any>;
  assert.deepEqual(spec.updateStrategy, { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1, maxSurge: 0 } });
  assert.equal(spec.revisionHistoryLimit, 10);
  assert.deepEqual((obj.metadata as any).annotations, { 'deprecated.daemonset.template.generation': '1' });
  assert.deepEqual(obj.status, { currentNumberScheduled: 0, numberMisscheduled: 0, desiredNumberScheduled: 0, numberReady: 0 });

  // The template generation follows template changes only.
  const scaled = structuredClone(obj) as Record<string, any>;
  scaled.spec.minReadySeconds = 3;
  const r1 = update(DS, obj, scaled);
  assert.deepEqual(r1.errors, []);
  assert.equal((r1.obj.metadata as any).annotations['deprecated.daemonset.template.generation'], '1');
  const changed = structuredClone(obj) as Record<string, any>;
  changed.spec.template.spec.containers[0].image = 'nginx:2';
  changed.metadata.annotations['deprecated.daemonset.template.generation'] = '7';
  assert.equal((update(DS, obj, changed).obj.metadata as any).annotations['deprecated.daemonset.template.generation'], '2');

  const ru = (rollingUpdate: Record<string, unknown>) => workload('DaemonSet', { updateStrategy: { type: 'RollingUpdate', rollingUpdate } });
  assert.deepEqual(create(DS, ru({ maxUnavailable: 0, maxSurge: 0 })).errors, ['spec.updateStrategy.rollingUpdate.maxUnavailable: Required value: cannot be 0 when maxSurge is 0']);
  assert.deepEqual(create(DS, ru({ maxUnavailable: 1, maxSurge: '10%' })).errors, [
    'spec.updateStrategy.rollingUpdate.maxSurge: Invalid value: intstr.IntOrString{Type:1, IntVal:0, StrVal:"10%"}: may not be set when maxUnavailable is non-zero',
  ]);
  assert.deepEqual(create(DS, workload('DaemonSet', { updateStrategy: { type: 'Never' } })).errors, [
    'spec.updateStrategy: Unsupported value: apps.DaemonSetUpdateStrategy{Type:"Never", RollingUpdate:(*apps.RollingUpdateDaemonSet)(nil)}: supported values: "RollingUpdate", "OnDelete"',
  ]);
  // No selector: nothing matches, but no "Required" error either (as upstream).
  const noSel = workload('DaemonSet');
  delete (noSel.spec as Record<string, unknown>).selector;
  assert.deepEqual(create(DS, noSel).errors, [SELECTOR_MISMATCH('map[string]string{"app":"x"}')]);
  assert.deepEqual(create(DS, workload('DaemonSet', { selector: {} })).errors, [
    'spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string(nil), MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: empty selector is invalid for daemonset',
  ]);
  const moved = structuredClone(obj) as Record<string, any>;
  moved.spec.selector = { matchLabels: { app: 'x', extra: 'y' } };
  moved.spec.template.metadata.labels.extra = 'y';
  assert.deepEqual(update(DS, obj, moved).errors, [
    'spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string{"app":"x", "extra":"y"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: field is immutable',
  ]);
  assert.deepEqual(statusUpdate(DS, obj, { numberReady: -1, currentNumberScheduled: 0, numberMisscheduled: 0, desiredNumberScheduled: 0 }), [
    'status.numberReady: Invalid value: -1: must be greater than or equal to 0',
  ]);
});

test('ControllerRevision', () => {
  const cr = { apiVersion: 'apps/v1', kind: 'ControllerRevision', metadata: { name: 'r' }, revision: 1, data: { a: 1 } };
  const { obj, errors } = create(CR, cr);
  assert.deepEqual(errors, []);
  assert.deepEqual(create(CR, { metadata: { name: 'r' }, revision: -1 }).errors, [
    'data: Required value: data is mandatory',
    'revision: Invalid value: -1: must be greater than or equal to 0',
  ]);
  assert.deepEqual(update(CR, obj, { ...structuredClone(obj), data: { a: 2 } }).errors, [
    'data: Invalid value: runtime.RawExtension{Raw:[]uint8{0x7b, 0x22, 0x61, 0x22, 0x3a, 0x32, 0x7d}, Object:runtime.Object(nil)}: field is immutable',
  ]);
  assert.deepEqual(update(CR, obj, { ...structuredClone(obj), revision: 2 }).errors, []);
});
