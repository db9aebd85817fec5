import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { definitions } from '../schema/builtin.js';
import { toFieldsV1 } from './fields-v1.js';
import { encodeManagedFields, decodeManagedFields, type Managers } from './managers.js';
import { mergeValues } from './merge.js';
import { toFieldSet } from './to-field-set.js';
import { SchemaTypes, customResourceRoot } from './type-node.js';
import { applyConfig, recordUpdate, type WriteContext } from './updater.js';
import { StatusError } from '../errors.js';
import { FieldSet } from './field-set.js';

const types = new SchemaTypes(definitions);
const DEPLOYMENT = types.named('io.k8s.api.apps.v1.Deployment');
const ctx = (manager: string, now = '2026-01-01T00:00:00Z'): WriteContext => ({
  root: DEPLOYMENT,
  manager,
  apiVersion: 'apps/v1',
  now,
  filter: (s) => s.recursiveDifference(FieldSet.of([['f:status']])),
});

function deployment(spec: Record<string, unknown>, labels: Record<string, string> = { app: 'web' }) {
  return { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', labels }, spec };
}
const template = (containers: unknown[]) => ({ metadata: { labels: { app: 'web' } }, spec: { containers } });

describe('field set of an applied configuration', () => {
  it('uses list-map keys (with defaulted key fields), atomic structs and granular maps', () => {
    const cfg = deployment({ replicas: 2, selector: { matchLabels: { app: 'web' } }, template: template([{ name: 'nginx', image: 'nginx', ports: [{ containerPort: 80 }] }]) });
    assert.deepEqual(toFieldsV1(toFieldSet(cfg, DEPLOYMENT)), {
      'f:apiVersion': {},
      'f:kind': {},
      'f:metadata': { 'f:labels': { 'f:app': {} }, 'f:name': {} },
      'f:spec': {
        'f:replicas': {},
        'f:selector': {},
        'f:template': {
          'f:metadata': { 'f:labels': { 'f:app': {} } },
          'f:spec': {
            'f:containers': {
              'k:{"name":"nginx"}': { '.': {}, 'f:image': {}, 'f:name': {}, 'f:ports': { 'k:{"containerPort":80,"protocol":"TCP"}': { '.': {}, 'f:containerPort': {} } } },
            },
          },
        },
      },
    });
  });

  it('set lists use v: elements; custom resources follow x-kubernetes-list-type', () => {
    const pod = types.named('io.k8s.api.core.v1.Pod');
    const s = toFieldSet({ metadata: { finalizers: ['a', 'b'] } }, pod);
    assert.deepEqual(toFieldsV1(s), { 'f:metadata': { 'f:finalizers': { 'v:"a"': {}, 'v:"b"': {} } } });
    const cr = customResourceRoot(new SchemaTypes(), {
      type: 'object',
      properties: {
        spec: {
          type: 'object',
          properties: {
            items: { type: 'array', 'x-kubernetes-list-type': 'map', 'x-kubernetes-list-map-keys': ['id'], items: { type: 'object', properties: { id: { type: 'string' }, v: { type: 'integer' } } } },
            tags: { type: 'array', 'x-kubernetes-list-type': 'set', items: { type: 'string' } },
            args: { type: 'array', items: { type: 'string' } },
            free: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
          },
        },
      },
    }, types.named('io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta'));
    const set = toFieldSet({ metadata: { labels: { a: 'b' } }, spec: { items: [{ id: 'x', v: 1 }], tags: ['t'], args: ['1', '2'], free: { deep: { er: 1 } } } }, cr);
    assert.deepEqual(toFieldsV1(set), {
      'f:metadata': { 'f:labels': { 'f:a': {} } },
      'f:spec': { 'f:args': {}, 'f:free': { 'f:deep': { '.': {}, 'f:er': {} } }, 'f:items': { 'k:{"id":"x"}': { '.': {}, 'f:id': {}, 'f:v': {} } }, 'f:tags': { 'v:"t"': {} } },
    });
  });
});

describe('merge of an applied configuration', () => {
  it('merges list-map elements by key, keeps live-only elements, replaces atomic values', () => {
    const live = deployment({ selector: { matchLabels: { app: 'web', x: 'y' } }, template: template([{ name: 'a', image: 'a:1', env: [{ name: 'E', value: '1' }] }, { name: 'b', image: 'b:1' }]) });
    const cfg = deployment({ selector: { matchLabels: { app: 'web' } }, template: template([{ name: 'c', image: 'c:1' }, { name: 'a', image: 'a:2' }]) });
    const out = mergeValues(live, cfg, DEPLOYMENT) as any;
    assert.deepEqual(out.spec.selector, { matchLabels: { app: 'web' } });
    assert.deepEqual(out.spec.template.spec.containers, [{ name: 'c', image: 'c:1' }, { name: 'a', image: 'a:2', env: [{ name: 'E', value: '1' }] }, { name: 'b', image: 'b:1' }]);
  });
});

describe('ownership: updates and applies', () => {
  const created = deployment({ replicas: 1, selector: { matchLabels: { app: 'web' } }, template: template([{ name: 'nginx', image: 'nginx' }]) });

  it('an update owns what it added, with "." for new maps and list elements, value structs as {}', () => {
    const m = recordUpdate(new Map(), { apiVersion: 'apps/v1', kind: 'Deployment', metadata: {} }, created, ctx('kubectl-create'));
    const [entry] = encodeManagedFields(m);
    assert.equal(entry!.manager, 'kubectl-create');
    assert.equal(entry!.operation, 'Update');
    assert.equal(entry!.time, '2026-01-01T00:00:00Z');
    const v1 = entry!.fieldsV1 as any;
    assert.deepEqual(v1['f:metadata'], { 'f:labels': { '.': {}, 'f:app': {} } });
    assert.deepEqual(v1['f:spec']['f:template']['f:spec']['f:containers'], { 'k:{"name":"nginx"}': { '.': {}, 'f:image': {}, 'f:name': {}, 'f:resources': {} } });
    assert.deepEqual(decodeManagedFields(encodeManagedFields(m)).size, 1);
  });

  it('an apply conflicts with a field another manager changed; force takes it over', () => {
    let m: Managers = recordUpdate(new Map(), { apiVersion: 'apps/v1', kind: 'Deployment', metadata: {} }, created, ctx('kubectl-client-side-apply'));
    const cfg = { ...created, spec: { ...created.spec, replicas: 3 } };
    assert.throws(
      () => applyConfig(m, created, cfg, ctx('kubectl'), false),
      (e: unknown) => {
        assert.ok(e instanceof StatusError);
        assert.equal(e.code, 409);
        assert.equal(e.message, 'Apply failed with 1 conflict: conflict with "kubectl-client-side-apply" using apps/v1: .spec.replicas');
        assert.deepEqual(e.details?.causes, [{ reason: 'FieldManagerConflict', message: 'conflict with "kubectl-client-side-apply" using apps/v1', field: '.spec.replicas' }]);
        return true;
      },
    );
    const r = applyConfig(m, created, cfg, ctx('kubectl'), true);
    m = r.managers;
    const byName = new Map(encodeManagedFields(m).map((e) => [e.manager, e.fieldsV1 as any]));
    assert.ok(byName.get('kubectl')['f:spec']['f:replicas']);
    assert.equal(byName.get('kubectl-client-side-apply')['f:spec']['f:replicas'], undefined);
    assert.equal((r.object.spec as any).replicas, 3);
  });

  it('same values are shared without conflict; fields dropped from the apply are removed unless co-owned', () => {
    const cfg1 = deployment({ replicas: 1, selector: { matchLabels: { app: 'web' } }, template: template([{ name: 'nginx', image: 'nginx' }]) }, { app: 'web', tier: 'x' });
    let r = applyConfig(new Map(), { apiVersion: 'apps/v1', kind: 'Deployment', metadata: {} }, cfg1, ctx('a'), false);
    // b applies the same replicas value: no conflict, both own it.
    r = applyConfig(r.managers, r.object, { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web' }, spec: { replicas: 1 } }, ctx('b'), false);
    // a drops replicas and the tier label: tier goes, replicas stays (b owns it).
    const cfg2 = deployment({ selector: { matchLabels: { app: 'web' } }, template: template([{ name: 'nginx', image: 'nginx' }]) });
    r = applyConfig(r.managers, r.object, cfg2, ctx('a'), false);
    assert.deepEqual((r.object.metadata as any).labels, { app: 'web' });
    assert.equal((r.object.spec as any).replicas, 1);
    // b drops it too: now nobody owns it and it goes.
    r = applyConfig(r.managers, r.object, { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web' } }, ctx('b'), false);
    assert.equal((r.object.spec as any).replicas, undefined);
    // Removing the only container element removes it from the list.
    r = applyConfig(r.managers, r.object, deployment({ selector: { matchLabels: { app: 'web' } }, template: template([{ name: 'other', image: 'x' }]) }), ctx('a'), false);
    assert.deepEqual((r.object.spec as any).template.spec.containers, [{ name: 'other', image: 'x' }]);
  });

  it('an apply over a set moved from client-side apply (with "." on struct fields) keeps the fields it still sets', () => {
    // kubectl's migration to server-side apply hands the client-side apply manager's set, as
    // recorded by an update, to the applier: `.metadata.labels` is a member there, while an
    // applied set holds only `.metadata.labels.app`.
    const updated = encodeManagedFields(recordUpdate(new Map(), { apiVersion: 'apps/v1', kind: 'Deployment', metadata: {} }, created, ctx('kubectl-client-side-apply')));
    const migrated = decodeManagedFields(updated.map((e) => ({ ...e, manager: 'kubectl', operation: 'Apply' })));
    assert.ok((encodeManagedFields(migrated)[0]!.fieldsV1 as any)['f:metadata']['f:labels']['.']);
    const r = applyConfig(migrated, created, created, ctx('kubectl'), false);
    assert.deepEqual((r.object.metadata as any).labels, { app: 'web' });
    assert.deepEqual((r.object.spec as any).template.metadata.labels, { app: 'web' });
    assert.deepEqual((r.object.spec as any).template.spec.containers, [{ name: 'nginx', image: 'nginx' }]);
    // What the configuration no longer sets still goes: a label, and a struct field with all of its fields.
    const fewer = deployment({ selector: { matchLabels: { app: 'web' } }, template: template([{ name: 'nginx', image: 'nginx' }]) }, { app: 'web' });
    const withTier = applyConfig(r.managers, r.object, { ...fewer, metadata: { name: 'web', labels: { app: 'web', tier: 'x' } }, spec: { ...fewer.spec, strategy: { type: 'Recreate' } } }, ctx('kubectl'), false);
    const dropped = applyConfig(withTier.managers, withTier.object, fewer, ctx('kubectl'), false);
    assert.deepEqual((dropped.object.metadata as any).labels, { app: 'web' });
    assert.equal((dropped.object.spec as any).strategy, undefined);
    assert.equal((dropped.object.spec as any).replicas, undefined);
  });

  it('several conflicts list managers sorted, one path per line', () => {
    let m: Managers = recordUpdate(new Map(), { apiVersion: 'apps/v1', kind: 'Deployment', metadata: {} }, created, ctx('z-updater'));
    const scaled = { ...created, spec: { ...created.spec, paused: true } };
    m = recordUpdate(m, created, scaled, ctx('a-updater'));
    const cfg = { ...scaled, spec: { ...scaled.spec, replicas: 5, paused: false } };
    try {
      applyConfig(m, scaled, cfg, ctx('kubectl'), false);
      assert.fail('expected a conflict');
    } catch (e) {
      assert.ok(e instanceof StatusError);
      assert.equal(e.message, 'Apply failed with 2 conflicts: conflicts with "a-updater" using apps/v1:\n- .spec.paused\nconflicts with "z-updater" using apps/v1:\n- .spec.replicas');
    }
  });
});

describe('capping update managers', () => {
  it('merges the oldest Update entries of a version into ancient-changes beyond 10', async () => {
    const { capUpdateManagers } = await import('./cap.js');
    const { managerId } = await import('./managers.js');
    const m: Managers = new Map();
    for (let i = 0; i < 12; i++) {
      const e = { manager: `u${i}`, operation: 'Update' as const, apiVersion: 'apps/v1', time: `2026-01-01T00:00:${String(i).padStart(2, '0')}Z`, set: FieldSet.of([[`f:f${i}`]]) };
      m.set(managerId(e), e);
    }
    const applier = { manager: 'kubectl', operation: 'Apply' as const, apiVersion: 'apps/v1', set: FieldSet.of([['f:spec']]) };
    m.set(managerId(applier), applier);
    const capped = [...capUpdateManagers(m).values()];
    assert.equal(capped.filter((e) => e.operation === 'Update').length, 10);
    const ancient = capped.find((e) => e.manager === 'ancient-changes')!;
    assert.deepEqual(ancient.set.paths(), [['f:f0'], ['f:f1'], ['f:f2']]);
    assert.equal(ancient.time, '2026-01-01T00:00:02Z');
    assert.ok(capped.some((e) => e.manager === 'kubectl'));
  });
});

describe('typed check of an apply configuration', () => {
  it('reports duplicate keys and missing key fields without defaults, with upstream texts', async () => {
    const { validateApplied } = await import('./validate-applied.js');
    const svc = types.named('io.k8s.api.core.v1.Service');
    // protocol has a default (TCP), so [{port: 80}] and [{port: 80, protocol: TCP}] are the same key.
    assert.deepEqual(validateApplied({ spec: { ports: [{ port: 80 }, { port: 80, protocol: 'TCP' }] } }, svc), ['.spec.ports: duplicate entries for key [port=80,protocol="TCP"]']);
    const cr = customResourceRoot(new SchemaTypes(), { type: 'object', properties: { spec: { type: 'object', properties: { l: { type: 'array', 'x-kubernetes-list-type': 'map', 'x-kubernetes-list-map-keys': ['k'], items: { type: 'object', properties: { k: { type: 'string' } } } } } } } }, types.named('io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta'));
    assert.deepEqual(validateApplied({ spec: { l: [{ k: 'a' }, { v: 1 }] } }, cr), ['.spec.l: element 1: associative list with keys has an element that omits key field "k" (and doesn\'t have default value)']);
    assert.deepEqual(validateApplied({ spec: { l: [{ k: 'a' }] } }, cr), []);
  });
});
