import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { createBuiltinSchemaChecker, definitionForKind, definitions } from './builtin.js';
import { createSchemaChecker, type CheckResult, type UnknownFieldMode } from './decode.js';
import type { SchemaDef } from './types.js';
import { seededRandom } from '../testing/seeded-random.js';

// dist/src/api/schema/ (compiled) or src/api/schema/ -> repository root
function repoRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json'))) {
    const up = dirname(dir);
    if (up === dir) throw new Error('no repository root');
    dir = up;
  }
  return dir;
}
const ROOT = repoRoot();
const FIXTURES = join(ROOT, 'test/fixtures/manifests');

const checker = createBuiltinSchemaChecker();

function objectsOf(file: string): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  for (const doc of parseAllDocuments(readFileSync(file, 'utf8'))) {
    if (doc.errors.length > 0) continue;
    const o = doc.toJS() as unknown;
    if (o === null || typeof o !== 'object' || Array.isArray(o)) continue;
    const obj = o as Record<string, unknown>;
    if (obj.kind === 'List' && Array.isArray(obj.items)) out.push(...(obj.items as Record<string, unknown>[]));
    else out.push(obj);
  }
  return out;
}

function check(obj: Record<string, unknown>, mode: UnknownFieldMode = 'strict'): CheckResult {
  const def = definitionForKind(String(obj.apiVersion), String(obj.kind));
  assert.ok(def, `no definition for ${String(obj.apiVersion)} ${String(obj.kind)}`);
  return checker.checkObject(def, obj, { unknownFields: mode });
}

const D = 'io.k8s.api.apps.v1.Deployment';
const POD = 'io.k8s.api.core.v1.Pod';
const run = (def: string, v: unknown, mode: UnknownFieldMode = 'strict'): CheckResult =>
  checker.checkObject(def, v, { unknownFields: mode });

// ---------------------------------------------------------------------------------------------

test('fixture manifests decode cleanly, and the result is the input itself', () => {
  const files = readdirSync(FIXTURES).filter((f) => f.endsWith('.yaml'));
  assert.ok(files.length >= 10);
  let n = 0;
  for (const f of files) {
    for (const obj of objectsOf(join(FIXTURES, f))) {
      const r = check(obj);
      assert.deepEqual(r.typeErrors, [], f);
      assert.deepEqual(r.unknownFields, [], f);
      assert.equal(r.value, obj, `${f}: nothing to drop, so the input comes back`);
      n++;
    }
  }
  assert.ok(n >= 15, `${n} objects`);
});

test('fixture manifests with real mistakes', () => {
  const fc = objectsOf(join(FIXTURES, 'invalid/volumes--fibre_channel--fc.yaml'))[0]!;
  assert.deepEqual(check(fc).typeErrors, [
    'json: cannot unmarshal string into Go struct field FCVolumeSource.spec.volumes.fc.lun of type int32',
  ]);
  const rbd = objectsOf(join(FIXTURES, 'invalid/volumes--rbd--rbd.yaml'))[0]!;
  const r = check(rbd, 'warn');
  assert.deepEqual(r.typeErrors, []);
  assert.deepEqual(r.unknownFields, [
    'unknown field "spec.volumes[0].rbd.imageformat"',
    'unknown field "spec.volumes[0].rbd.imagefeatures"',
  ]);
  const rbdOut = (r.value as { spec: { volumes: { rbd: Record<string, unknown> }[] } }).spec.volumes[0]!.rbd;
  assert.deepEqual(Object.keys(rbdOut), ['monitors', 'pool', 'image', 'fsType', 'readOnly', 'user', 'keyring']);
});

// The snapshot of real-world manifests beside the repository (skipped where it is absent).
// Files listed here carry genuine mistakes; every other object must decode cleanly.


// ---------------------------------------------------------------------------------------------

