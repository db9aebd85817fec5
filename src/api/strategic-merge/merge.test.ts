// Strategic merge patch over the generated built-in schemas.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { definitions } from '../schema/builtin.js';
import { applyStrategicMergePatch, createPatchSchema, StrategicMergeError } from './index.js';

const schema = createPatchSchema(definitions);
const DEPLOYMENT = 'io.k8s.api.apps.v1.Deployment';
const POD = 'io.k8s.api.core.v1.Pod';
const smp = (def: string, original: unknown, patch: unknown) => applyStrategicMergePatch(original, patch, def, schema);
const podSpec = (spec: unknown) => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec });
const deploy = (podSpecValue: unknown, extra: Record<string, unknown> = {}) => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'd' },
  spec: { replicas: 1, ...extra, template: { spec: podSpecValue } },
});
const names = (list: Array<{ name: string }>) => list.map((c) => c.name);
function fails(fn: () => unknown, code: number, text: RegExp | string): void {
  assert.throws(fn, (e: unknown) => {
    assert.ok(e instanceof StrategicMergeError, String(e));
    assert.equal(e.code, code);
    if (typeof text === 'string') assert.equal(e.message, text);
    else assert.match(e.message, text);
    return true;
  });
}

describe('maps and scalars', () => {
  it('merges maps recursively and replaces scalars', () => {
    const out = smp(DEPLOYMENT, deploy({ containers: [] }), { metadata: { labels: { a: 'b' } }, spec: { replicas: 3 } });
    assert.deepEqual(out.metadata, { name: 'd', labels: { a: 'b' } });
    assert.equal((out.spec as any).replicas, 3);
    assert.deepEqual((out.spec as any).template, { spec: { containers: [] } });
  });
  it('null deletes a key, and a null for a missing key adds nothing', () => {
    const o = { metadata: { name: 'x', labels: { a: '1', b: '2' } } };
    assert.deepEqual(smp(POD, o, { metadata: { labels: { a: null, c: null } } }), { metadata: { name: 'x', labels: { b: '2' } } });
    assert.deepEqual(smp(POD, o, { metadata: { labels: null } }), { metadata: { name: 'x' } });
  });
  it('a value of another type replaces the old one', () => {
    assert.deepEqual(smp(POD, { spec: { nodeSelector: { a: 'b' } } }, { spec: { nodeSelector: 'x' } }), { spec: { nodeSelector: 'x' } });
  });
  it('never mutates its inputs (and merges the env of a template container)', () => {
    const o = deploy({ containers: [{ name: 'a', image: 'x', env: [{ name: 'E', value: '1' }] }] });
    const p = { spec: { template: { spec: { containers: [{ name: 'a', env: [{ name: 'E', value: '2' }] }] } } } };
    const before = structuredClone([o, p]);
    const out = smp(DEPLOYMENT, o, p);
    assert.deepEqual([o, p], before);
    assert.deepEqual((out.spec as any).template.spec.containers, [{ name: 'a', image: 'x', env: [{ name: 'E', value: '2' }] }]);
  });
  it('a __proto__ key is data, never a prototype', () => {
    const out = smp(POD, { metadata: {} }, JSON.parse('{"metadata":{"labels":{"__proto__":"x"}}}'));
    assert.equal(Object.getPrototypeOf((out.metadata as any).labels), Object.prototype);
    assert.deepEqual(Object.keys((out.metadata as any).labels), ['__proto__']);
  });
});

