import { test } from 'node:test';
import assert from 'node:assert/strict';
import { definitionForKind } from '../schema/builtin.js';
import { protobufMessages } from '../schema/generated/protobuf-fields.js';
import { ProtobufDecodeError } from './decode-error.js';
import { ProtobufDecoder } from './decoder.js';
import { ProtobufEncoder } from './encoder.js';
import { PROTOBUF_MAGIC } from './envelope.js';
import { formatDuration, formatTime, UNKNOWN } from './go-wire-types.js';
import { buildMessageTypes } from './message-types.js';

const decoder = new ProtobufDecoder(protobufMessages, definitionForKind);
const encoder = new ProtobufEncoder(protobufMessages, definitionForKind);
const types = buildMessageTypes(protobufMessages);

const roundTrip = (obj: Record<string, unknown>) => decoder.decode(encoder.encode(obj)).object;

/** An enveloped body whose object message is built from a protobufjs plain object (zero values included). */
function envelope(apiVersion: string, kind: string, protoObject: Record<string, unknown>): Uint8Array {
  const t = types.typeOf(definitionForKind(apiVersion, kind)!)!;
  const raw = t.encode(t.fromObject(protoObject)).finish();
  const u = types.typeOf(UNKNOWN)!;
  const env = u.encode(u.fromObject({ typeMeta: { apiVersion, kind }, raw, contentEncoding: '', contentType: '' })).finish();
  return Uint8Array.from([...PROTOBUF_MAGIC, ...env]);
}

test('a Deployment round-trips: Time, labels map, IntOrString (int and string), Quantity, nested pod template', () => {
  const dep = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', namespace: 'ns', creationTimestamp: '2024-01-02T03:04:05Z', labels: { app: 'web', tier: 'fe' } },
    spec: {
      replicas: 3,
      selector: { matchLabels: { app: 'web' } },
      template: {
        metadata: { labels: { app: 'web' } },
        spec: {
          containers: [
            {
              name: 'nginx',
              image: 'nginx:1.25',
              ports: [{ containerPort: 80, protocol: 'TCP' }],
              resources: { limits: { cpu: '100m', memory: '64Mi' }, requests: { cpu: '0.5' } },
              readinessProbe: { httpGet: { path: '/', port: 'http' }, periodSeconds: 5 },
            },
          ],
          terminationGracePeriodSeconds: 30,
        },
      },
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: 1 } },
    },
  };
  assert.deepEqual(roundTrip(dep), dep);
});

test('a Secret: []byte map values are base64 strings; stringData and type survive', () => {
  const secret = { apiVersion: 'v1', kind: 'Secret', metadata: { name: 's' }, data: { a: 'Yg==', bin: Buffer.from([0, 255, 1]).toString('base64') }, type: 'Opaque' };
  assert.deepEqual(roundTrip(secret), secret);
});

test('a ControllerRevision: RawExtension data is the embedded JSON object', () => {
  const cr = { apiVersion: 'apps/v1', kind: 'ControllerRevision', metadata: { name: 'r' }, data: { spec: { template: { metadata: { labels: { a: 'b' } } } } }, revision: 7 };
  assert.deepEqual(roundTrip(cr), cr);
});

test('an events.k8s.io Event: MicroTime keeps microseconds', () => {
  const ev = {
    apiVersion: 'events.k8s.io/v1',
    kind: 'Event',
    metadata: { name: 'e' },
    eventTime: '2024-05-06T07:08:09.123456Z',
    reportingController: 'c',
    reportingInstance: 'i',
    action: 'A',
    reason: 'R',
    type: 'Normal',
  };
  assert.deepEqual(roundTrip(ev), ev);
});

test('inlined embedded structs (LocalObjectReference) are flattened into their parent', () => {
  const t = types.specOf('io.k8s.api.core.v1.ConfigMapKeySelector')!;
  assert.equal(t.fields.localObjectReference?.go, 'inline');
  const pod = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'p' },
    spec: { containers: [{ name: 'c', image: 'i', env: [{ name: 'A', valueFrom: { configMapKeyRef: { name: 'cm', key: 'k', optional: false } } }] }] },
  };
  assert.deepEqual(roundTrip(pod), pod);
});