test('misspelled fields are reported with their full path', () => {
  const dep = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'x', labelss: { a: 'b' } },
    spec: {
      replicas: 1,
      selector: { matchLabels: { app: 'x' } },
      template: {
        metadata: { labels: { app: 'x' }, containers: [] },
        spec: {
          containers: [
            { name: 'a', image: 'nginx' },
            { name: 'b', imagee: 'nginx', ports: [{ containerPort: 80, protocl: 'TCP' }], resources: { limit: {} } },
          ],
          Volumes: [],
        },
      },
    },
    Status: {},
  };
  const r = run(D, dep);
  assert.deepEqual(r.typeErrors, []);
  assert.deepEqual(r.unknownFields, [
    'unknown field "metadata.labelss"',
    'unknown field "spec.template.metadata.containers"',
    'unknown field "spec.template.spec.containers[1].imagee"',
    'unknown field "spec.template.spec.containers[1].ports[0].protocl"',
    'unknown field "spec.template.spec.containers[1].resources.limit"',
    'unknown field "spec.template.spec.Volumes"',
    'unknown field "Status"',
  ]);
  // field names are case-sensitive, as upstream's decoder is
  assert.deepEqual(run(POD, { Spec: {} }).unknownFields, ['unknown field "Spec"']);
});

test('unknown fields under map values carry the map key in the path', () => {
  const crd = {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    spec: {
      versions: [
        {
          name: 'v1',
          schema: { openAPIV3Schema: { type: 'object', properties: { spec: { type: 'object', foo: 1 } } } },
        },
      ],
    },
  };
  assert.deepEqual(run('io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.CustomResourceDefinition', crd).unknownFields, [
    'unknown field "spec.versions[0].schema.openAPIV3Schema.properties.spec.foo"',
  ]);
});

test('unknown fields: modes, removal, no mutation, cap of 100', () => {
  const pod = { apiVersion: 'v1', kind: 'Pod', spec: { containers: [{ name: 'a', bogus: 1 }], junk: true }, extra: 'x' };
  const before = structuredClone(pod);
  const want = { apiVersion: 'v1', kind: 'Pod', spec: { containers: [{ name: 'a' }] } };
  for (const mode of ['strict', 'warn', 'ignore'] as const) {
    const r = run(POD, pod, mode);
    assert.deepEqual(r.value, want, mode);
    assert.deepEqual(r.unknownFields.length, mode === 'ignore' ? 0 : 3, mode);
  }
  assert.deepEqual(pod, before, 'input untouched');

  const many: Record<string, unknown> = {};
  for (let i = 0; i < 150; i++) many[`f${i}`] = i;
  const r = run(POD, many);
  assert.equal(r.unknownFields.length, 100);
  assert.deepEqual(r.value, {});
});

test('unchanged subtrees are shared with the input', () => {
  const spec = { containers: [{ name: 'a', image: 'x' }] };
  const pod = { metadata: { name: 'p', bogus: 1 }, spec };
  const r = run(POD, pod, 'warn');
  const out = r.value as typeof pod;
  assert.notEqual(out, pod);
  assert.equal(out.spec, spec);
  assert.deepEqual(out.metadata, { name: 'p' });
});