describe('lists merged by their merge key', () => {
  const twoContainers = podSpec({ containers: [{ name: 'app', image: 'nginx:1.24' }, { name: 'side', image: 'busybox' }] });
  it('containers by name: a changed image keeps the other containers', () => {
    const out = smp(POD, twoContainers, { spec: { containers: [{ name: 'app', image: 'nginx:1.25' }] } });
    assert.deepEqual((out.spec as any).containers, [{ name: 'app', image: 'nginx:1.25' }, { name: 'side', image: 'busybox' }]);
  });
  it('a new item goes before the items only the server has (upstream order)', () => {
    const out = smp(POD, twoContainers, { spec: { containers: [{ name: 'new', image: 'redis' }] } });
    assert.deepEqual(names((out.spec as any).containers), ['new', 'app', 'side']);
  });
  it('items the patch names keep the server order around them', () => {
    const o = podSpec({ containers: [{ name: 'a' }, { name: 'b' }, { name: 'c' }] });
    const out = smp(POD, o, { spec: { containers: [{ name: 'b', image: 'x' }] } });
    assert.deepEqual(names((out.spec as any).containers), ['a', 'b', 'c']);
  });
  it('initContainers, ephemeralContainers, volumes and env merge by name; volumeMounts by mountPath (upstream)', () => {
    const o = podSpec({
      initContainers: [{ name: 'i1', image: 'a' }, { name: 'i2', image: 'b' }],
      ephemeralContainers: [{ name: 'e1', image: 'a' }],
      volumes: [{ name: 'v1', emptyDir: {} }, { name: 'v2', configMap: { name: 'cm' } }],
      containers: [{ name: 'c', env: [{ name: 'A', value: '1' }, { name: 'B', value: '2' }], volumeMounts: [{ name: 'v1', mountPath: '/a' }] }],
    });
    const out = smp(POD, o, {
      spec: {
        initContainers: [{ name: 'i2', image: 'c' }],
        ephemeralContainers: [{ name: 'e2', image: 'b' }],
        volumes: [{ name: 'v2', configMap: { name: 'cm2' } }],
        containers: [{ name: 'c', env: [{ name: 'B', value: '3' }], volumeMounts: [{ mountPath: '/a', readOnly: true }] }],
      },
    }).spec as any;
    assert.deepEqual(out.initContainers, [{ name: 'i1', image: 'a' }, { name: 'i2', image: 'c' }]);
    assert.deepEqual(names(out.ephemeralContainers), ['e2', 'e1']);
    assert.deepEqual(out.volumes, [{ name: 'v1', emptyDir: {} }, { name: 'v2', configMap: { name: 'cm2' } }]);
    assert.deepEqual(out.containers[0].env, [{ name: 'A', value: '1' }, { name: 'B', value: '3' }]);
    assert.deepEqual(out.containers[0].volumeMounts, [{ name: 'v1', mountPath: '/a', readOnly: true }]);
  });
  it('container ports merge by containerPort', () => {
    const o = podSpec({ containers: [{ name: 'c', ports: [{ containerPort: 80, name: 'http' }, { containerPort: 81 }] }] });
    const out = smp(POD, o, { spec: { containers: [{ name: 'c', ports: [{ containerPort: 80, protocol: 'TCP' }] }] } }).spec as any;
    assert.deepEqual(out.containers[0].ports, [{ containerPort: 80, name: 'http', protocol: 'TCP' }, { containerPort: 81 }]);
  });
  it('service ports merge by port, imagePullSecrets by name, ownerReferences by uid', () => {
    const svc = smp('io.k8s.api.core.v1.Service', { spec: { ports: [{ port: 80, targetPort: 8080 }, { port: 443 }] } }, { spec: { ports: [{ port: 80, targetPort: 9090 }] } });
    assert.deepEqual((svc.spec as any).ports, [{ port: 80, targetPort: 9090 }, { port: 443 }]);
    const pod = smp(POD, podSpec({ imagePullSecrets: [{ name: 'a' }] }), { spec: { imagePullSecrets: [{ name: 'b' }] } });
    assert.deepEqual((pod.spec as any).imagePullSecrets, [{ name: 'b' }, { name: 'a' }]);
    const owned = smp(POD, { metadata: { ownerReferences: [{ uid: '1', name: 'x' }] } }, { metadata: { ownerReferences: [{ uid: '1', name: 'y' }] } });
    assert.deepEqual((owned.metadata as any).ownerReferences, [{ uid: '1', name: 'y' }]);
  });
  it('lists without a merge strategy are replaced: tolerations, args, rbac rules', () => {
    const o = podSpec({ tolerations: [{ key: 'a' }], containers: [{ name: 'c', args: ['x', 'y'] }] });
    const out = smp(POD, o, { spec: { tolerations: [{ key: 'b' }], containers: [{ name: 'c', args: ['z'] }] } }).spec as any;
    assert.deepEqual(out.tolerations, [{ key: 'b' }]);
    assert.deepEqual(out.containers[0].args, ['z']);
    const role = smp('io.k8s.api.rbac.v1.Role', { rules: [{ verbs: ['get'] }] }, { rules: [{ verbs: ['list'] }] });
    assert.deepEqual(role.rules, [{ verbs: ['list'] }]);
  });
  it('a list the object lacks is taken from the patch, without directives', () => {
    const out = smp(POD, podSpec({}), { spec: { containers: [{ name: 'a', image: 'x' }, { name: 'gone', $patch: 'delete' }] } });
    assert.deepEqual((out.spec as any).containers, [{ name: 'a', image: 'x' }]);
  });
});

