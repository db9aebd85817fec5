import assert from 'node:assert/strict';
import { test } from 'node:test';
import { create, strategyFor, update } from './harness.test.js';

const SC = 'storage.k8s.io/v1/storageclasses';
const ROLE = 'rbac.authorization.k8s.io/v1/roles';
const CROLE = 'rbac.authorization.k8s.io/v1/clusterroles';
const RB = 'rbac.authorization.k8s.io/v1/rolebindings';
const CRB = 'rbac.authorization.k8s.io/v1/clusterrolebindings';

const sc = (rest: Record<string, unknown>) => ({ apiVersion: 'storage.k8s.io/v1', kind: 'StorageClass', metadata: { name: 's' }, ...rest });

test('StorageClass defaults and validation', () => {
  const { obj, errors } = create(SC, sc({ provisioner: 'example.com/local', parameters: { type: 'ssd' } }));
  assert.deepEqual(errors, []);
  assert.equal(obj.reclaimPolicy, 'Delete');
  assert.equal(obj.volumeBindingMode, 'Immediate');
  assert.deepEqual(create(SC, sc({})).errors, ['provisioner: Required value']);
  assert.deepEqual(create(SC, sc({ provisioner: 'bad provisioner!' })).errors, [
    "provisioner: Invalid value: \"bad provisioner!\": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')",
  ]);
  assert.deepEqual(create(SC, sc({ provisioner: 'Example.COM/Local' })).errors, []);
  assert.deepEqual(create(SC, sc({ provisioner: 'p', reclaimPolicy: 'Recycle', volumeBindingMode: 'Later' })).errors, [
    'reclaimPolicy: Unsupported value: "Recycle": supported values: "Delete", "Retain"',
    'volumeBindingMode: Unsupported value: "Later": supported values: "Immediate", "WaitForFirstConsumer"',
  ]);
  const term = (key: string, values: string[]) => ({ matchLabelExpressions: [{ key, values }] });
  assert.deepEqual(create(SC, sc({ provisioner: 'p', allowedTopologies: [term('zone', ['a']), term('zone', ['a']), term('zone', [])] })).errors, [
    'allowedTopologies[1].matchLabelExpressions: Duplicate value: ""',
    'allowedTopologies[2].matchLabelExpressions[0].values: Required value',
  ]);
  // Upstream compares the first term with empty ones too.
  assert.deepEqual(create(SC, sc({ provisioner: 'p', allowedTopologies: [{}] })).errors, ['allowedTopologies[0].matchLabelExpressions: Duplicate value: ""']);
});

test('StorageClass updates', () => {
  const { obj } = create(SC, sc({ provisioner: 'example.com/local', parameters: { type: 'ssd' } }));
  assert.deepEqual(update(SC, obj, { ...structuredClone(obj), allowVolumeExpansion: true, mountOptions: ['ro'] }).errors, []);
  assert.deepEqual(
    update(SC, obj, { ...structuredClone(obj), provisioner: 'example.com/other', parameters: { type: 'hdd' }, reclaimPolicy: 'Retain', volumeBindingMode: 'WaitForFirstConsumer' })
      .errors,
    [
      'parameters: Forbidden: updates to parameters are forbidden.',
      'provisioner: Forbidden: updates to provisioner are forbidden.',
      'reclaimPolicy: Forbidden: updates to reclaimPolicy are forbidden.',
      'volumeBindingMode: Invalid value: "WaitForFirstConsumer": field is immutable',
    ],
  );
});

const role = (kind: string, rules: unknown[], rest: Record<string, unknown> = {}) => ({ apiVersion: 'rbac.authorization.k8s.io/v1', kind, metadata: { name: 'r' }, rules, ...rest });