test('type errors read like upstream', () => {
  const cases: [string, unknown, string][] = [
    [D, { spec: { replicas: '3' } }, 'json: cannot unmarshal string into Go struct field DeploymentSpec.spec.replicas of type int32'],
    [D, { spec: { replicas: 1.5 } }, 'json: cannot unmarshal number 1.5 into Go struct field DeploymentSpec.spec.replicas of type int32'],
    [D, { spec: { replicas: 3000000000 } }, 'json: cannot unmarshal number 3000000000 into Go struct field DeploymentSpec.spec.replicas of type int32'],
    [D, { spec: { replicas: -2147483649 } }, 'json: cannot unmarshal number -2147483649 into Go struct field DeploymentSpec.spec.replicas of type int32'],
    [D, { spec: { paused: 'true' } }, 'json: cannot unmarshal string into Go struct field DeploymentSpec.spec.paused of type bool'],
    [D, { spec: 'x' }, 'json: cannot unmarshal string into Go struct field Deployment.spec of type v1.DeploymentSpec'],
    [D, { spec: [] }, 'json: cannot unmarshal array into Go struct field Deployment.spec of type v1.DeploymentSpec'],
    [D, { kind: 5 }, 'json: cannot unmarshal number into Go struct field Deployment.kind of type string'],
    [D, [], 'json: cannot unmarshal array into Go value of type v1.Deployment'],
    [D, { spec: { template: { spec: { containers: [{ name: 5 }] } } } },
      'json: cannot unmarshal number into Go struct field Container.spec.template.spec.containers.name of type string'],
    [POD, { spec: { containers: { name: 'x' } } }, 'json: cannot unmarshal object into Go struct field PodSpec.spec.containers of type []v1.Container'],
    [POD, { spec: { containers: ['x'] } }, 'json: cannot unmarshal string into Go struct field PodSpec.spec.containers of type v1.Container'],
    [POD, { spec: { containers: [{ args: 'x' }] } }, 'json: cannot unmarshal string into Go struct field Container.spec.containers.args of type []string'],
    [POD, { spec: { containers: [{ args: [1] }] } }, 'json: cannot unmarshal number into Go struct field Container.spec.containers.args of type string'],
    [POD, { metadata: { labels: { a: 1 } } }, 'json: cannot unmarshal number into Go struct field ObjectMeta.metadata.labels of type string'],
    [POD, { metadata: { labels: [] } }, 'json: cannot unmarshal array into Go struct field ObjectMeta.metadata.labels of type map[string]string'],
    [POD, { metadata: { uid: 1 } }, 'json: cannot unmarshal number into Go struct field ObjectMeta.metadata.uid of type types.UID'],
    [POD, { spec: { containers: [{ ports: [{ containerPort: '80' }] }] } },
      'json: cannot unmarshal string into Go struct field ContainerPort.spec.containers.ports.containerPort of type int32'],
    [POD, { spec: { containers: [{ ports: [{ protocol: 6 }] }] } },
      'json: cannot unmarshal number into Go struct field ContainerPort.spec.containers.ports.protocol of type v1.Protocol'],
    [POD, { spec: { restartPolicy: true } }, 'json: cannot unmarshal bool into Go struct field PodSpec.spec.restartPolicy of type v1.RestartPolicy'],
    [POD, { spec: { containers: [{ resources: { limits: 'x' } }] } },
      'json: cannot unmarshal string into Go struct field ResourceRequirements.spec.containers.resources.limits of type v1.ResourceList'],
    [POD, { spec: { containers: [{ securityContext: { capabilities: { drop: [1] } } }] } },
      'json: cannot unmarshal number into Go struct field Capabilities.spec.containers.securityContext.capabilities.drop of type v1.Capability'],
    [POD, { spec: { securityContext: { runAsUser: 'root' } } },
      'json: cannot unmarshal string into Go struct field PodSecurityContext.spec.securityContext.runAsUser of type int64'],
    ['io.k8s.api.core.v1.Secret', { data: { a: 1 } }, 'json: cannot unmarshal number into Go struct field Secret.data of type []uint8'],
    ['io.k8s.api.core.v1.Secret', { data: { a: [300] } }, 'json: cannot unmarshal number 300 into Go struct field Secret.data of type uint8'],
    ['io.k8s.api.core.v1.Secret', { stringData: [] }, 'json: cannot unmarshal array into Go struct field Secret.stringData of type map[string]string'],
    ['io.k8s.api.core.v1.Service', { spec: { ports: [{ port: 80, targetPort: true }] } },
      'json: cannot unmarshal bool into Go struct field ServicePort.spec.ports.targetPort of type int32'],
    ['io.k8s.api.core.v1.Service', { spec: { ports: [{ port: 80, targetPort: 8.5 }] } },
      'json: cannot unmarshal number 8.5 into Go struct field ServicePort.spec.ports.targetPort of type int32'],
    ['io.k8s.api.autoscaling.v2.HorizontalPodAutoscaler', { spec: { metrics: [{ type: 'Resource', resource: { name: 1 } }] } },
      'json: cannot unmarshal number into Go struct field ResourceMetricSource.spec.metrics.resource.name of type v1.ResourceName'],
  ];
  for (const [def, v, want] of cases) {
    const r = run(def, v);
    assert.equal(r.typeErrors[0], want, JSON.stringify(v));
  }
});