describe('$patch directives', () => {
  const o = podSpec({ containers: [{ name: 'a', image: 'x' }, { name: 'b', image: 'y' }], securityContext: { runAsUser: 1, runAsGroup: 2 } });
  it('$patch: delete in a list item removes the item with that key', () => {
    const out = smp(POD, o, { spec: { containers: [{ name: 'a', $patch: 'delete' }] } });
    assert.deepEqual((out.spec as any).containers, [{ name: 'b', image: 'y' }]);
  });
  it('$patch: replace in a list item replaces the whole list', () => {
    const out = smp(POD, o, { spec: { containers: [{ name: 'c', image: 'z' }, { $patch: 'replace' }] } });
    assert.deepEqual((out.spec as any).containers, [{ name: 'c', image: 'z' }]);
  });
  it('$patch: replace in a map replaces the map', () => {
    const out = smp(POD, o, { spec: { securityContext: { $patch: 'replace', runAsUser: 5 } } });
    assert.deepEqual((out.spec as any).securityContext, { runAsUser: 5 });
  });
  it('$patch: delete in a map empties it', () => {
    const out = smp(POD, o, { spec: { securityContext: { $patch: 'delete' } } });
    assert.deepEqual((out.spec as any).securityContext, {});
  });
  it('$patch: merge in a list is refused, an unknown directive too', () => {
    fails(() => smp(POD, o, { spec: { containers: [{ $patch: 'merge' }] } }), 422, 'merging lists cannot yet be specified in the patch');
    fails(() => smp(POD, o, { spec: { containers: [{ name: 'a', $patch: 'bogus' }] } }), 422, 'unknown patch type: bogus in map: map[$patch:bogus name:a]');
    fails(() => smp(POD, o, { spec: { securityContext: { $patch: 'merge' } } }), 422, 'unknown patch type: merge in map: map[$patch:merge]');
  });
  it('$patch: delete without the merge key is refused', () => {
    fails(() => smp(POD, o, { spec: { containers: [{ image: 'x', $patch: 'delete' }] } }), 422, 'map: map[$patch:delete image:x] does not contain declared merge key: name');
  });
});

describe('primitive lists with the merge strategy (finalizers)', () => {
  const o = { metadata: { name: 'x', finalizers: ['a', 'b'] } };
  it('merge as sets: new values first, duplicates once', () => {
    assert.deepEqual((smp(POD, o, { metadata: { finalizers: ['c', 'a'] } }).metadata as any).finalizers, ['c', 'a', 'b']);
  });
  it('$deleteFromPrimitiveList removes values', () => {
    assert.deepEqual((smp(POD, o, { metadata: { '$deleteFromPrimitiveList/finalizers': ['a', 'zz'] } }).metadata as any).finalizers, ['b']);
  });
  it('$deleteFromPrimitiveList on a missing list adds nothing', () => {
    assert.deepEqual(smp(POD, { metadata: { name: 'x' } }, { metadata: { '$deleteFromPrimitiveList/finalizers': ['a'] } }).metadata, { name: 'x' });
  });
  it('a malformed $deleteFromPrimitiveList key is a 400', () => {
    fails(() => smp(POD, o, { metadata: { $deleteFromPrimitiveListfinalizers: ['a'] } }), 400, 'invalid patch format of primitive list');
  });
});