test('Go slice types (ExtraValue) are JSON arrays', () => {
  const sar = {
    apiVersion: 'authorization.k8s.io/v1',
    kind: 'SubjectAccessReview',
    metadata: {},
    spec: { user: 'u', groups: ['g'], extra: { scopes: ['a', 'b'] }, resourceAttributes: { verb: 'get', resource: 'pods' } },
  };
  assert.deepEqual(roundTrip(sar), sar);
});

test('zero values on the wire: dropped for non-pointer omitempty fields, kept for pointers and fields without omitempty', () => {
  const body = envelope('apps/v1', 'Deployment', {
    // gogo writes every non-pointer scalar, zero or not
    metadata: { name: 'web', generateName: '', namespace: '', uid: '', resourceVersion: '', generation: 0, creationTimestamp: {} },
    spec: {
      replicas: 0, // *int32: explicitly 0
      minReadySeconds: 0, // int32 omitempty
      paused: false, // bool omitempty
      selector: { matchLabels: { app: 'web' } },
      template: { metadata: {}, spec: { containers: [{ name: '', image: 'nginx', stdin: false }], hostNetwork: false } },
      strategy: {},
    },
    status: {},
  });
  const obj = decoder.decode(body).object;
  assert.deepEqual(obj, {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web' },
    spec: {
      replicas: 0,
      selector: { matchLabels: { app: 'web' } },
      // Container.name has no omitempty: Go's JSON writes "name": "" too
      template: { metadata: {}, spec: { containers: [{ name: '', image: 'nginx' }] } },
      strategy: {},
    },
    status: {},
  });
});

test('pointer booleans set to false are kept (automountServiceAccountToken, ConfigMap immutable)', () => {
  const cm = decoder.decode(envelope('v1', 'ConfigMap', { metadata: { name: 'c' }, immutable: false })).object;
  assert.deepEqual(cm, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, immutable: false });
  const sa = decoder.decode(envelope('v1', 'ServiceAccount', { metadata: { name: 's' }, automountServiceAccountToken: false })).object;
  assert.equal(sa.automountServiceAccountToken, false);
});

test('IntOrString and Quantity zero forms', () => {
  const svc = decoder.decode(envelope('v1', 'Service', { metadata: { name: 's' }, spec: { ports: [{ port: 80, targetPort: {} }] } })).object;
  assert.deepEqual((svc.spec as any).ports, [{ port: 80, targetPort: 0 }]);
  const quota = decoder.decode(envelope('v1', 'ResourceQuota', { metadata: { name: 'q' }, spec: { hard: { pods: {} } } })).object;
  assert.deepEqual((quota.spec as any).hard, { pods: '0' });
});

test('Time: a zero (empty) Time is no field; seconds become RFC3339 in UTC without fractions', () => {
  const body = envelope('v1', 'Namespace', { metadata: { name: 'n', creationTimestamp: {}, deletionTimestamp: { seconds: 1700000000, nanos: 999 } } });
  assert.deepEqual(decoder.decode(body).object.metadata, { name: 'n', deletionTimestamp: '2023-11-14T22:13:20Z' });
  assert.equal(formatTime(0, 0, false), '1970-01-01T00:00:00Z');
  assert.equal(formatTime(-1, 500_000, true), '1969-12-31T23:59:59.000500Z');
  const far = envelope('v1', 'Namespace', { metadata: { name: 'n', creationTimestamp: { seconds: 1e15 } } });
  assert.throws(() => decoder.decode(far), /year outside of range/);
});

test('Go duration strings', () => {
  assert.equal(formatDuration(0), '0s');
  assert.equal(formatDuration(1500), '1.5µs');
  assert.equal(formatDuration(2_000_000), '2ms');
  assert.equal(formatDuration(90e9), '1m30s');
  assert.equal(formatDuration(3.6e12 + 1.5e9), '1h0m1.5s');
  assert.equal(formatDuration(-5e9), '-5s');
});