test('custom decoders: quantities, times, base64', () => {
  const q = "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";
  const res = (limits: unknown) => ({ spec: { containers: [{ name: 'a', resources: { limits } }] } });
  assert.deepEqual(run(POD, res({ cpu: '1x' })).typeErrors, [q]);
  assert.deepEqual(run(POD, res({ cpu: true })).typeErrors, [q]);
  assert.deepEqual(run(POD, res({ cpu: {} })).typeErrors, [q]);
  assert.deepEqual(run(POD, res({ memory: '1kk' })).typeErrors, ["unable to parse quantity's suffix"]);
  assert.deepEqual(run(POD, res({ cpu: 0.5, memory: ' 1Gi ', x: '100m' })).typeErrors, []);

  assert.deepEqual(run(POD, { metadata: { creationTimestamp: '2024-01-01T00:00:00Z' } }).typeErrors, []);
  assert.deepEqual(run(POD, { metadata: { creationTimestamp: 'today' } }).typeErrors, [
    'parsing time "today" as "2006-01-02T15:04:05Z07:00": cannot parse "today" as "2006"',
  ]);
  assert.deepEqual(run(POD, { metadata: { creationTimestamp: 1700000000 } }).typeErrors, [
    'json: cannot unmarshal number into Go struct field ObjectMeta.metadata.creationTimestamp of type string',
  ]);
  const lease = 'io.k8s.api.coordination.v1.Lease';
  assert.deepEqual(run(lease, { spec: { renewTime: '2024-01-01T00:00:00.000000Z' } }).typeErrors, []);
  assert.deepEqual(run(lease, { spec: { renewTime: '2024-01-01T00:00:00Z' } }).typeErrors, [
    'parsing time "2024-01-01T00:00:00Z" as "2006-01-02T15:04:05.000000Z07:00": cannot parse "Z" as ".000000"',
  ]);

  const secret = 'io.k8s.api.core.v1.Secret';
  assert.deepEqual(run(secret, { data: { a: 'aGk=' } }).typeErrors, []);
  assert.deepEqual(run(secret, { data: { a: 'not base64!' } }).typeErrors, ['illegal base64 data at input byte 3']);
  // Go decodes an array of numbers into []byte and re-encodes it as base64
  assert.deepEqual(run(secret, { data: { a: [104, 105] } }).value, { data: { a: 'aGk=' } });
});

test('a custom decoder error comes first, as upstream stops there', () => {
  const r = run(POD, {
    metadata: { labels: { a: 1 } },
    spec: { containers: [{ name: 'a', resources: { limits: { cpu: 'lots' } } }] },
  });
  assert.equal(r.typeErrors.length, 2);
  assert.match(r.typeErrors[0]!, /^quantities must match/);
  assert.match(r.typeErrors[1]!, /ObjectMeta\.metadata\.labels of type string$/);
});

test('nulls are accepted: null fields dropped, null items and map values zeroed', () => {
  const r = run(POD, {
    metadata: { name: null, labels: { a: null } },
    spec: { containers: [null, { name: 'a', args: ['x', null], ports: null }], nodeSelector: null },
    status: null,
  });
  assert.deepEqual(r.typeErrors, []);
  assert.deepEqual(r.value, { metadata: { labels: { a: '' } }, spec: { containers: [{}, { name: 'a', args: ['x', ''] }] } });
  assert.deepEqual(run(POD, null).value, null);
});