test('Role and ClusterRole rules', () => {
  assert.deepEqual(create(ROLE, role('Role', [{ apiGroups: [''], resources: ['pods'] }])).errors, ['rules[0].verbs: Required value: verbs must contain at least one value']);
  assert.deepEqual(create(ROLE, role('Role', [{ verbs: ['get'] }])).errors, [
    'rules[0].apiGroups: Required value: resource rules must supply at least one api group',
    'rules[0].resources: Required value: resource rules must supply at least one resource',
  ]);
  assert.deepEqual(create(ROLE, role('Role', [{ verbs: ['get'], nonResourceURLs: ['/healthz'], resources: ['pods'] }])).errors, [
    'rules[0].nonResourceURLs: Invalid value: []string{"/healthz"}: namespaced rules cannot apply to non-resource URLs',
    'rules[0].nonResourceURLs: Invalid value: []string{"/healthz"}: rules cannot apply to both regular resources and non-resource URLs',
  ]);
  assert.deepEqual(create(CROLE, role('ClusterRole', [{ verbs: ['get'], nonResourceURLs: ['/healthz', '/metrics'] }])).errors, []);
  assert.deepEqual(create(CROLE, role('ClusterRole', [], { aggregationRule: { clusterRoleSelectors: [] } })).errors, [
    'aggregationRule.clusterRoleSelectors: Required value: at least one clusterRoleSelector required if aggregationRule is non-nil',
  ]);
  assert.deepEqual(create(CROLE, role('ClusterRole', [], { aggregationRule: { clusterRoleSelectors: [{ matchLabels: { agg: 'true' } }] } })).errors, []);
  // RBAC names are path segments.
  assert.deepEqual(strategyFor(ROLE).nameValidator!('system:controller:x', false), []);
  assert.deepEqual(strategyFor(CROLE).nameValidator!('a/b%c', false), ["may not contain '/'", "may not contain '%'"]);
});

const binding = (kind: string, roleRef: Record<string, unknown>, subjects: unknown[]) => ({ apiVersion: 'rbac.authorization.k8s.io/v1', kind, metadata: { name: 'b' }, roleRef, subjects });

test('RoleBinding and ClusterRoleBinding', () => {
  const { obj, errors } = create(RB, binding('RoleBinding', { kind: 'Role', name: 'r' }, [{ kind: 'User', name: 'jane' }, { kind: 'ServiceAccount', name: 'sa' }]));
  assert.deepEqual(errors, []);
  assert.deepEqual(obj.roleRef, { kind: 'Role', name: 'r', apiGroup: 'rbac.authorization.k8s.io' });
  assert.deepEqual(obj.subjects, [
    { kind: 'User', name: 'jane', apiGroup: 'rbac.authorization.k8s.io' },
    { kind: 'ServiceAccount', name: 'sa' },
  ]);
  // An explicit empty group is dropped too, as Go's omitempty does.
  const explicit = create(RB, binding('RoleBinding', { kind: 'Role', name: 'r' }, [{ kind: 'ServiceAccount', name: 'sa', namespace: 'ns', apiGroup: '' }]));
  assert.deepEqual(explicit.obj.subjects, [{ kind: 'ServiceAccount', name: 'sa', namespace: 'ns' }]);
  assert.deepEqual(create(RB, binding('RoleBinding', { apiGroup: 'example.com', kind: 'Group' }, [{ kind: 'Robot', name: 'r2' }, { kind: 'ServiceAccount', apiGroup: 'rbac.authorization.k8s.io' }])).errors, [
    'roleRef.apiGroup: Unsupported value: "example.com": supported values: "rbac.authorization.k8s.io"',
    'roleRef.kind: Unsupported value: "Group": supported values: "Role", "ClusterRole"',
    'roleRef.name: Required value',
    'subjects[0].kind: Unsupported value: "Robot": supported values: "ServiceAccount", "User", "Group"',
    'subjects[1].name: Required value',
    'subjects[1].apiGroup: Unsupported value: "rbac.authorization.k8s.io": supported values: ""',
  ]);
  assert.deepEqual(create(CRB, binding('ClusterRoleBinding', { kind: 'Role', name: 'r' }, [{ kind: 'ServiceAccount', name: 'sa' }])).errors, [
    'roleRef.kind: Unsupported value: "Role": supported values: "ClusterRole"',
    'subjects[0].namespace: Required value',
  ]);
  const next = structuredClone(obj) as Record<string, any>;
  next.roleRef = { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'other' };
  assert.deepEqual(update(RB, obj, next).errors, [
    'roleRef: Invalid value: rbac.RoleRef{APIGroup:"rbac.authorization.k8s.io", Kind:"ClusterRole", Name:"other"}: cannot change roleRef',
  ]);
  const subjectsChanged = structuredClone(obj) as Record<string, any>;
  subjectsChanged.subjects.push({ kind: 'Group', name: 'devs' });
  assert.deepEqual(update(RB, obj, subjectsChanged).errors, []);
});