test('unknown fields on the wire are skipped, as Go skips them', () => {
  const t = types.typeOf('io.k8s.api.core.v1.ConfigMap')!;
  const known = t.encode(t.fromObject({ metadata: { name: 'c' }, data: { a: 'b' } })).finish();
  const extra = Uint8Array.from([...known, 0x9a, 0x06, 3, 0x61, 0x62, 0x63]); // field 99 (varint key 99<<3|2), 3 bytes
  const u = types.typeOf(UNKNOWN)!;
  const env = u.encode(u.fromObject({ typeMeta: { apiVersion: 'v1', kind: 'ConfigMap' }, raw: extra })).finish();
  const obj = decoder.decode(Uint8Array.from([...PROTOBUF_MAGIC, ...env])).object;
  assert.deepEqual(obj, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data: { a: 'b' } });
});

test('malformed bodies are ProtobufDecodeErrors with Go-like texts', () => {
  const fail = (b: Uint8Array) => {
    try {
      decoder.decode(b);
    } catch (e) {
      assert.ok(e instanceof ProtobufDecodeError, String(e));
      return e;
    }
    assert.fail('decoded');
  };
  assert.match(fail(new TextEncoder().encode('{"kind":"Pod"}')).message, /does not appear to be a protobuf message, expected prefix \[107 56 115 0\]/);
  const good = encoder.encode({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data: { a: 'b' } });
  const truncated = fail(good.subarray(0, good.length - 3));
  assert.match(truncated.message, /unexpected EOF|proto:/);
  const noKind = envelope('v1', 'ConfigMap', {});
  // rewrite the kind to one that does not exist
  const u = types.typeOf(UNKNOWN)!;
  const env = u.encode(u.fromObject({ typeMeta: { apiVersion: 'v1', kind: 'Nope' }, raw: new Uint8Array() })).finish();
  const e = fail(Uint8Array.from([...PROTOBUF_MAGIC, ...env]));
  assert.equal(e.kind, 'Nope');
  assert.match(e.message, /no kind "Nope" is registered for version "v1"/);
  assert.ok(decoder.decode(noKind).object);
  const missing = u.encode(u.fromObject({ typeMeta: { apiVersion: 'v1' }, raw: new Uint8Array() })).finish();
  assert.match(fail(Uint8Array.from([...PROTOBUF_MAGIC, ...missing])).message, /Object 'Kind' is missing/);
  const gz = u.encode(u.fromObject({ typeMeta: { apiVersion: 'v1', kind: 'ConfigMap' }, raw: new Uint8Array(), contentEncoding: 'gzip' })).finish();
  assert.match(fail(Uint8Array.from([...PROTOBUF_MAGIC, ...gz])).message, /unsupported content encoding "gzip"/);
  const badRaw = envelope('apps/v1', 'ControllerRevision', { metadata: { name: 'r' }, data: { raw: new TextEncoder().encode('{not json') } });
  assert.match(fail(badRaw).message, /RawExtension/);
});

test('meta.k8s.io/v1 kinds (DeleteOptions) decode under their own group version', () => {
  const t = types.typeOf('io.k8s.apimachinery.pkg.apis.meta.v1.DeleteOptions')!;
  const raw = t.encode(t.fromObject({ gracePeriodSeconds: 0, propagationPolicy: 'Foreground', dryRun: ['All'] })).finish();
  const body = encoder.envelope('meta.k8s.io/v1', 'DeleteOptions', raw);
  assert.deepEqual(decoder.decode(body).object, { apiVersion: 'meta.k8s.io/v1', kind: 'DeleteOptions', gracePeriodSeconds: 0, propagationPolicy: 'Foreground', dryRun: ['All'] });
});