test('RawExtension, JSON and preserve-unknown-fields accept anything', () => {
  const cr = { apiVersion: 'apps/v1', kind: 'ControllerRevision', revision: 1, data: { anything: [1, { x: null }], goes: true } };
  const r = run('io.k8s.api.apps.v1.ControllerRevision', cr);
  assert.deepEqual(r.typeErrors, []);
  assert.deepEqual(r.unknownFields, []);
  assert.equal(r.value, cr);

  const we = { type: 'ADDED', object: { kind: 'Pod', whatever: 1 } };
  assert.equal(run('io.k8s.apimachinery.pkg.apis.meta.v1.WatchEvent', we).value, we);

  const crd = 'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.CustomResourceDefinition';
  const withDefault = { spec: { versions: [{ schema: { openAPIV3Schema: { default: { a: [null, 1] }, enum: [1, 'x', null] } } }] } };
  assert.equal(run(crd, withDefault).value, withDefault);
});

test('JSONSchemaProps-or-X fields decode as upstream\'s nested decoders do', () => {
  const crd = 'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.CustomResourceDefinition';
  const wrap = (s: unknown) => ({ spec: { versions: [{ schema: { openAPIV3Schema: s } }] } });
  // not strict inside: unknown fields are dropped silently
  const r1 = run(crd, wrap({ type: 'array', items: { type: 'string', bogus: 1 } }));
  assert.deepEqual(r1.unknownFields, []);
  assert.deepEqual(r1.value, wrap({ type: 'array', items: { type: 'string' } }));
  // an inner type error is reported at the outer field
  assert.deepEqual(run(crd, wrap({ items: [{ type: 5 }] })).typeErrors, [
    'json: cannot unmarshal number into Go struct field JSONSchemaProps.spec.versions.schema.openAPIV3Schema.items of type string',
  ]);
  assert.deepEqual(run(crd, wrap({ additionalProperties: 'yes' })).typeErrors, ['boolean or JSON schema expected']);
  assert.deepEqual(run(crd, wrap({ additionalProperties: false, dependencies: { a: ['b'], c: { type: 'object' } } })).typeErrors, []);
});

test('definitions given directly: inline objects and preserve-unknown-fields', () => {
  const defs: Record<string, SchemaDef> = {
    'example.com.v1.Widget': {
      type: 'object',
      properties: {
        spec: {
          type: 'object',
          properties: {
            size: { type: 'integer', format: 'int64' },
            port: { 'x-kubernetes-int-or-string': true },
            free: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true, properties: { n: { type: 'integer' } } },
            tags: { type: 'object', additionalProperties: true },
          },
        },
      },
    },
  };
  const c = createSchemaChecker(defs);
  const r = c.checkObject('example.com.v1.Widget', { spec: { size: 1, port: 'http', free: { n: 1, x: 2 }, tags: { a: [1] }, y: 1 } }, { unknownFields: 'strict' });
  assert.deepEqual(r.typeErrors, []);
  assert.deepEqual(r.unknownFields, ['unknown field "spec.y"']);
  assert.deepEqual(r.value, { spec: { size: 1, port: 'http', free: { n: 1, x: 2 }, tags: { a: [1] } } });
  assert.deepEqual(c.checkObject('example.com.v1.Widget', { spec: { free: { n: 'x' } } }, { unknownFields: 'strict' }).typeErrors, [
    'json: cannot unmarshal string into Go struct field Widget.spec.free.n of type int64',
  ]);
  assert.throws(() => c.checkObject('nope', {}, { unknownFields: 'strict' }), /unknown API definition/);
});

test('keys like __proto__ and constructor are handled as plain data', () => {
  const pod = JSON.parse('{"metadata":{"labels":{"__proto__":"x","constructor":"y"},"__proto__":{"a":1}},"constructor":1}') as unknown;
  const r = run(POD, pod, 'warn');
  assert.deepEqual(r.unknownFields, ['unknown field "metadata.__proto__"', 'unknown field "constructor"']);
  const out = r.value as { metadata: { labels: Record<string, string> } };
  assert.equal(Object.getPrototypeOf(out.metadata), Object.prototype);
  assert.deepEqual(Object.keys(out.metadata.labels), ['__proto__', 'constructor']);
});

// ---------------------------------------------------------------------------------------------
// Fuzz: thousands of mutated objects never make the checker throw, never change the input, and
// checking the result again finds nothing more to drop.