describe('$setElementOrder', () => {
  it('orders a merged list of maps as listed (what kubectl set image sends)', () => {
    const o = podSpec({ containers: [{ name: 'a', image: '1' }, { name: 'b', image: '2' }] });
    const out = smp(POD, o, { spec: { '$setElementOrder/containers': [{ name: 'b' }, { name: 'a' }], containers: [{ name: 'a', image: '3' }] } });
    assert.deepEqual((out.spec as any).containers, [{ name: 'b', image: '2' }, { name: 'a', image: '3' }]);
  });
  it('works with deletions, as client-side apply computes them', () => {
    const o = podSpec({ containers: [{ name: 'c', ports: [{ containerPort: 80 }, { containerPort: 81 }] }] });
    const out = smp(POD, o, {
      spec: {
        containers: [{ name: 'c', '$setElementOrder/ports': [{ containerPort: 80 }, { containerPort: 82 }], ports: [{ containerPort: 82 }, { $patch: 'delete', containerPort: 81 }] }],
      },
    });
    assert.deepEqual((out.spec as any).containers[0].ports, [{ containerPort: 80 }, { containerPort: 82 }]);
  });
  it('orders primitive lists', () => {
    const out = smp(POD, { metadata: { finalizers: ['a', 'b'] } }, { metadata: { '$setElementOrder/finalizers': ['c', 'b', 'a'], finalizers: ['c'] } });
    assert.deepEqual((out.metadata as any).finalizers, ['c', 'b', 'a']);
  });
  it('reorders without changing contents when the patch has no list', () => {
    const o = podSpec({ containers: [{ name: 'a' }, { name: 'b' }] });
    const out = smp(POD, o, { spec: { '$setElementOrder/containers': [{ name: 'b' }, { name: 'a' }] } });
    assert.deepEqual(names((out.spec as any).containers), ['b', 'a']);
  });
  it('refuses a patch list out of the directive order, and a non-list directive', () => {
    const o = podSpec({ containers: [{ name: 'a' }, { name: 'b' }] });
    fails(() => smp(POD, o, { spec: { '$setElementOrder/containers': [{ name: 'a' }, { name: 'b' }], containers: [{ name: 'b' }, { name: 'a' }] } }), 422, /^The order in patch list:\n\[map\[name:b\] map\[name:a\]\]\n doesn't match \$setElementOrder list:/);
    fails(() => smp(POD, o, { spec: { '$setElementOrder/containers': 'x' } }), 422, 'expected a []interface {}, but received a string');
    fails(() => smp(POD, o, { spec: { $setElementOrdercontainers: [] } }), 400, 'invalid patch format of setElementOrder list');
  });
});

describe('$retainKeys', () => {
  it('clears the keys not listed (a volume changing its source)', () => {
    const o = podSpec({ volumes: [{ name: 'v', emptyDir: {} }] });
    const out = smp(POD, o, { spec: { volumes: [{ name: 'v', $retainKeys: ['configMap', 'name'], configMap: { name: 'cm' } }] } });
    assert.deepEqual((out.spec as any).volumes, [{ name: 'v', configMap: { name: 'cm' } }]);
  });
  it('deployment strategy: Recreate drops rollingUpdate', () => {
    const o = deploy({}, { strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%' } } });
    const out = smp(DEPLOYMENT, o, { spec: { strategy: { $retainKeys: ['type'], type: 'Recreate' } } });
    assert.deepEqual((out.spec as any).strategy, { type: 'Recreate' });
  });
  it('refuses a patch key the directive does not list, and a non-list directive', () => {
    const o = deploy({}, { strategy: { type: 'RollingUpdate' } });
    fails(() => smp(DEPLOYMENT, o, { spec: { strategy: { $retainKeys: ['type'], rollingUpdate: {} } } }), 400, 'invalid patch format of retainKeys');
    fails(() => smp(DEPLOYMENT, o, { spec: { strategy: { $retainKeys: 'type' } } }), 400, 'invalid patch format of retainKeys');
  });
});

describe('errors', () => {
  const o = podSpec({ containers: [{ name: 'a', image: 'x' }] });
  it('an item without its merge key names the item and the key', () => {
    fails(() => smp(POD, o, { spec: { containers: [{ image: 'nginx' }] } }), 422, 'map: map[image:nginx] does not contain declared merge key: name');
  });
  it('the error carries the field path', () => {
    try {
      smp(POD, o, { spec: { containers: [{ image: 'nginx' }] } });
      assert.fail('no error');
    } catch (e) {
      assert.equal((e as StrategicMergeError).field, 'spec.containers');
    }
  });
  it('mixed item types and lists of lists are refused', () => {
    fails(() => smp(POD, { metadata: { finalizers: ['a'] } }, { metadata: { finalizers: [1] } }), 422, /^list element types are not identical/);
    fails(() => smp(POD, { metadata: { finalizers: [['a']] } }, { metadata: { finalizers: [['b']] } }), 422, 'lists of lists are not supported');
  });
  it('a patch that is not an object is refused', () => {
    fails(() => smp(POD, o, [1]), 400, /JSON object/);
  });
});

describe('other kinds and views', () => {
  it('a Scale is patched with its own schema', () => {
    const out = smp('io.k8s.api.autoscaling.v1.Scale', { kind: 'Scale', spec: { replicas: 1 }, status: { replicas: 1 } }, { spec: { replicas: 4 } });
    assert.deepEqual(out.spec, { replicas: 4 });
  });
  it('node taints are replaced, pod conditions merge by type', () => {
    const node = smp('io.k8s.api.core.v1.Node', { spec: { taints: [{ key: 'a', effect: 'NoSchedule' }] } }, { spec: { taints: [{ key: 'b', effect: 'NoSchedule' }] } });
    assert.deepEqual((node.spec as any).taints, [{ key: 'b', effect: 'NoSchedule' }]);
    const pod = smp(POD, { status: { conditions: [{ type: 'Ready', status: 'False' }, { type: 'Initialized', status: 'True' }] } }, { status: { conditions: [{ type: 'Ready', status: 'True' }] } });
    assert.deepEqual((pod.status as any).conditions, [{ type: 'Ready', status: 'True' }, { type: 'Initialized', status: 'True' }]);
  });
  it('free-form data (ConfigMap data, a ControllerRevision raw object) merges as maps', () => {
    const cm = smp('io.k8s.api.core.v1.ConfigMap', { data: { a: '1', b: '2' } }, { data: { a: null, c: '3' } });
    assert.deepEqual(cm.data, { b: '2', c: '3' });
    const cr = smp('io.k8s.api.apps.v1.ControllerRevision', { data: { spec: { x: 1, y: [1] } } }, { data: { spec: { y: [2] } } });
    assert.deepEqual(cr.data, { spec: { x: 1, y: [2] } });
  });
});

describe('more upstream strategies', () => {
  it('a PodDisruptionBudget selector (patch strategy replace) is replaced, not merged', () => {
    const out = smp('io.k8s.api.policy.v1.PodDisruptionBudget', { spec: { selector: { matchLabels: { a: '1' } } } }, { spec: { selector: { matchLabels: { b: '2' } } } });
    assert.deepEqual((out.spec as any).selector, { matchLabels: { b: '2' } });
  });
  it('client-side apply on finalizers: order, additions and deletions together', () => {
    const out = smp(POD, { metadata: { finalizers: ['a', 'b', 'c'] } }, {
      metadata: { '$setElementOrder/finalizers': ['c', 'd', 'a'], finalizers: ['d'], '$deleteFromPrimitiveList/finalizers': ['b'] },
    });
    assert.deepEqual((out.metadata as any).finalizers, ['c', 'd', 'a']);
  });
  it('resource quantities (additionalProperties maps) merge by key', () => {
    const o = podSpec({ containers: [{ name: 'c', resources: { limits: { cpu: '1', memory: '1Gi' } } }] });
    const out = smp(POD, o, { spec: { containers: [{ name: 'c', resources: { limits: { cpu: '2', memory: null } } }] } });
    assert.deepEqual((out.spec as any).containers[0].resources, { limits: { cpu: '2' } });
  });
  it('$patch: replace on a map the object lacks sets it without the directive', () => {
    const out = smp(POD, podSpec({}), { spec: { securityContext: { $patch: 'replace', runAsUser: 1 } } });
    assert.deepEqual((out.spec as any).securityContext, { runAsUser: 1 });
  });
  it('$patch: replace at the top replaces the whole object', () => {
    assert.deepEqual(smp(POD, { metadata: { name: 'a' }, spec: {} }, { $patch: 'replace', metadata: { name: 'b' } }), { metadata: { name: 'b' } });
  });
  it('nested merges: a volume mount of a container of a deployment template', () => {
    const o = deploy({ containers: [{ name: 'c', volumeMounts: [{ name: 'v', mountPath: '/a' }, { name: 'w', mountPath: '/b' }] }] });
    const out = smp(DEPLOYMENT, o, { spec: { template: { spec: { containers: [{ name: 'c', volumeMounts: [{ mountPath: '/b', $patch: 'delete' }] }] } } } });
    assert.deepEqual((out.spec as any).template.spec.containers[0].volumeMounts, [{ name: 'v', mountPath: '/a' }]);
  });
});