test('random bytes after the magic never throw anything but ProtobufDecodeError', () => {
  let seed = 12345;
  const rnd = () => ((seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32);
  const good = encoder.encode({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'd', labels: { a: 'b' } }, spec: { replicas: 1, selector: { matchLabels: { a: 'b' } }, template: { spec: { containers: [{ name: 'c', image: 'i' }] } } } });
  for (let i = 0; i < 3000; i++) {
    const b = Uint8Array.from(good);
    const flips = 1 + Math.floor(rnd() * 4);
    for (let j = 0; j < flips; j++) b[4 + Math.floor(rnd() * (b.length - 4))] = Math.floor(rnd() * 256);
    const cut = rnd() < 0.3 ? b.subarray(0, 4 + Math.floor(rnd() * (b.length - 4))) : b;
    try {
      const r = decoder.decode(cut);
      assert.equal(typeof r.object, 'object');
    } catch (e) {
      assert.ok(e instanceof ProtobufDecodeError, `iteration ${i}: ${String(e)}`);
    }
  }
});

test('every definition with a protobuf message builds, and every served kind with one has its apiVersion/kind mapping', () => {
  for (const [apiVersion, kind] of [['v1', 'Pod'], ['apps/v1', 'StatefulSet'], ['batch/v1', 'CronJob'], ['autoscaling/v2', 'HorizontalPodAutoscaler'], ['rbac.authorization.k8s.io/v1', 'ClusterRole'], ['authentication.k8s.io/v1', 'SelfSubjectReview']] as const) {
    assert.ok(decoder.supports(apiVersion, kind), `${apiVersion} ${kind}`);
  }
  assert.ok(decoder.supports('apiextensions.k8s.io/v1', 'CustomResourceDefinition'));
  assert.ok(decoder.supports('policy/v1', 'Eviction'));
  assert.ok(decoder.supports('autoscaling/v1', 'Scale'));
  assert.equal(decoder.supports('example.com/v1', 'Widget'), false);
});

test('CRD schemas: raw JSON values and the schema-or-array/bool/string-array unions round-trip', () => {
  const schema = {
    type: 'object',
    $schema: 'http://json-schema.org/draft-04/schema#',
    properties: {
      a: { type: 'integer', default: 0, enum: [1, 2, null], example: { nested: [true] } },
      tuple: { type: 'array', items: [{ type: 'string' }, { type: 'integer', minimum: -1.5 }] },
      list: { type: 'array', items: { type: 'string' }, additionalItems: false, 'x-kubernetes-list-type': 'atomic' },
      open: { type: 'object', additionalProperties: true },
      typed: { type: 'object', additionalProperties: { type: 'string' }, dependencies: { x: ['y', 'z'], y: { required: ['x'] } } },
      deep: { type: 'object', properties: { deeper: { type: 'object', properties: { deepest: { type: 'string', 'x-kubernetes-validations': [{ rule: 'self != ""', optionalOldSelf: false }] } } } } },
    },
    definitions: { d: { type: 'string' } },
    'x-kubernetes-preserve-unknown-fields': false,
  };
  const crd = {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: 'ws.example.com' },
    spec: { group: 'example.com', names: { plural: 'ws', kind: 'W' }, scope: 'Cluster', versions: [{ name: 'v1', served: true, storage: false, schema: { openAPIV3Schema: schema } }] },
  };
  assert.deepEqual(roundTrip(crd), crd);
});

test('CRD schema unions as a Go client writes them: allows=false with no schema is false, an empty union is no field', () => {
  const body = envelope('apiextensions.k8s.io/v1', 'CustomResourceDefinition', {
    metadata: { name: 'ws.example.com' },
    spec: {
      versions: [
        {
          name: 'v1',
          served: true,
          storage: true,
          schema: {
            openAPIV3Schema: {
              type: 'object',
              nullable: false,
              exclusiveMinimum: false,
              additionalProperties: { allows: false },
              items: {},
              properties: { s: { type: 'string', additionalProperties: { allows: true, schema: { type: 'integer' } } } },
            },
          },
        },
      ],
    },
  });
  const obj = decoder.decode(body).object as any;
  assert.deepEqual(obj.spec.versions[0].schema.openAPIV3Schema, { type: 'object', properties: { s: { type: 'string', additionalProperties: { type: 'integer' } } }, additionalProperties: false });
});