const WEIRD_STRINGS = [
  '', ' ', '1x', '100m', ' 1Gi ', '1kk', '.e-10', '2024-02-30T00:00:00Z', '2024-01-01T00:00:00Z', '2024-01-01T00:00:00.000000Z',
  'aGk=', 'not base64', '\u00e9\u{1f600}', '__proto__', 'constructor', 'toString', 'x'.repeat(300), '-', '0', 'true', 'null',
];

function randomValue(rnd: () => number, depth: number): unknown {
  const r = rnd();
  if (r < 0.12) return null;
  if (r < 0.24) return rnd() < 0.5;
  if (r < 0.42) {
    const choices = [0, 1, -1, 1.5, 2 ** 31, -(2 ** 31) - 1, 2 ** 53, 1e21, 255, 256, -0.5, 3];
    return choices[Math.floor(rnd() * choices.length)];
  }
  if (r < 0.65) return WEIRD_STRINGS[Math.floor(rnd() * WEIRD_STRINGS.length)];
  if (depth <= 0) return {};
  if (r < 0.82) return Array.from({ length: Math.floor(rnd() * 4) }, () => randomValue(rnd, depth - 1));
  const o: Record<string, unknown> = {};
  for (let i = Math.floor(rnd() * 4); i > 0; i--) {
    Object.defineProperty(o, WEIRD_STRINGS[Math.floor(rnd() * WEIRD_STRINGS.length)] ?? 'k', {
      value: randomValue(rnd, depth - 1), enumerable: true, writable: true, configurable: true,
    });
  }
  return o;
}

function containers(v: unknown, out: (Record<string, unknown> | unknown[])[]): void {
  if (v === null || typeof v !== 'object') return;
  out.push(v as Record<string, unknown> | unknown[]);
  for (const x of Object.values(v)) containers(x, out);
}

function mutate(obj: unknown, rnd: () => number): void {
  const nodes: (Record<string, unknown> | unknown[])[] = [];
  containers(obj, nodes);
  if (nodes.length === 0) return;
  const target = nodes[Math.floor(rnd() * nodes.length)]!;
  const keys = Object.keys(target);
  const op = rnd();
  if (Array.isArray(target)) {
    if (op < 0.5 && target.length > 0) target[Math.floor(rnd() * target.length)] = randomValue(rnd, 2);
    else target.push(randomValue(rnd, 2));
    return;
  }
  const key = keys.length > 0 ? keys[Math.floor(rnd() * keys.length)]! : 'x';
  const set = (k: string, v: unknown) =>
    Object.defineProperty(target, k, { value: v, enumerable: true, writable: true, configurable: true });
  if (op < 0.45) set(key, randomValue(rnd, 3)); // wrong type, null, ...
  else if (op < 0.6) set(key + 'x', target[key]); // misspelling
  else if (op < 0.7) delete target[key];
  else if (op < 0.85) set(WEIRD_STRINGS[Math.floor(rnd() * WEIRD_STRINGS.length)] ?? 'k', randomValue(rnd, 2));
  else set(key, WEIRD_STRINGS[Math.floor(rnd() * WEIRD_STRINGS.length)]);
}

test('fuzz: mutated manifests and random values never throw', () => {
  const seeds: { def: string; obj: unknown }[] = [];
  for (const f of readdirSync(FIXTURES).filter((f) => f.endsWith('.yaml'))) {
    for (const obj of objectsOf(join(FIXTURES, f))) {
      seeds.push({ def: definitionForKind(String(obj.apiVersion), String(obj.kind))!, obj });
    }
  }
  const defNames = Object.keys(definitions);
  const rnd = seededRandom(0x6b387473);
  const modes: UnknownFieldMode[] = ['strict', 'warn', 'ignore'];
  let withErrors = 0;
  let withUnknown = 0;
  const N = 4000;
  for (let i = 0; i < N; i++) {
    let def: string;
    let input: unknown;
    if (i % 5 === 4) {
      def = defNames[Math.floor(rnd() * defNames.length)]!;
      input = randomValue(rnd, 4);
    } else {
      const s = seeds[Math.floor(rnd() * seeds.length)]!;
      def = rnd() < 0.9 ? s.def : defNames[Math.floor(rnd() * defNames.length)]!;
      input = structuredClone(s.obj);
      for (let m = 1 + Math.floor(rnd() * 4); m > 0; m--) mutate(input, rnd);
    }
    const snapshot = structuredClone(input);
    const mode = modes[i % 3]!;
    let r: CheckResult;
    try {
      r = checker.checkObject(def, input, { unknownFields: mode });
    } catch (e) {
      assert.fail(`threw on #${i} (${def}): ${String(e)}\n${JSON.stringify(snapshot).slice(0, 500)}`);
    }
    assert.deepEqual(input, snapshot, `input mutated on #${i}`);
    assert.ok(r.typeErrors.every((e) => typeof e === 'string' && e.length > 0));
    assert.ok(r.unknownFields.every((e) => e.startsWith('unknown field "')));
    if (mode === 'ignore') assert.equal(r.unknownFields.length, 0);
    JSON.stringify(r.value);
    if (r.typeErrors.length > 0) withErrors++;
    if (r.unknownFields.length > 0) withUnknown++;
    // Decoding the result again: nothing left to drop, and the same verdict on types.
    const again = checker.checkObject(def, r.value, { unknownFields: 'strict' });
    assert.deepEqual(again.unknownFields, [], `#${i}: unknown fields survived`);
    if (r.typeErrors.length === 0) {
      assert.deepEqual(again.typeErrors, [], `#${i}`);
      assert.equal(again.value, r.value, `#${i}: second pass changed the value`);
    }
  }
  // the mutations do reach both kinds of findings
  assert.ok(withErrors > N / 10, `${withErrors} with type errors`);
  assert.ok(withUnknown > N / 20, `${withUnknown} with unknown fields`);
});

test('speed: a 2 KB Pod decodes in microseconds', () => {
  // A Pod as the API server would store it: the cassandra StatefulSet's pod template plus
  // server-set metadata and status.
  const sts = objectsOf(join(FIXTURES, 'databases--cassandra--cassandra-statefulset.yaml'))[0] as {
    spec: { template: { metadata: Record<string, unknown>; spec: unknown } };
  };
  const now = '2025-01-02T03:04:05Z';
  const pod = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      ...sts.spec.template.metadata,
      name: 'cassandra-0',
      namespace: 'default',
      uid: '6f1c2f6e-6d8e-4a53-9a0e-0b1f0c7b9d11',
      resourceVersion: '12345',
      creationTimestamp: now,
      ownerReferences: [{ apiVersion: 'apps/v1', kind: 'StatefulSet', name: 'cassandra', uid: 'a1b2', controller: true }],
    },
    spec: sts.spec.template.spec,
    status: {
      phase: 'Running',
      podIP: '10.0.0.12',
      startTime: now,
      conditions: [{ type: 'Ready', status: 'True', lastTransitionTime: now }],
      containerStatuses: [{ name: 'cassandra', ready: true, restartCount: 0, image: 'cassandra', imageID: 'x', state: { running: { startedAt: now } } }],
    },
  };
  const size = JSON.stringify(pod).length;
  assert.ok(size > 1900 && size < 3000, `${size} bytes`);
  const c = createBuiltinSchemaChecker();
  assert.deepEqual(c.checkObject(POD, pod, { unknownFields: 'strict' }).typeErrors, []);
  for (let i = 0; i < 2000; i++) c.checkObject(POD, pod, { unknownFields: 'strict' });
  const n = 20000;
  const t0 = performance.now();
  for (let i = 0; i < n; i++) c.checkObject(POD, pod, { unknownFields: 'strict' });
  const perOp = ((performance.now() - t0) * 1000) / n;
  // Typically well under 10 µs; the bound only guards against pathological regressions.
  assert.ok(perOp < 200, `${perOp.toFixed(1)} µs per decode`);
  console.log(`# ${size}-byte Pod: ${perOp.toFixed(1)} µs per checkObject`);
});
