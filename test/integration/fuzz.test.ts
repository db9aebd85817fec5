// Seeded, count-bounded fuzzing of the real `k8ts server` binary over HTTPS: random bytes,
// mutated and truncated JSON/YAML bodies of every built-in kind, PATCH bodies of every media
// type, selectors, random paths, query strings and odd headers. For every answer: never a 5xx,
// every non-2xx body is a JSON Status whose code is the HTTP status, the server stays up (a
// /healthz check after every batch), and afterwards every stored object is complete and no
// refused create left anything behind.
//
//   FUZZ_SEED=1234 node --test dist/test/integration/fuzz.test.js    (rerun one seed)
//   FUZZ_REQUESTS=20000 ...                                           (a longer run)
//   FUZZ_SEED=1234 FUZZ_ONLY=17,42 ...     (replay only these requests of that seed, one at a time)
//
// Requests are generated from the seed before they are sent, so a seed always produces the
// same requests (their interleaving under concurrency may differ). Failing requests are saved
// under $TMPDIR/k8ts-fuzz-failures-<seed>/ with a curl reproducer.
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { IncomingHttpHeaders } from 'node:http';
import https from 'node:https';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';
import { openSqliteStorage } from '../../src/storage/sqlite/sqlite-storage.js';
import { EVERY_KIND } from '../fixtures/every-kind.js';

// ---------------------------------------------------------------------------------------------
// Parameters

const SEED = process.env.FUZZ_SEED ? parseSeed(process.env.FUZZ_SEED) : (Math.random() * 2 ** 32) >>> 0;
const TOTAL = Number(process.env.FUZZ_REQUESTS ?? 4000);
/** FUZZ_ONLY=3,17,40-60: send only these requests of the seed, one at a time. */
const ONLY = process.env.FUZZ_ONLY
  ? new Set(
      process.env.FUZZ_ONLY.split(',').flatMap((part) => {
        const [lo, hi] = part.split('-').map(Number);
        return hi === undefined ? [lo!] : Array.from({ length: hi - lo! + 1 }, (_, i) => lo! + i);
      }),
    )
  : undefined;
/** Stop sending once this many problems piled up: the run has failed anyway. */
const MAX_PROBLEMS = 60;
const BATCH = 60;
const CONCURRENCY = 6;
/** A request without a response (headers) after this long is a hang; after a few hangs, less patience. */
let RESPONSE_TIMEOUT_MS = 10_000;
const HANGS_BEFORE_IMPATIENCE = 3;
/** A safety net only: the run is bounded by its request count, but a server that hangs a lot should not stall CI. */
const MAX_FUZZ_MS = 180_000;
/** A 2xx response still streaming after this long is a watch; we stop reading it. */
const STREAM_CUT_MS = 2_500;
const NS = 'fuzz';
/** Never named by a fuzz request: the final checks create objects here. */
const CANARY_NS = 'fz-canary';
const POLLUTION_MARK = 'fzpolluted';

function parseSeed(s: string): number {
  if (/^\d+$/.test(s)) return Number(BigInt(s) & 0xffffffffn);
  let h = 2166136261;
  for (const c of s) h = Math.imul(h ^ c.charCodeAt(0), 16777619) >>> 0;
  return h;
}

// ---------------------------------------------------------------------------------------------
// Seeded randomness (sfc32)

class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;
  constructor(seed: number) {
    this.a = 0x9e3779b9;
    this.b = 0x243f6a88;
    this.c = 0xb7e15162;
    this.d = seed >>> 0;
    for (let i = 0; i < 20; i++) this.u32();
  }
  u32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }
  float(): number {
    return this.u32() / 4294967296;
  }
  int(n: number): number {
    return Math.floor(this.float() * n);
  }
  range(lo: number, hi: number): number {
    return lo + this.int(hi - lo + 1);
  }
  chance(p: number): boolean {
    return this.float() < p;
  }
  pick<T>(a: readonly T[]): T {
    return a[this.int(a.length)]!;
  }
  weighted<T>(items: ReadonlyArray<readonly [number, T]>): T {
    const total = items.reduce((s, [w]) => s + w, 0);
    let x = this.float() * total;
    for (const [w, v] of items) {
      if ((x -= w) < 0) return v;
    }
    return items[items.length - 1]![1];
  }
  bytes(n: number): Buffer {
    const b = Buffer.allocUnsafe(n);
    for (let i = 0; i < n; i++) b[i] = this.u32() & 0xff;
    return b;
  }
  fork(): Rng {
    return new Rng(this.u32());
  }
}

// ---------------------------------------------------------------------------------------------
// A JSON tree that can hold keys like "__proto__" and verbatim JSON text (huge numbers, deep
// nesting) that JSON.stringify cannot produce.

class Raw {
  constructor(readonly text: string) {}
}
type J = null | boolean | number | string | Raw | J[] | JObj;
interface JObj {
  [k: string]: J;
}

const isObj = (v: J): v is JObj => v !== null && typeof v === 'object' && !Array.isArray(v) && !(v instanceof Raw);

function setKey(o: JObj, k: string, v: J): void {
  Object.defineProperty(o, k, { value: v, enumerable: true, writable: true, configurable: true });
}

function toJ(v: unknown): J {
  if (v === null || typeof v === 'boolean' || typeof v === 'number' || typeof v === 'string') return v;
  if (v instanceof Raw) return v;
  if (Array.isArray(v)) return v.map(toJ);
  const o: JObj = {};
  for (const k of Object.keys(v as object)) setKey(o, k, toJ((v as Record<string, unknown>)[k]));
  return o;
}

function serialize(v: J, indent = ''): string {
  if (v instanceof Raw) return v.text;
  if (v === null || typeof v === 'boolean') return String(v);
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : 'null';
  if (typeof v === 'string') return JSON.stringify(v);
  const nl = indent ? '\n' + indent : '';
  const inner = indent ? indent + '  ' : '';
  if (Array.isArray(v)) return `[${v.map((x) => (inner ? '\n' + inner : '') + serialize(x, inner)).join(',')}${nl}]`;
  const parts = Object.keys(v).map((k) => `${inner ? '\n' + inner : ''}${JSON.stringify(k)}:${inner ? ' ' : ''}${serialize(v[k]!, inner)}`);
  return `{${parts.join(',')}${parts.length ? nl : ''}}`;
}

const hasRaw = (v: J): boolean => v instanceof Raw || (Array.isArray(v) ? v.some(hasRaw) : isObj(v) ? Object.keys(v).some((k) => hasRaw(v[k]!)) : false);

/** Every (parent, key) slot in the tree, for picking a node to mutate. */
function slots(root: J): Array<{ parent: JObj | J[]; key: string | number; path: string }> {
  const out: Array<{ parent: JObj | J[]; key: string | number; path: string }> = [];
  const walk = (v: J, path: string) => {
    if (out.length > 4000) return;
    if (Array.isArray(v)) {
      v.forEach((x, i) => {
        out.push({ parent: v, key: i, path: `${path}[${i}]` });
        walk(x, `${path}[${i}]`);
      });
    } else if (isObj(v)) {
      for (const k of Object.keys(v)) {
        out.push({ parent: v, key: k, path: `${path}.${k}` });
        walk(v[k]!, `${path}.${k}`);
      }
    }
  };
  walk(root, '');
  return out;
}

function getSlot(s: { parent: JObj | J[]; key: string | number }): J {
  return (s.parent as Record<string | number, J>)[s.key]!;
}
function putSlot(s: { parent: JObj | J[]; key: string | number }, v: J): void {
  if (Array.isArray(s.parent)) s.parent[s.key as number] = v;
  else setKey(s.parent, s.key as string, v);
}
function deleteSlot(s: { parent: JObj | J[]; key: string | number }): void {
  if (Array.isArray(s.parent)) s.parent.splice(s.key as number, 1);
  else delete s.parent[s.key as string];
}

// ---------------------------------------------------------------------------------------------
// Interesting values

const UNICODE = ['é', '日本語', '🚀', '\u202e', 'a\u0301', '\ufeff', '\ud800', '\udfff', '\u200b', 'Ω'.repeat(300), 'Ⅻ', '\u2028', 'ǅ', 'İ', '\u{10ffff}', 'x\u0000y', '\u0000'];
const HUGE_NUMBERS = [
  '1e308', '1e309', '-1e309', '123456789012345678901234567890', '9007199254740993', '-0', '0.1e-400', '1E+2', '1.5', '-1',
  '4294967296', '2147483648', '-2147483649', '18446744073709551616', '0.0000000000000000000001', '1' + '0'.repeat(400),
];
const PROTO_KEYS = ['__proto__', 'constructor', 'prototype', 'hasOwnProperty', 'toString', 'valueOf', '__defineGetter__', 'toJSON'];
const protoValues = (): J[] => [
  toJ({ [POLLUTION_MARK]: 'yes' }),
  toJ({ prototype: { [POLLUTION_MARK]: 'yes' } }),
  'x',
  1,
  null,
  [],
  {},
  toJ({ toString: 'x', valueOf: 1 }),
];

function deepText(rng: Rng): Raw {
  const d = rng.weighted([
    [8, 1000],
    [2, 5000],
    [1, 100_000],
  ] as const);
  return rng.chance(0.5) ? new Raw('['.repeat(d) + ']'.repeat(d)) : new Raw('{"a":'.repeat(d) + 'null' + '}'.repeat(d));
}

function hugeString(rng: Rng): string {
  const n = rng.weighted([
    [50, 10_000],
    [30, 100_000],
    [15, 1_000_000],
    [4, 2_900_000],
    [1, 3_200_000],
  ] as const);
  return rng.chance(0.7) ? 'x'.repeat(n) : rng.pick(UNICODE).repeat(Math.max(1, Math.floor(n / 4)));
}

function randomValue(rng: Rng, depth = 0): J {
  switch (rng.int(depth > 2 ? 12 : 15)) {
    case 0: return null;
    case 1: return rng.chance(0.5);
    case 2: return rng.pick([0, -1, 1, 1.5, 65536, -2147483648, 2 ** 31, 2 ** 53]);
    case 3: return new Raw(rng.pick(HUGE_NUMBERS));
    case 4: return '';
    case 5: return rng.pick(['x', 'true', 'null', '1', '0x10', '1Gi', '-', 'Always', 'None', '10.0.0.1', '2026-01-01T00:00:00Z', 'a b']);
    case 6: return rng.pick(UNICODE);
    case 7: return 'y'.repeat(rng.pick([300, 5000, 70_000]));
    case 8: return [];
    case 9: return {};
    case 10: return rng.pick(['\u0000', 'a\u0000b', '\u0000'.repeat(100)]);
    case 11: return toJ({ [rng.pick(PROTO_KEYS)]: rng.pick(protoValues()) });
    case 12: return Array.from({ length: rng.range(1, 4) }, () => randomValue(rng, depth + 1));
    case 13: {
      const o: JObj = {};
      for (let i = rng.range(1, 3); i > 0; i--) setKey(o, rng.pick(['a', 'name', 'spec', 'metadata', 'items', '', '__proto__', 'x.y/z']), randomValue(rng, depth + 1));
      return o;
    }
    default: return new Raw('['.repeat(50) + ']'.repeat(50));
  }
}

// ---------------------------------------------------------------------------------------------
// Targets: every kind of the fixtures, with its path parts.

interface Target {
  readonly resource: string;
  readonly group: string;
  readonly version: string;
  readonly kind: string;
  readonly namespaced: boolean;
  readonly manifest: Record<string, unknown>;
  readonly name: string;
  readonly subresources: readonly string[];
}

const SUBRESOURCES: Record<string, string[]> = {
  pods: ['status', 'binding', 'eviction', 'log', 'exec', 'ephemeralcontainers', 'resize', 'proxy', 'attach', 'portforward'],
  namespaces: ['status', 'finalize'],
  deployments: ['status', 'scale'],
  replicasets: ['status', 'scale'],
  statefulsets: ['status', 'scale'],
  replicationcontrollers: ['status', 'scale'],
  nodes: ['status', 'proxy'],
  services: ['status', 'proxy'],
};

const TARGETS: Target[] = EVERY_KIND.map((k) => {
  const [resource, ...g] = k.resource.split('.');
  const apiVersion = String(k.manifest.apiVersion);
  const version = apiVersion.includes('/') ? apiVersion.split('/')[1]! : apiVersion;
  const meta = k.manifest.metadata as Record<string, unknown>;
  return {
    resource: resource!,
    group: g.join('.'),
    version,
    kind: String(k.manifest.kind),
    namespaced: k.namespaced,
    manifest: k.manifest,
    name: String(meta.name),
    subresources: SUBRESOURCES[resource!] ?? ['status'],
  };
});
TARGETS.push({
  resource: 'widgets',
  group: 'example.com',
  version: 'v1',
  kind: 'Widget',
  namespaced: true,
  manifest: { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w1' }, spec: { size: 1 } },
  name: 'w1',
  subresources: ['status'],
});

function collectionPath(t: Target, ns: string | undefined): string {
  const base = t.group ? `/apis/${t.group}/${t.version}` : `/api/${t.version}`;
  return t.namespaced && ns !== undefined ? `${base}/namespaces/${ns}/${t.resource}` : `${base}/${t.resource}`;
}

// ---------------------------------------------------------------------------------------------
// Requests

interface FuzzRequest {
  readonly seq: number;
  readonly label: string;
  readonly method: string;
  readonly path: string;
  readonly headers: Record<string, string>;
  readonly body?: Buffer;
  /** Send the body in chunks (Transfer-Encoding: chunked) instead of with a Content-Length. */
  readonly chunked?: boolean;
  /** For creates: the unique name the object would get, to check a refused create left nothing. */
  readonly createName?: string;
}

interface Response {
  readonly code: number;
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
  /** We stopped reading a 2xx stream (a watch) after STREAM_CUT_MS. */
  readonly cut: boolean;
}

/** Make a header value sendable by Node (latin-1, no control characters other than tab). */
const headerSafe = (s: string): string =>
  Buffer.from(s, 'utf8')
    .toString('latin1')
    .replace(/[\x00-\x08\x0a-\x1f\x7f]/g, '');

/** encodeURIComponent that survives lone surrogates (they become U+FFFD, as on the wire). */
const pct = (s: string): string => encodeURIComponent(Buffer.from(s, 'utf8').toString('utf8'));

/** Make a path sendable by Node: percent-encode what Node refuses (space, controls, > 0xff). */
const pathSafe = (s: string): string => s.replace(/[^\x21-\xff]/gu, (c) => pct(c));

const CONTENT_PARAMS = ['', '; charset=utf-8', ';charset=UTF-8', '; charset="utf-8"', '; charset=iso-8859-1', '; foo=bar; baz', ' ;', ';;;', '; charset=', '; q=0.5, text/plain'];
function withParams(rng: Rng, ct: string): string {
  let v = ct + (rng.chance(0.3) ? rng.pick(CONTENT_PARAMS) : '');
  if (rng.chance(0.05)) v = v.toUpperCase();
  if (rng.chance(0.03)) v = `  ${v}  `;
  return v;
}

const ACCEPTS = [
  'application/json',
  'application/json;as=Table;v=v1;g=meta.k8s.io',
  'application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json',
  'application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1',
  'application/json;as=PartialObjectMetadata;g=meta.k8s.io;v=v1',
  'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json',
  'application/json;g=apidiscovery.k8s.io;v=v9;as=APIGroupDiscoveryList',
  'application/vnd.kubernetes.protobuf',
  'application/vnd.kubernetes.protobuf, */*',
  'application/yaml',
  'application/cbor',
  '*/*',
  'text/html',
  'application/json;q=0',
  ';;;',
  '',
  'application/json;as=Table;v=v1;g=meta.k8s.io;includeObject=Object',
  'application/json; ' + 'x=y;'.repeat(500),
];

const EXTRA_HEADERS: Array<[string, string]> = [
  ['x-http-method-override', 'DELETE'],
  ['impersonate-user', 'system:anonymous'],
  ['impersonate-group', 'system:masters'],
  ['authorization', 'Bearer garbage'],
  ['authorization', 'Basic Zm9vOmJhcg=='],
  ['content-encoding', 'gzip'],
  ['accept-encoding', 'gzip, deflate, br'],
  ['user-agent', 'fuzz/' + 'x'.repeat(2000)],
  ['audit-id', '\u00ff\u00fe'],
  ['x-remote-user', 'root'],
  ['origin', 'https://evil.example.com'],
  ['if-none-match', '*'],
  ['range', 'bytes=0-1'],
  ['x-forwarded-for', '1.2.3.4'],
  ['accept-charset', 'utf-7'],
];

function baseHeaders(rng: Rng): Record<string, string> {
  const h: Record<string, string> = {};
  if (rng.chance(0.85)) h.accept = rng.chance(0.7) ? 'application/json' : rng.pick(ACCEPTS);
  for (let i = rng.chance(0.12) ? rng.range(1, 3) : 0; i > 0; i--) {
    const [k, v] = rng.pick(EXTRA_HEADERS);
    h[k] = v;
  }
  return h;
}

const SEGMENTS = [
  'api', 'apis', 'v1', 'v2', 'v1beta1', 'namespaces', NS, 'default', 'kube-system', 'pods', 'configmaps', 'secrets', 'nodes', 'deployments', 'apps',
  'status', 'scale', 'binding', 'eviction', 'finalize', 'watch', 'proxy', 'log', 'exec', 'k-pod', 'k-cm', 'k-deploy', '..', '.', '', '%2e%2e', '%2F',
  '%00', '%ff', '%', '%zz', '%c0%ae', '%e2%82', '~', '*', '-', '__proto__', 'constructor', 'prototype', 'PODS', 'Pods', 'po', 'frobs', 'example.com',
  'widgets', '%E6%97%A5%E6%9C%AC', '\u00e9', ';', ';a=b', ':', '@', '$', '!', "'", '(', ')', '+', ',', '=', '&', '?', '#', '%3F', '%23',
];

function randomSegment(rng: Rng): string {
  switch (rng.int(5)) {
    case 0: return rng.bytes(rng.range(1, 12)).toString('base64url');
    case 1: return pct(rng.pick(UNICODE));
    case 2: return rng.pick(SEGMENTS) + rng.pick(SEGMENTS);
    default: return rng.pick(SEGMENTS);
  }
}

function randomPath(rng: Rng): string {
  const mode = rng.int(7);
  if (mode === 0) {
    const prefix = rng.pick([
      '/api', '/apis', '/api/v1', '/apis/apps/v1', '/apis/nope/v1', '/api/v2', '/apis/apps', '/apis/apps/v9', '/apis/example.com/v1', '/openapi/v2',
      '/openapi/v3', '/openapi/v3/apis/apps/v1', '/metrics', '/version', '/healthz/ping', '/livez/etcd', '/readyz/x', '/logs', '/.well-known/openid-configuration',
      '/', '/apis/apiextensions.k8s.io/v1', '/apis/rbac.authorization.k8s.io/v1', '/api/v1/namespaces/' + NS, '/api/v1/watch', '/apis/apps/v1/watch',
    ]);
    const segs = Array.from({ length: rng.int(6) }, () => randomSegment(rng));
    return prefix + (segs.length ? '/' + segs.join('/') : '');
  }
  if (mode === 1) return '/' + Array.from({ length: rng.range(1, 8) }, () => randomSegment(rng)).join('/');
  if (mode === 2) {
    return rng.pick([
      '/api/v1/namespaces/../../../etc/passwd', `/api/v1/namespaces/${NS}/configmaps/..%2f..%2fsecrets`, '/apis/%2e%2e/v1', '//api//v1//pods',
      `/api/v1/namespaces/${NS}/configmaps/%00`, '/api/v1/namespaces/%2e%2e/configmaps', `/api/v1/namespaces/${NS}/configmaps/a%2Fb`, '/api/./v1/./pods',
      '/api/v1/pods/../secrets', '/%61%70%69/%76%31/pods', '/api%2Fv1%2Fpods', '/api/v1/namespaces//configmaps', '/api/v1/namespaces/default/pods/',
      '/api/v1/namespaces/default/pods//status', '*', 'api/v1/pods', 'http://evil.example.com/api/v1/pods', '/?', '/#frag', '/api/v1/namespaces/%ff%fe/pods',
      '/api/v1/namespaces/default/configmaps/' + '%c0%ae'.repeat(10), '/api/v1/namespaces/default/configmaps/%252e%252e',
    ]);
  }
  if (mode === 3) {
    const len = rng.weighted([
      [5, 2000],
      [5, 8000],
      [4, 15_000],
      [3, 20_000],
      [2, 100_000],
      [1, 900_000],
    ] as const);
    if (rng.chance(0.3)) return '/api' + '/v1'.repeat(Math.floor(len / 3));
    const seg = rng.pick(['a', '%41', '..', '%2e', 'pods']);
    return `/api/v1/namespaces/${NS}/configmaps/` + seg.repeat(Math.ceil(len / seg.length)).slice(0, len);
  }
  if (mode === 4) {
    const base = collectionPath(rng.pick(TARGETS), NS) + (rng.chance(0.5) ? '/' + rng.pick(TARGETS).name : '');
    return base.replace(/[a-z]/g, (c) => (rng.chance(0.3) ? '%' + (rng.chance(0.5) ? c.charCodeAt(0).toString(16) : c.charCodeAt(0).toString(16).toUpperCase()) : c));
  }
  const t = rng.pick(TARGETS);
  const extra = Array.from({ length: rng.int(3) }, () => randomSegment(rng));
  return [collectionPath(t, NS), rng.chance(0.8) ? t.name : randomSegment(rng), rng.pick([...t.subresources, 'bogus', '']), ...extra].join('/');
}

const LABEL_KEYS = ['app', 'tier', 'a.b/c', 'example.com/x', 'kubernetes.io/hostname', 'x', '-bad', 'bad-', 'a'.repeat(63), 'a'.repeat(70), 'p/' + 'a'.repeat(300), 'UPPER', 'ünï', '', '__proto__', 'constructor', 'a b', 'a/b/c', '/x', 'x/'];
const LABEL_OPS = ['=', '==', '!=', ' in ', ' notin ', '', ' exists', '<', '>', '=!', '===', ' IN ', ' in', 'in '];
const LABEL_VALS = ['x', 'odd', '', '(a,b)', '(a)', '()', '(', '(a,', 'a)', '5', '-1', '1e999', 'a'.repeat(63), 'a'.repeat(70), 'ü', '(a b)', '(,)', 'a,b', '\\,', '*', '(' + 'a,'.repeat(500) + 'a)'];
const SELECTOR_GARBAGE = ['(', ')', ',', '=', '!', ' ', 'in', 'notin', 'a', '==', '!=', '<', '>', '\\', '&', '%', '+', '\u0000'];

function labelSelector(rng: Rng): string {
  if (rng.chance(0.1)) return Array.from({ length: rng.range(1, 12) }, () => rng.pick(SELECTOR_GARBAGE)).join('');
  const reqs = Array.from({ length: rng.range(1, 4) }, () => (rng.chance(0.2) ? '!' + rng.pick(LABEL_KEYS) : rng.pick(LABEL_KEYS) + rng.pick(LABEL_OPS) + rng.pick(LABEL_VALS)));
  return reqs.join(rng.pick([',', ',', ', ', ' ', ',,', ';']));
}

const FIELD_KEYS = ['metadata.name', 'metadata.namespace', 'spec.nodeName', 'status.phase', 'spec.nope', 'type', 'involvedObject.kind', 'spec.schedulerName', 'status.podIP', 'spec.serviceAccountName', '', 'metadata', 'metadata.', '.', 'metadata.labels.app', 'spec.restartPolicy', '__proto__', 'constructor.prototype', 'status.successful'];
const FIELD_OPS = ['=', '==', '!=', ' in ', '', '=~', '!', '!=='];
const FIELD_VALS = ['x', 'k-pod', '', 'a\\,b', 'a\\=b', '\\', '\\\\', 'a,b', '=', NS, 'default', 'Running', '(a,b)', '\u0000', 'k-cm', 'z'.repeat(300)];

function fieldSelector(rng: Rng): string {
  if (rng.chance(0.1)) return Array.from({ length: rng.range(1, 12) }, () => rng.pick(SELECTOR_GARBAGE)).join('');
  return Array.from({ length: rng.range(1, 3) }, () => rng.pick(FIELD_KEYS) + rng.pick(FIELD_OPS) + rng.pick(FIELD_VALS)).join(rng.pick([',', ',', ',,', ' ']));
}

function garbageContinue(rng: Rng): string {
  const b64 = (o: unknown) => Buffer.from(typeof o === 'string' ? o : JSON.stringify(o)).toString(rng.chance(0.5) ? 'base64url' : 'base64');
  return rng.pick([
    'garbage', '', '%%%', b64('{'), b64('null'), b64('[]'), b64({ v: 'meta.k8s.io/v1', rv: 1, start: 'x' }),
    b64({ v: 'meta.k8s.io/v1', rv: 1, start: '../x' }), b64({ v: 'meta.k8s.io/v1', rv: -1, start: 'x' }), b64({ v: 'meta.k8s.io/v1', rv: 1e308, start: 'x' }),
    b64({ v: 'meta.k8s.io/v1', rv: 99999999, start: '\u0000' }), b64({ v: 'meta.k8s.io/v1', rv: '1', start: 'x' }), b64({ v: 'meta.k8s.io/v1', rv: 2, start: {} }),
    b64({ v: 'meta.k8s.io/v1', rv: 1.5, start: '' }), b64({ v: 'meta.k8s.io/v1', rv: 3, start: '/abs' }), b64({ __proto__: { rv: 1 } }),
    b64({ v: 'meta.k8s.io/v1', rv: 2, start: 'x'.repeat(5000) }), rng.bytes(40).toString('base64'),
  ]);
}

const RV_VALUES = ['abc', '-1', '0', '1', '2', '99999999999999999999', '18446744073709551616', '9007199254740993', '9007199254740991', '1.5', '', ' 1', '0x10', '1e3', '9'.repeat(1000), '00001'];
const INT_VALUES = ['-1', '0', '1', '3', 'abc', '99999999999999999999', '1.5', '', '1e3', '-0', '9007199254740993', '2147483648', '500'];

function randomQuery(rng: Rng, watchy: boolean): string {
  const params: Array<[string, string]> = [];
  const n = rng.int(5);
  for (let i = 0; i < n; i++) {
    const k = rng.pick([
      'limit', 'continue', 'resourceVersion', 'resourceVersionMatch', 'watch', 'timeoutSeconds', 'labelSelector', 'fieldSelector', 'dryRun', 'fieldManager',
      'fieldValidation', 'propagationPolicy', 'gracePeriodSeconds', 'orphanDependents', 'allowWatchBookmarks', 'sendInitialEvents', 'pretty', 'force', 'bogus', '',
    ]);
    let v: string;
    switch (k) {
      case 'limit':
      case 'gracePeriodSeconds':
        v = rng.pick(INT_VALUES);
        break;
      case 'continue':
        v = garbageContinue(rng);
        break;
      case 'resourceVersion':
        v = rng.pick(RV_VALUES);
        break;
      case 'resourceVersionMatch':
        v = rng.pick(['Exact', 'NotOlderThan', 'bogus', '', 'exact']);
        break;
      case 'watch':
        v = rng.pick(['1', 'true', 'false', '0', 'yes', '']);
        break;
      case 'timeoutSeconds':
        v = rng.pick(['x', '-1', '0', '1', '1.5', '99999999999999999999', '', '1']);
        break;
      case 'labelSelector':
        v = labelSelector(rng);
        break;
      case 'fieldSelector':
        v = fieldSelector(rng);
        break;
      case 'dryRun':
        v = rng.pick(['All', 'all', 'None', '', 'All,All']);
        break;
      case 'fieldManager':
        v = rng.pick(['fuzz', '', 'x'.repeat(200), '\u0000', 'ü']);
        break;
      case 'fieldValidation':
        v = rng.pick(['Strict', 'Warn', 'Ignore', 'bogus', '', 'strict']);
        break;
      case 'propagationPolicy':
        v = rng.pick(['Foreground', 'Background', 'Orphan', 'Sideways', '']);
        break;
      default:
        v = rng.pick(['true', 'false', '1', '', 'x', '\u0000']);
    }
    params.push([k, v]);
  }
  // Keep watches short unless the fuzz chose a (possibly bogus) timeout itself.
  const isWatch = watchy || params.some(([k, v]) => k === 'watch' && (v === '1' || v === 'true'));
  if (isWatch && !params.some(([k]) => k === 'timeoutSeconds') && rng.chance(0.95)) params.push(['timeoutSeconds', '1']);
  for (let i = 0; i < params.length; i++) if (params[i]![0] === 'timeoutSeconds' && /^\d{2,}$/.test(params[i]![1])) params[i] = ['timeoutSeconds', rng.chance(0.9) ? '1' : params[i]![1]];
  if (!params.length) return '';
  if (rng.chance(0.08)) return '?' + pathSafe(rng.pick(['&&&=&a==b', '%zz=1', '%00=%00', 'a=%', '=&=', 'limit=1&limit=2&limit=abc', 'watch', ';limit=1', 'labelSelector=a&labelSelector=(']));
  const enc = (s: string) => (rng.chance(0.85) ? pct(s) : pathSafe(s));
  return '?' + params.map(([k, v]) => `${enc(k)}=${enc(v)}`).join('&');
}

// Body mutations --------------------------------------------------------------------------------

const BAD_NAMES = ['', '-', 'A', 'a'.repeat(254), '../etc', 'a/b', '%2e', '..', '.', 'ünïcode', 'x\u0000y', ' x', 'x ', 'a_b', 'a.b', '1', 'kube-system', '\u202e', 'a'.repeat(64)];

/** Apply 1-4 mutations to a clone of obj; returns labels describing them. */
function mutateObject(rng: Rng, obj: JObj, allowDeep = true): string[] {
  const applied: string[] = [];
  const n = rng.weighted([
    [4, 1],
    [3, 2],
    [2, 3],
    [1, 4],
  ] as const);
  for (let i = 0; i < n; i++) {
    const all = slots(obj);
    const metaSlots = all.filter((s) => s.path.startsWith('.metadata') || s.path === '.kind' || s.path === '.apiVersion');
    const pool = rng.chance(0.4) && metaSlots.length ? metaSlots : all;
    const op = rng.int(12);
    if (op === 0 && pool.length) {
      const s = rng.pick(pool);
      deleteSlot(s);
      applied.push(`delete ${s.path}`);
    } else if (op === 1 && pool.length) {
      const s = rng.pick(pool);
      putSlot(s, randomValue(rng));
      applied.push(`retype ${s.path}`);
    } else if (op === 2 && pool.length) {
      const s = rng.pick(pool);
      putSlot(s, hugeString(rng));
      applied.push(`hugeString ${s.path}`);
    } else if (op === 3 && pool.length) {
      const s = rng.pick(pool);
      const v = new Raw(rng.pick(HUGE_NUMBERS));
      putSlot(s, v);
      applied.push(`number ${s.path}=${v.text.slice(0, 30)}`);
    } else if (op === 4 && pool.length && allowDeep) {
      const s = rng.pick(pool);
      const v = deepText(rng);
      putSlot(s, v);
      applied.push(`deep ${s.path} (${v.text.length / 2} levels)`);
    } else if (op === 5) {
      const strs = all.filter((s) => typeof getSlot(s) === 'string');
      if (strs.length) {
        const s = rng.pick(strs);
        const u = rng.pick(UNICODE);
        putSlot(s, rng.chance(0.5) ? u : String(getSlot(s)) + u);
        applied.push(`unicode ${s.path}`);
      }
    } else if (op === 6) {
      const objs = [obj, ...all.map(getSlot).filter(isObj)];
      const o = rng.pick(objs);
      const k = rng.pick(PROTO_KEYS);
      setKey(o, k, rng.pick(protoValues()));
      applied.push(`protoKey ${k}`);
    } else if (op === 7) {
      const objs = [obj, ...all.map(getSlot).filter(isObj)];
      const o = rng.pick(objs);
      const k = rng.chance(0.5) ? rng.pick(UNICODE) : 'k\u0000' + rng.pick(['', 'x']);
      setKey(o, k, rng.pick(['v', '\u0000', 1]));
      applied.push(`oddKey ${JSON.stringify(k).slice(0, 20)}`);
    } else if (op === 8) {
      const meta = isObj(obj.metadata!) ? (obj.metadata as JObj) : (obj.metadata = {});
      const field = rng.pick(['name', 'namespace', 'resourceVersion', 'uid', 'generateName', 'finalizers', 'ownerReferences', 'managedFields', 'labels', 'annotations', 'creationTimestamp', 'deletionTimestamp', 'deletionGracePeriodSeconds', 'generation', 'selfLink']);
      let v: J;
      switch (field) {
        case 'name':
        case 'generateName':
        case 'namespace':
          v = rng.pick(BAD_NAMES);
          break;
        case 'resourceVersion':
          v = rng.pick(RV_VALUES);
          break;
        case 'labels':
        case 'annotations': {
          const o: JObj = {};
          setKey(o, rng.pick(LABEL_KEYS), rng.chance(0.7) ? rng.pick(LABEL_VALS) : randomValue(rng));
          v = rng.chance(0.1) ? toJ({ big: 'z'.repeat(300_000) }) : o;
          break;
        }
        case 'finalizers':
          v = toJ(rng.pick([['a'], ['example.com/x', 'example.com/x'], [1], 'x', [''], ['kubernetes'], ['foregroundDeletion'], ['orphan']]));
          break;
        case 'ownerReferences':
          v = toJ(rng.pick([[{}], [{ apiVersion: 'v1', kind: 'Pod', name: 'p', uid: 'u' }], 'x', [null], [{ uid: 1, controller: 'yes' }]]));
          break;
        case 'managedFields':
          v = toJ(rng.pick([[{}], [{ manager: 'x', operation: 'Bogus', fieldsV1: 'x' }], 'x', [{ fieldsType: 'FieldsV1', fieldsV1: { 'f:x': {} } }]]));
          break;
        default:
          v = randomValue(rng);
      }
      setKey(meta, field, v);
      applied.push(`metadata.${field}`);
    } else if (op === 9) {
      const other = rng.pick(TARGETS);
      if (rng.chance(0.5)) obj.kind = other.kind;
      else obj.apiVersion = String(other.manifest.apiVersion);
      if (rng.chance(0.2)) obj.apiVersion = rng.pick(['', 'v2', 'apps/v9', 'nope/v1', '/v1', 'v1/', 'a/b/c']);
      applied.push('kindSwap');
    } else if (op === 10 && pool.length) {
      const s = rng.pick(pool);
      putSlot(s, rng.pick<J>([{}, [], '', 0]));
      applied.push(`empty ${s.path}`);
    } else if (op === 11) {
      const v = rng.pick<J>([[], 'x', 1, null, toJ([obj]), toJ({ items: [obj] })]);
      if (rng.chance(0.3)) {
        applied.push('wholeBody');
        // Replace the whole object by a non-object: signalled through a wrapper key.
        for (const k of Object.keys(obj)) delete obj[k];
        setKey(obj, '\u0000replace', v);
      } else {
        const meta = obj.metadata;
        obj.metadata = toJ(rng.pick([[meta ?? null], 'x', 1, null, true]));
        applied.push('metadataType');
      }
    }
  }
  return applied;
}

/** The JSON text of a mutated object (handling the "replace the whole body" marker). */
function objectText(obj: JObj, pretty: boolean): string {
  const keys = Object.keys(obj);
  if (keys.length === 1 && keys[0] === '\u0000replace') return serialize(obj['\u0000replace']!, '');
  return serialize(obj, pretty ? '  ' : '');
}

function yamlText(rng: Rng, obj: JObj): string {
  const keys = Object.keys(obj);
  const v = keys.length === 1 && keys[0] === '\u0000replace' ? obj['\u0000replace']! : obj;
  if (hasRaw(v) || rng.chance(0.2)) return serialize(v, ''); // JSON is YAML (flow style)
  try {
    return stringifyYaml(v, { lineWidth: 0 });
  } catch {
    return serialize(v, '');
  }
}

const YAML_NASTIES = [
  // a billion laughs
  'a: &a ["x","x","x","x","x","x","x","x","x"]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\nf: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]\ng: [*f,*f,*f,*f,*f,*f,*f,*f,*f]\n',
  'apiVersion: v1\nkind: ConfigMap\nmetadata: &m\n  name: fz-anchor\n  labels: *m\n',
  'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: !!binary aGVsbG8=\n',
  'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\ndata: !!set {a, b}\n',
  'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\ndata: !!omap [a: 1, b: 2]\n',
  'apiVersion: v1\nkind: ConfigMap\nmetadata: !!js/function "function(){}"\n',
  'apiVersion: v1\nkind: ConfigMap\nmetadata: !custom {name: x}\n',
  'base: &b {name: x}\nmetadata:\n  <<: *b\n  <<: *b\napiVersion: v1\nkind: ConfigMap\n',
  '---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: b}\n',
  '%YAML 1.1\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\ndata: {a: yes, b: 0x1F, c: 0o17, d: .inf, e: .nan, f: 1_000, g: 2001-12-14t21:59:43.10-05:00}\n',
  '%TAG ! tag:example.com,2000:\n---\n!foo {a: 1}\n',
  '? {a: 1}\n: b\n? [1, 2]\n: c\n',
  'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n  name: y\n',
  'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n  __proto__:\n    ' + POLLUTION_MARK + ': yes\n',
  'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\nconstructor:\n  prototype:\n    ' + POLLUTION_MARK + ': yes\n',
  '\t- not: valid\n',
  '&a [*a]\n',
  '*undefined_alias\n',
  'a: "\\x00\\uD800"\n',
  'a: |\n' + '  line\n'.repeat(20000),
  'a:\n' + Array.from({ length: 300 }, (_, i) => ' '.repeat(i + 1) + '- ').join('\n') + 'x\n',
  '[' + '['.repeat(2000) + ']'.repeat(2000) + ']',
  '{'.repeat(100_000) + '}'.repeat(100_000),
  '- '.repeat(50_000) + 'x',
  '!!str',
  '...',
  '---',
  '~',
  'null',
  '"just a string"',
  '12345',
];

/** Text-level damage to a serialized body. */
function damageBytes(rng: Rng, buf: Buffer): { buf: Buffer; label: string } {
  if (buf.length === 0) return { buf: rng.bytes(16), label: 'random' };
  switch (rng.int(8)) {
    case 0: {
      const at = rng.int(buf.length);
      return { buf: buf.subarray(0, at), label: `truncate@${at}` };
    }
    case 1: {
      const b = Buffer.from(buf);
      for (let i = rng.range(1, 8); i > 0; i--) b[rng.int(b.length)] = rng.u32() & 0xff;
      return { buf: b, label: 'flipBytes' };
    }
    case 2: {
      const at = rng.int(buf.length);
      const ins = rng.pick([Buffer.from([0]), Buffer.from([0xff, 0xfe]), Buffer.from([0xc0, 0xae]), Buffer.from([0xed, 0xa0, 0x80]), Buffer.from('\ufeff'), Buffer.from([0xe2, 0x82])]);
      return { buf: Buffer.concat([buf.subarray(0, at), ins, buf.subarray(at)]), label: `insertBytes@${at}` };
    }
    case 3: {
      const first = buf.indexOf('{');
      if (first < 0) return { buf: Buffer.concat([buf, Buffer.from(',')]), label: 'trailingComma' };
      const dup = rng.pick(['"metadata":{"name":"dup"},', '"kind":"Pod",', '"apiVersion":"v2",', '"metadata":null,', '"__proto__":{"' + POLLUTION_MARK + '":1},']);
      return { buf: Buffer.concat([buf.subarray(0, first + 1), Buffer.from(dup), buf.subarray(first + 1)]), label: 'duplicateKey' };
    }
    case 4:
      return { buf: Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), buf]), label: 'bom' };
    case 5:
      return { buf: Buffer.concat([buf, rng.pick([Buffer.from(',}'), Buffer.from('\n---\n'), Buffer.from(' garbage'), Buffer.from([0]), Buffer.from('}}}]]]')])]), label: 'trailingGarbage' };
    case 6: {
      const at = rng.int(buf.length);
      const len = rng.range(1, 64);
      return { buf: Buffer.concat([buf.subarray(0, at), buf.subarray(at + len)]), label: `cut@${at}+${len}` };
    }
    default: {
      const at = rng.int(buf.length);
      return { buf: Buffer.concat([buf.subarray(0, at), buf.subarray(at, at + 200), buf.subarray(at)]), label: `repeatSlice@${at}` };
    }
  }
}

// Request generators ------------------------------------------------------------------------

type Gen = (rng: Rng, seq: number) => Omit<FuzzRequest, 'seq'>;

function nsFor(rng: Rng, t: Target): string | undefined {
  if (!t.namespaced) return rng.chance(0.05) ? NS : undefined; // cluster-scoped under a namespace path
  return rng.weighted<string | undefined>([
    [85, NS],
    [6, 'default'],
    [3, 'missing-ns'],
    [2, undefined],
    [2, 'kube-system'],
    [2, rng.pick(BAD_NAMES)],
  ]);
}

function encodeSeg(rng: Rng, s: string): string {
  return rng.chance(0.9) ? pct(s) : pathSafe(s);
}

function bodyFor(rng: Rng, obj: JObj, labels: string[]): { body: Buffer; contentType: string; chunked: boolean } {
  const fmt = rng.weighted([
    [70, 'json'],
    [20, 'yaml'],
    [4, 'random'],
    [3, 'protobuf'],
    [3, 'bogus'],
  ] as const);
  let body: Buffer;
  let ct: string;
  if (fmt === 'json') {
    body = Buffer.from(objectText(obj, rng.chance(0.2)));
    ct = rng.chance(0.05) ? '' : 'application/json';
  } else if (fmt === 'yaml') {
    body = Buffer.from(rng.chance(0.1) ? rng.pick(YAML_NASTIES) : yamlText(rng, obj));
    ct = rng.pick(['application/yaml', 'application/x-yaml', 'text/yaml', 'text/x-yaml']);
  } else if (fmt === 'protobuf') {
    body = Buffer.concat([Buffer.from('k8s\0'), rng.bytes(rng.int(256))]);
    ct = 'application/vnd.kubernetes.protobuf';
  } else if (fmt === 'random') {
    body = rng.bytes(rng.int(4096));
    ct = rng.pick(['application/json', 'application/yaml', 'application/cbor', 'application/octet-stream']);
  } else {
    body = Buffer.from(objectText(obj, false));
    ct = rng.pick(['text/csv', 'application/xml', 'multipart/form-data; boundary=x', 'application/json+yaml', ';', 'application/', '/', 'application/jsonx', 'text/plain']);
  }
  labels.push(fmt);
  if (rng.chance(0.12)) {
    const d = damageBytes(rng, body);
    body = d.buf;
    labels.push(d.label);
  }
  return { body, contentType: ct === '' ? '' : withParams(rng, ct), chunked: rng.chance(0.1) };
}

const genCreate: Gen = (rng, seq) => {
  const t = rng.pick(TARGETS);
  const name = `fzc-${seq}`;
  const obj = toJ(structuredClone(t.manifest)) as JObj;
  (obj.metadata as JObj).name = name;
  const labels = [`create ${t.resource}`];
  if (rng.chance(0.9)) labels.push(...mutateObject(rng, obj));
  const { body, contentType, chunked } = bodyFor(rng, obj, labels);
  const headers = baseHeaders(rng);
  if (contentType !== '' || rng.chance(0.5)) headers['content-type'] = contentType;
  const ns = nsFor(rng, t);
  const q = rng.chance(0.3) ? randomQuery(rng, false) : rng.chance(0.1) ? `?fieldValidation=${rng.pick(['Strict', 'Warn', 'Ignore', 'x'])}` : '';
  return { label: labels.join(', '), method: 'POST', path: collectionPath(t, ns === undefined ? undefined : encodeSeg(rng, ns)) + q, headers, body, chunked, createName: name };
};

const genUpdate: Gen = (rng) => {
  const t = rng.pick(TARGETS);
  const obj = toJ(structuredClone(t.manifest)) as JObj;
  const labels = [`update ${t.resource}`];
  const name = rng.chance(0.85) ? t.name : rng.pick([...BAD_NAMES.filter((n) => n), 'fzu-new', 'k-other']);
  if (rng.chance(0.1)) (obj.metadata as JObj).name = rng.pick(BAD_NAMES);
  if (rng.chance(0.15)) (obj.metadata as JObj).resourceVersion = rng.pick(RV_VALUES);
  if (rng.chance(0.85)) labels.push(...mutateObject(rng, obj));
  const { body, contentType, chunked } = bodyFor(rng, obj, labels);
  const headers = baseHeaders(rng);
  if (contentType !== '' || rng.chance(0.5)) headers['content-type'] = contentType;
  const sub = rng.chance(0.2) ? '/' + rng.pick(t.subresources) : '';
  const ns = nsFor(rng, t);
  const q = rng.chance(0.25) ? randomQuery(rng, false) : '';
  return { label: labels.join(', ') + sub, method: 'PUT', path: `${collectionPath(t, ns === undefined ? undefined : encodeSeg(rng, ns))}/${encodeSeg(rng, name)}${sub}${q}`, headers, body, chunked };
};

const POINTERS = [
  '', '/', '//', 'a/b', '/metadata/labels/~', '/~3', '/metadata/~01', '/spec/containers/-', '/spec/containers/-1', '/spec/containers/99999999999999999999',
  '/spec/containers/1e3', '/spec/containers/01', '/__proto__/' + POLLUTION_MARK, '/constructor/prototype/' + POLLUTION_MARK, '/metadata/__proto__/' + POLLUTION_MARK,
  '/metadata/name', '/kind', '/apiVersion', '/metadata/resourceVersion', '/metadata/uid', '/metadata/namespace', '/metadata/labels/a~1b', '/metadata/labels',
  '/metadata/labels/x', '/metadata/annotations/x', '/data/a', '/data', '/spec', '/status', '/metadata', '/metadata/finalizers/0', '/metadata/finalizers/-',
  '/spec/replicas', '/spec/template/spec/containers/0/image', '/a/b/c/d', '/metadata/creationTimestamp', '/metadata/deletionTimestamp', '/spec/containers/0/ports/0',
  '/' + 'a/'.repeat(1000) + 'a', '/' + 'x'.repeat(100_000), '/metadata/labels/\u0000', '/metadata/labels/ü', '/0', '/-', '/items/0', '#/metadata', 'metadata/name',
];
const OPS = ['add', 'remove', 'replace', 'move', 'copy', 'test', 'bogus', '', 'ADD', 'Replace', '__proto__'];

function jsonPatchBody(rng: Rng, t: Target): { text: string; label: string } {
  if (rng.chance(0.1)) return { text: serialize(rng.pick<J>([{}, 'x', 1, null, toJ({ op: 'add', path: '/a', value: 1 }), [[]], [null], ['add']]), ''), label: 'nonArray' };
  const realPaths = slots(toJ(t.manifest)).map((s) => '/' + s.path.slice(1).replace(/\[(\d+)\]/g, '.$1').split('.').map((p) => p.replace(/~/g, '~0').replace(/\//g, '~1')).join('/'));
  const n = rng.weighted([
    [10, 1],
    [6, 3],
    [3, 6],
    [1, 2000],
  ] as const);
  const ops: J[] = [];
  for (let i = 0; i < n; i++) {
    const op: JObj = {};
    if (rng.chance(0.95)) setKey(op, 'op', rng.chance(0.8) ? rng.pick(OPS.slice(0, 6)) : rng.pick<J>([...OPS, 1, null, {}]));
    if (rng.chance(0.95)) setKey(op, 'path', rng.chance(0.5) && realPaths.length ? rng.pick(realPaths) : rng.chance(0.95) ? rng.pick(POINTERS) : randomValue(rng));
    if (rng.chance(0.7)) setKey(op, 'value', rng.chance(0.2) ? rng.pick(['v', 'x', 'a', 'b']) : randomValue(rng));
    if (rng.chance(0.25)) setKey(op, 'from', rng.chance(0.5) && realPaths.length ? rng.pick(realPaths) : rng.pick(POINTERS));
    if (rng.chance(0.05)) setKey(op, rng.pick(PROTO_KEYS), rng.pick(protoValues()));
    ops.push(rng.chance(0.03) ? randomValue(rng) : op);
  }
  return { text: serialize(ops, ''), label: `jsonPatch(${n} ops)` };
}

function mergePatchBody(rng: Rng, t: Target, strategic: boolean): { text: string; label: string } {
  if (rng.chance(0.1)) return { text: serialize(rng.pick<J>([[], 'x', 1, null, true, toJ([{ a: 1 }])]), ''), label: 'nonObject' };
  const obj = toJ(structuredClone(t.manifest)) as JObj;
  // Keep a random subset of the top-level fields, then mutate.
  for (const k of Object.keys(obj)) if (rng.chance(0.4)) delete obj[k];
  const labels = mutateObject(rng, obj);
  if (rng.chance(0.3)) setKey(obj, 'metadata', toJ({ labels: { x: null, [POLLUTION_MARK + '-ok']: 'v' }, annotations: null, finalizers: null }));
  if (strategic && rng.chance(0.6)) {
    const target = rng.chance(0.5) ? obj : isObj(obj.spec ?? null) ? (obj.spec as JObj) : obj;
    const directive = rng.int(6);
    if (directive === 0) setKey(target, '$patch', rng.pick(['replace', 'delete', 'merge', 'bogus', '', 1]));
    else if (directive === 1) setKey(target, '$retainKeys', toJ(rng.pick([['a'], 'x', [1], [], null])));
    else if (directive === 2) setKey(target, '$setElementOrder/containers', toJ(rng.pick([[{ name: 'c' }], [{ name: 'nope' }], 'x', [{}], [1]])));
    else if (directive === 3) setKey(target, '$deleteFromPrimitiveList/finalizers', toJ(rng.pick([['a'], 'x', [1], [null]])));
    else if (directive === 4) setKey(target, 'containers', toJ(rng.pick([[{ name: 'c', $patch: 'delete' }], [{ $patch: 'replace' }], [{ image: 'no-name' }], [{ name: 'c', ports: [{ $patch: 'delete' }] }]])));
    else setKey(target, '$' + rng.pick(['patch', 'retainKeys', 'bogus', '', 'setElementOrder']), randomValue(rng));
    labels.push('directive');
  }
  return { text: objectText(obj, false), label: `${strategic ? 'strategic' : 'merge'}(${labels.join(', ')})` };
}

const PATCH_TYPES = [
  'application/json-patch+json',
  'application/merge-patch+json',
  'application/strategic-merge-patch+json',
  'application/apply-patch+yaml',
  'application/apply-patch+cbor',
];
const BOGUS_PATCH_TYPES = ['application/json', 'text/plain', 'application/patch', 'application/merge-patch+json;;', '', '*/*', 'application/strategic-merge-patch+json+json', 'APPLICATION/JSON-PATCH+JSON', 'application/yaml', 'application/json-patch', 'application/apply-patch', 'application/vnd.kubernetes.protobuf'];

const genPatch: Gen = (rng) => {
  const t = rng.pick(TARGETS);
  const kind = rng.weighted([
    [30, 0],
    [25, 1],
    [15, 2],
    [15, 3],
    [3, 4],
    [12, 5],
  ] as const);
  let text: string;
  let label: string;
  let query = '';
  if (kind === 0 || (kind === 5 && rng.chance(0.5))) ({ text, label } = jsonPatchBody(rng, t));
  else if (kind === 1 || kind === 5) ({ text, label } = mergePatchBody(rng, t, false));
  else if (kind === 2) ({ text, label } = mergePatchBody(rng, t, true));
  else if (kind === 3) {
    const obj = toJ(structuredClone(t.manifest)) as JObj;
    const labels = rng.chance(0.8) ? mutateObject(rng, obj) : [];
    text = rng.chance(0.15) ? rng.pick(YAML_NASTIES) : yamlText(rng, obj);
    label = `apply(${labels.join(', ')})`;
    query = rng.pick(['?fieldManager=fuzz', '?fieldManager=fuzz&force=true', '', '?force=garbage&fieldManager=fuzz', '?fieldManager=' + 'x'.repeat(200), '?fieldManager=fuzz&force=true&dryRun=All']);
  } else {
    text = rng.bytes(rng.int(512)).toString('latin1');
    label = 'cbor(random)';
  }
  const ct = kind === 5 ? rng.pick(BOGUS_PATCH_TYPES) : PATCH_TYPES[kind]!;
  let body: Buffer = Buffer.from(text, kind === 4 ? 'latin1' : 'utf8');
  if (rng.chance(0.1)) {
    const d = damageBytes(rng, body);
    body = d.buf;
    label += ' ' + d.label;
  }
  const headers = baseHeaders(rng);
  if (ct !== '' || rng.chance(0.5)) headers['content-type'] = ct === '' ? '' : withParams(rng, ct);
  const sub = rng.chance(0.2) ? '/' + rng.pick(t.subresources) : '';
  const name = rng.chance(0.9) ? t.name : rng.pick(['fzp-missing', ...BAD_NAMES.filter((n) => n)]);
  const ns = nsFor(rng, t);
  if (!query && rng.chance(0.2)) query = randomQuery(rng, false);
  return {
    label: `patch ${t.resource}${sub} ${ct || '(no type)'} ${label}`,
    method: 'PATCH',
    path: `${collectionPath(t, ns === undefined ? undefined : encodeSeg(rng, ns))}/${encodeSeg(rng, name)}${sub}${query}`,
    headers,
    body,
    chunked: rng.chance(0.05),
  };
};

const genList: Gen = (rng) => {
  const t = rng.pick(TARGETS);
  const ns = rng.weighted<string | undefined>([
    [60, NS],
    [25, undefined],
    [10, 'default'],
    [5, rng.pick(BAD_NAMES)],
  ]);
  const watchPath = rng.chance(0.08);
  let path = collectionPath(t, ns === undefined ? undefined : encodeSeg(rng, ns));
  if (watchPath) path = path.replace(/^(\/api\/v1|\/apis\/[^/]+\/[^/]+)/, '$1/watch');
  const params: string[] = [];
  if (rng.chance(0.5)) params.push('labelSelector=' + pct(labelSelector(rng)));
  if (rng.chance(0.4)) params.push('fieldSelector=' + (rng.chance(0.9) ? pct(fieldSelector(rng)) : pathSafe(fieldSelector(rng))));
  let q = params.join('&');
  const more = randomQuery(rng, watchPath || q.includes('watch'));
  if (more) q = q ? q + '&' + more.slice(1) : more.slice(1);
  if (watchPath && !/timeoutSeconds/.test(q)) q += (q ? '&' : '') + 'timeoutSeconds=1';
  const method = rng.weighted([
    [90, 'GET'],
    [6, 'HEAD'],
    [4, 'DELETE'],
  ] as const);
  // A DELETE here is a deletecollection: give it a selector that matches nothing most of the time.
  if (method === 'DELETE' && (rng.chance(0.9) || t.resource === 'namespaces')) q = 'labelSelector=' + encodeURIComponent('fuzz-nothing=' + rng.int(1000)) + (q ? '&' + q : '');
  return { label: `list ${t.resource}${watchPath ? ' (watch path)' : ''}`, method, path: path + (q ? '?' + q : ''), headers: baseHeaders(rng) };
};

const genRandomPath: Gen = (rng) => {
  const method = rng.weighted([
    [40, 'GET'],
    [12, 'POST'],
    [10, 'PUT'],
    [10, 'PATCH'],
    [8, 'DELETE'],
    [6, 'HEAD'],
    [4, 'OPTIONS'],
    [2, 'TRACE'],
    [2, 'PROPFIND'],
    [2, 'PURGE'],
  ] as const);
  const path = randomPath(rng);
  const watchy = /\/watch(\/|$)/.test(path);
  const headers = baseHeaders(rng);
  let body: Buffer | undefined;
  if (method !== 'GET' && method !== 'HEAD' && rng.chance(0.7)) {
    const t = rng.pick(TARGETS);
    const obj = toJ(structuredClone(t.manifest)) as JObj;
    if (rng.chance(0.5)) mutateObject(rng, obj, false);
    body = rng.chance(0.8) ? Buffer.from(objectText(obj, false)) : rng.bytes(rng.int(1024));
    headers['content-type'] = withParams(rng, rng.pick(['application/json', 'application/yaml', 'application/merge-patch+json', 'application/json-patch+json', 'text/plain']));
  }
  return { label: `randomPath ${method}`, method, path: path + randomQuery(rng, watchy), headers, body };
};

const genRandomBytes: Gen = (rng) => {
  const t = rng.pick(TARGETS);
  const method = rng.pick(['POST', 'PUT', 'PATCH', 'DELETE'] as const);
  const path = collectionPath(t, NS) + (method === 'POST' ? '' : '/' + t.name);
  const n = rng.weighted([
    [6, rng.int(64)],
    [3, rng.int(4096)],
    [1, rng.int(200_000)],
  ]);
  const ct = rng.pick(['application/json', 'application/yaml', 'application/merge-patch+json', 'application/json-patch+json', 'application/strategic-merge-patch+json', 'application/apply-patch+yaml', 'application/vnd.kubernetes.protobuf', 'application/octet-stream']);
  const headers = baseHeaders(rng);
  headers['content-type'] = ct;
  return { label: `randomBytes ${method} ${t.resource} ${n}B`, method, path, headers, body: rng.bytes(n), chunked: rng.chance(0.2) };
};

const genBigBody: Gen = (rng, seq) => {
  // Right at and over the 3 MiB body limit, and huge arrays.
  const t = TARGETS.find((x) => x.resource === 'configmaps')!;
  const name = `fzc-${seq}`;
  const size = rng.pick([3 * 1024 * 1024 - 200, 3 * 1024 * 1024 + 1, 3 * 1024 * 1024 + 4096, 3 * 1024 * 1024 * 2]);
  const kind = rng.int(3);
  let text: string;
  if (kind === 0) text = `{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"${name}"},"data":{"a":"${'x'.repeat(size - 100)}"}}`;
  else if (kind === 1) text = `{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"${name}","labels":{"a":"b"}},"binaryData":{"a":[${'1,'.repeat(Math.floor(size / 2) - 100)}1]}}`;
  else text = `{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"${name}","finalizers":[${'"a/b",'.repeat(Math.floor(size / 6) - 30)}"a/b"]}}`;
  return { label: `bigBody ${text.length}B kind=${kind}`, method: 'POST', path: collectionPath(t, NS), headers: { 'content-type': 'application/json', accept: 'application/json' }, body: Buffer.from(text), chunked: rng.chance(0.3), createName: name };
};

const genDelete: Gen = (rng) => {
  const t = rng.pick(TARGETS);
  const headers = baseHeaders(rng);
  let body: Buffer | undefined;
  if (rng.chance(0.6)) {
    const opts = toJ(
      rng.pick([
        { gracePeriodSeconds: rng.pick<unknown>([0, -1, 'x', 1e308, null, 99999999999]) },
        { preconditions: rng.pick<unknown>([{ uid: 'nope' }, { resourceVersion: 'abc' }, 'x', null, { uid: 1 }]) },
        { propagationPolicy: rng.pick<unknown>(['Foreground', 'Background', 'Orphan', 'x', 1, null]) },
        { dryRun: rng.pick<unknown>([['All'], 'All', [1], ['x'], null]) },
        { orphanDependents: rng.pick<unknown>([true, 'yes', null]) },
        { kind: 'DeleteOptions', apiVersion: 'v1', gracePeriodSeconds: 0 },
        [],
        'x',
      ]),
    );
    body = Buffer.from(serialize(opts, ''));
    if (rng.chance(0.15)) body = damageBytes(rng, body).buf;
    headers['content-type'] = withParams(rng, rng.pick(['application/json', 'application/yaml', 'text/plain']));
  }
  // Mostly delete things that may not exist, so the targets of updates and patches stay around.
  const name = rng.chance(0.3) ? t.name : rng.pick(['fzd-missing', ...BAD_NAMES.filter((n) => n)]);
  const sub = rng.chance(0.1) ? '/' + rng.pick(t.subresources) : '';
  return { label: `delete ${t.resource}${sub}`, method: 'DELETE', path: `${collectionPath(t, encodeSeg(rng, nsFor(rng, t) ?? NS))}/${encodeSeg(rng, name)}${sub}${randomQuery(rng, false)}`, headers, body };
};

const genSubresourcePost: Gen = (rng) => {
  const pod = TARGETS.find((x) => x.resource === 'pods')!;
  const sub = rng.pick(['binding', 'eviction']);
  const base = sub === 'binding'
    ? { apiVersion: 'v1', kind: 'Binding', metadata: { name: pod.name }, target: { apiVersion: 'v1', kind: 'Node', name: 'n1' } }
    : { apiVersion: 'policy/v1', kind: 'Eviction', metadata: { name: pod.name }, deleteOptions: { gracePeriodSeconds: 0 } };
  const obj = toJ(base) as JObj;
  const labels = mutateObject(rng, obj);
  const { body, contentType } = bodyFor(rng, obj, labels);
  const headers = baseHeaders(rng);
  headers['content-type'] = contentType;
  // Never the real pod name with a valid eviction most of the time: keep the pod for patches.
  const name = rng.chance(0.3) ? pod.name : 'fzs-missing';
  return { label: `post ${sub} (${labels.join(', ')})`, method: 'POST', path: `${collectionPath(pod, NS)}/${name}/${sub}`, headers, body };
};

const genDiscovery: Gen = (rng) => {
  const path = rng.pick(['/api', '/apis', '/apis/apps', '/apis/apps/v1', '/api/v1', '/version', '/openapi/v2', '/openapi/v3', '/apis/example.com', '/apis/example.com/v1', '/metrics', '/healthz?verbose', '/readyz?exclude=x', '/livez/ping']);
  const headers = baseHeaders(rng);
  headers.accept = rng.pick(ACCEPTS);
  return { label: 'discovery', method: rng.pick(['GET', 'GET', 'GET', 'HEAD', 'POST']), path: path + (rng.chance(0.3) ? randomQuery(rng, false) : ''), headers };
};

const GENERATORS: ReadonlyArray<readonly [number, Gen]> = [
  [22, genCreate],
  [14, genUpdate],
  [20, genPatch],
  [14, genList],
  [12, genRandomPath],
  [5, genRandomBytes],
  [5, genDelete],
  [3, genSubresourcePost],
  [4, genDiscovery],
  [1, genBigBody],
];

// ---------------------------------------------------------------------------------------------
// The server process

const BIN = fileURLToPath(new URL('../../../bin/k8ts', import.meta.url));
const LIVE = new Set<ChildProcess>();
process.once('exit', () => {
  for (const c of LIVE) c.kill('SIGKILL');
});

interface Creds {
  readonly ca: string;
  readonly cert: string;
  readonly key: string;
}

interface ServerProcess {
  readonly child: ChildProcess;
  readonly port: number;
  readonly creds: Creds;
  readonly log: string[];
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  alive(): boolean;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

function readKubeconfig(file: string): Creds {
  const kc = parseYaml(readFileSync(file, 'utf8')) as { clusters: Array<{ cluster: Record<string, string> }>; users: Array<{ user: Record<string, string> }> };
  const b = (s: string | undefined) => Buffer.from(s ?? '', 'base64').toString('utf8');
  return { ca: b(kc.clusters[0]!.cluster['certificate-authority-data']), cert: b(kc.users[0]!.user['client-certificate-data']), key: b(kc.users[0]!.user['client-key-data']) };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function getOnce(port: number, creds: Creds, path: string, timeoutMs = 2000): Promise<{ code: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = https.request({ host: '127.0.0.1', port, path, method: 'GET', ca: creds.ca, cert: creds.cert, key: creds.key, agent: false, timeout: timeoutMs }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ code: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', reject);
    req.end();
  });
}

async function startServerProcess(dataDir: string, deadlineMs = 30_000): Promise<ServerProcess> {
  for (let attempt = 0; ; attempt++) {
    const port = await freePort();
    const kubeconfig = join(dataDir, 'kubeconfig.yaml');
    const child = spawn(process.execPath, [BIN, 'server', '--data-dir', dataDir, '--https-listen-port', String(port), '--write-kubeconfig', kubeconfig], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    LIVE.add(child);
    const log: string[] = [];
    let signalReady!: () => void;
    const readyLine = new Promise<'ready'>((r) => (signalReady = () => r('ready')));
    const onLines = (stream: NodeJS.ReadableStream) => {
      let buf = '';
      stream.on('data', (c: Buffer) => {
        buf += c.toString('utf8');
        let i: number;
        while ((i = buf.indexOf('\n')) >= 0) {
          const line = buf.slice(0, i);
          buf = buf.slice(i + 1);
          log.push(line);
          if (log.length > 5000) log.splice(0, 1000);
          if (line.includes('k8ts server ready')) signalReady();
        }
      });
    };
    onLines(child.stdout!);
    onLines(child.stderr!);
    let isAlive = true;
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
      child.once('exit', (code, signal) => {
        isAlive = false;
        LIVE.delete(child);
        resolve({ code, signal });
      }),
    );
    let timer: NodeJS.Timeout | undefined;
    const outcome = await Promise.race([readyLine, exited.then(() => 'exited' as const), new Promise<'timeout'>((r) => (timer = setTimeout(() => r('timeout'), deadlineMs)))]);
    clearTimeout(timer);
    if (outcome === 'exited') {
      if (attempt < 5 && log.some((l) => l.includes('EADDRINUSE'))) continue;
      throw new Error(`k8ts server exited before it was ready:\n${log.slice(-30).join('\n')}`);
    }
    if (outcome === 'timeout') {
      child.kill('SIGKILL');
      throw new Error(`k8ts server not ready after ${deadlineMs} ms:\n${log.slice(-30).join('\n')}`);
    }
    const creds = readKubeconfig(kubeconfig);
    const deadline = Date.now() + deadlineMs;
    for (;;) {
      const r = await getOnce(port, creds, '/readyz').catch(() => undefined);
      if (r?.code === 200) break;
      if (!isAlive) throw new Error(`k8ts server exited while waiting for /readyz:\n${log.slice(-30).join('\n')}`);
      if (Date.now() > deadline) {
        child.kill('SIGKILL');
        throw new Error(`/readyz did not answer 200 within ${deadlineMs} ms (last: ${r?.code} ${r?.body})`);
      }
      await sleep(50);
    }
    return { child, port, creds, log, exited, alive: () => isAlive };
  }
}

// ---------------------------------------------------------------------------------------------
// Sending and checking

function send(srv: ServerProcess, agent: https.Agent, r: FuzzRequest): Promise<Response> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(r.headers)) headers[k] = headerSafe(v);
    if (r.body && !r.chunked) headers['content-length'] = String(r.body.length);
    // Node chunk-encodes only some methods by default (not GET or DELETE): say so explicitly.
    if (r.body && r.chunked) headers['transfer-encoding'] = 'chunked';
    let settled = false;
    const done = (f: () => void) => {
      if (!settled) {
        settled = true;
        clearTimeout(noResponse);
        f();
      }
    };
    let req: ReturnType<typeof https.request>;
    try {
      req = https.request({ host: '127.0.0.1', port: srv.port, method: r.method, path: r.path, headers, agent }, (res) => {
        clearTimeout(noResponse);
        const chunks: Buffer[] = [];
        let cut = false;
        const code = res.statusCode ?? 0;
        const streamTimer = setTimeout(() => {
          cut = true;
          if (code >= 200 && code < 300) {
            req.destroy();
            done(() => resolve({ code, headers: res.headers, body: Buffer.concat(chunks), cut: true }));
          } else {
            req.destroy();
            done(() => reject(new Error(`a ${code} response did not end within ${RESPONSE_TIMEOUT_MS} ms`)));
          }
        }, code >= 200 && code < 300 ? STREAM_CUT_MS : RESPONSE_TIMEOUT_MS);
        streamTimer.unref();
        res.on('close', () => clearTimeout(streamTimer));
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          clearTimeout(streamTimer);
          done(() => resolve({ code, headers: res.headers, body: Buffer.concat(chunks), cut }));
        });
        res.on('error', (e) => {
          clearTimeout(streamTimer);
          done(() => reject(e));
        });
      });
    } catch (e) {
      reject(new Error(`the client could not send this request: ${(e as Error).message}`));
      return;
    }
    const noResponse = setTimeout(() => {
      req.destroy();
      done(() => reject(new Error(`no response within ${RESPONSE_TIMEOUT_MS} ms`)));
    }, RESPONSE_TIMEOUT_MS);
    noResponse.unref();
    req.on('close', () => clearTimeout(noResponse));
    req.on('error', (e) => done(() => reject(new Error(`${e.message}${req.reusedSocket ? ' (on a reused keep-alive connection)' : ''}`))));
    if (!r.body) req.end();
    else if (!r.chunked) req.end(r.body);
    else {
      const step = Math.max(1, Math.ceil(r.body.length / 3));
      for (let i = 0; i < r.body.length; i += step) req.write(r.body.subarray(i, i + step));
      req.end();
    }
  });
}

/**
 * The one 5xx upstream gives on purpose: a request the API server proxies to a node's kubelet
 * (nodes/proxy, pods/log, exec, attach, portforward) whose node has no usable address or whose
 * kubelet cannot be reached is answered 500 with the dial error, as kube-apiserver does. The
 * fuzzer creates nodes without addresses, so it meets this; any other 5xx is still a problem.
 */
function isUpstreamBackendFailure(r: FuzzRequest, code: number, s: any): boolean {
  // The server reads repeated slashes as one (`/nodes/n//proxy` is n's proxy).
  const path = (r.path.split('?')[0] ?? '').replace(/\/{2,}/g, '/');
  const proxied = /\/nodes\/[^/]+\/proxy(\/|$)|\/pods\/[^/]+\/(log|exec|attach|portforward)$/.test(path);
  const message = typeof s?.message === 'string' ? s.message : '';
  return code === 500 && proxied && /^(no preferred addresses found|error dialing backend|Get "[^"]*": dial tcp)/.test(message);
}

/**
 * The other: a list at a resourceVersion the store has not reached waits 3 s for it, then is
 * answered 504 Timeout "Too large resource version" (cause ResourceVersionTooLarge), as upstream's
 * watch cache answers it.
 */
function isTooLargeResourceVersion(r: FuzzRequest, code: number, s: any): boolean {
  return code === 504 && r.method === 'GET' && /[?&]resourceVersion=\d/.test(r.path) && s?.reason === 'Timeout' && s?.details?.causes?.[0]?.reason === 'ResourceVersionTooLarge';
}

/** What is wrong with this answer, if anything. */
function problemsOf(r: FuzzRequest, resp: Response): string[] {
  const p: string[] = [];
  const ct = String(resp.headers['content-type'] ?? '');
  if (resp.code < 200 || resp.code >= 300) {
    if (r.method === 'HEAD') return p;
    // Not errors: 304 Not Modified has no body by definition (the OpenAPI documents honour
    // If-None-Match, e.g. "*"), and a 301 from /openapi/v3 carries a Location.
    if (resp.code === 304 || (resp.code === 301 && resp.headers.location)) return p;
    let s: any;
    try {
      s = ct.includes('yaml') ? parseYaml(resp.body.toString('utf8')) : JSON.parse(resp.body.toString('utf8'));
    } catch {
      if (resp.code >= 500) p.push(`HTTP ${resp.code}`);
      p.push(`non-2xx body is not JSON (content-type ${JSON.stringify(ct)}): ${JSON.stringify(resp.body.toString('utf8').slice(0, 200))}`);
      return p;
    }
    if (!s || typeof s !== 'object') p.push('non-2xx body is not an object');
    else {
      if (s.kind !== 'Status') p.push(`non-2xx body kind is ${JSON.stringify(s.kind)}, not Status`);
      if (s.apiVersion !== 'v1') p.push(`Status apiVersion is ${JSON.stringify(s.apiVersion)}`);
      if (s.status !== 'Failure') p.push(`Status status is ${JSON.stringify(s.status)}, not Failure`);
      // Upstream's dial failures carry reason Unknown, which is empty and left out.
      if ((typeof s.reason !== 'string' || s.reason === '') && !isUpstreamBackendFailure(r, resp.code, s)) p.push(`Status has no reason`);
      if (typeof s.message !== 'string') p.push(`Status has no message`);
      if (s.code !== resp.code) p.push(`Status code ${JSON.stringify(s.code)} differs from HTTP ${resp.code}`);
    }
    if (resp.code >= 500 && !isUpstreamBackendFailure(r, resp.code, s) && !isTooLargeResourceVersion(r, resp.code, s)) p.unshift(`HTTP ${resp.code} ${s?.reason ?? ''}: ${String(s?.message ?? resp.body.subarray(0, 200).toString('utf8')).slice(0, 300)}`);
    return p;
  }
  if (r.method === 'HEAD') return p;
  if (ct.startsWith('application/json')) {
    const text = resp.body.toString('utf8');
    if (resp.headers['transfer-encoding'] === 'chunked' || resp.cut) {
      // A watch: newline-delimited events; the last line may be cut off.
      const lines = text.split('\n');
      if (resp.cut) lines.pop();
      for (const line of lines) {
        if (!line.trim()) continue;
        let ev: any;
        try {
          ev = JSON.parse(line);
        } catch {
          // A single JSON document sent chunked (not a watch) is also fine.
          try {
            JSON.parse(text);
            return p;
          } catch {
            p.push(`2xx stream line is not JSON: ${JSON.stringify(line.slice(0, 200))}`);
            return p;
          }
        }
        if (ev?.type === 'ERROR') {
          const s = ev.object;
          if (s?.kind !== 'Status' || typeof s.code !== 'number') p.push(`watch ERROR event without a Status: ${line.slice(0, 300)}`);
          else if (s.code >= 500) p.push(`watch ERROR event ${s.code} ${s.reason}: ${String(s.message).slice(0, 300)}`);
        } else if (!['ADDED', 'MODIFIED', 'DELETED', 'BOOKMARK'].includes(ev?.type) && !(ev?.kind && ev?.apiVersion)) {
          p.push(`unexpected watch event: ${line.slice(0, 200)}`);
        }
      }
    } else {
      try {
        JSON.parse(text);
      } catch {
        p.push(`2xx JSON body does not parse: ${JSON.stringify(text.slice(0, 200))}`);
      }
    }
  }
  return p;
}

interface Failure {
  readonly req: FuzzRequest;
  readonly problem: string;
  readonly response?: string;
  readonly serverLog: string[];
}

function describeRequest(r: FuzzRequest): string {
  const preview = r.body ? JSON.stringify(r.body.subarray(0, 300).toString('utf8')) + (r.body.length > 300 ? `… (${r.body.length} bytes)` : '') : '(no body)';
  return `#${r.seq} [${r.label}] ${r.method} ${r.path.length > 300 ? r.path.slice(0, 300) + `… (${r.path.length} chars)` : r.path}\n    headers: ${JSON.stringify(r.headers).slice(0, 400)}\n    body: ${preview}`;
}

/** Save the failing requests with a curl command each; returns the directory. */
function saveFailures(failures: Failure[], srv: ServerProcess | undefined): string {
  const dir = join(tmpdir(), `k8ts-fuzz-failures-${SEED}`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const lines: string[] = [`# k8ts fuzz failures, FUZZ_SEED=${SEED}`, '# Start a server, then set K8TS=https://127.0.0.1:PORT and CERT/KEY to the admin cert and key from its kubeconfig.', ''];
  failures.forEach((f, i) => {
    const bodyFile = join(dir, `req-${f.req.seq}.body`);
    if (f.req.body) writeFileSync(bodyFile, f.req.body);
    const hdrs = Object.entries(f.req.headers).map(([k, v]) => `-H ${shq(`${k}: ${headerSafe(v)}`)}`).join(' ');
    lines.push(`## ${i + 1}. ${f.problem}`, describeRequest(f.req).replace(/^/gm, '# '), f.response ? `# response: ${f.response.replace(/\n/g, ' ')}` : '');
    if (f.serverLog.length) lines.push(...f.serverLog.map((l) => `# server: ${l.slice(0, 2000)}`));
    if (f.req.method !== '-') lines.push(
      `curl -sk --cert "$CERT" --key "$KEY" -X ${f.req.method} ${hdrs} ${f.req.body ? `--data-binary @${bodyFile}` : ''} --path-as-is "$K8TS"${shq(f.req.path.length > 20000 ? f.req.path.slice(0, 20000) : f.req.path)}`,
      '',
    );
  });
  if (srv) lines.push('# last server log lines:', ...srv.log.slice(-50).map((l) => `# ${l.slice(0, 2000)}`));
  writeFileSync(join(dir, 'README.txt'), lines.join('\n'));
  return dir;
}

const shq = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

/** Whether the pollution mark shows up anywhere but directly under a key the fuzz sent it under. */
function markLeaked(v: unknown, parentKey = '', depth = 0): boolean {
  if (depth > 200 || v === null || typeof v !== 'object') return false;
  for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
    if (k === POLLUTION_MARK && !PROTO_KEYS.includes(parentKey)) return true;
    if (markLeaked(x, Array.isArray(v) ? parentKey : k, depth + 1)) return true;
  }
  return false;
}

function deepHasKey(v: unknown, key: string, depth = 0): boolean {
  if (depth > 200 || v === null || typeof v !== 'object') return false;
  if (Object.prototype.hasOwnProperty.call(v, key)) return true;
  return Object.values(v as Record<string, unknown>).some((x) => deepHasKey(x, key, depth + 1));
}

// ---------------------------------------------------------------------------------------------
// The test

describe(`fuzzing the API server (FUZZ_SEED=${SEED})`, () => {
  let dir: string;
  let srv: ServerProcess | undefined;
  let agent: https.Agent;
  const failures: Failure[] = [];
  const refusedCreates = new Map<string, FuzzRequest>();
  /** Every create by the unique name it asked for, to name the request behind a bad object. */
  const creates = new Map<string, FuzzRequest>();
  let sent = 0;
  const replayed: FuzzRequest[] = [];

  before(async () => {
    console.log(`# fuzz seed: ${SEED} (rerun with FUZZ_SEED=${SEED}); ${TOTAL} requests`);
    dir = mkdtempSync(join(tmpdir(), 'k8ts-fuzz-'));
    srv = await startServerProcess(dir);
    agent = new https.Agent({ keepAlive: true, maxSockets: CONCURRENCY, ca: srv.creds.ca, cert: srv.creds.cert, key: srv.creds.key });
  });

  after(async () => {
    agent?.destroy();
    if (srv?.alive()) {
      srv.child.kill('SIGKILL');
      await srv.exited;
    }
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const timings: Array<{ ms: number; r: FuzzRequest; code: number }> = [];
  let hangs = 0;
  const call = async (r: FuzzRequest): Promise<Response | undefined> => {
    const logBefore = srv!.log.length;
    const t0 = performance.now();
    // Server error lines that name this request's path (others may interleave under concurrency).
    const serverLog = () => {
      let pathname = '';
      try {
        pathname = new URL(r.path, 'https://x').pathname;
      } catch {
        /* not a URL */
      }
      const needle = `"path":${JSON.stringify(pathname)}`;
      return srv!.log.slice(logBefore).filter((l) => /"level":(50|60)/.test(l) && (!pathname || l.includes(needle) || /"level":60/.test(l))).slice(0, 3);
    };
    try {
      const resp = await send(srv!, agent, r);
      timings.push({ ms: performance.now() - t0, r, code: resp.code });
      const problems = problemsOf(r, resp);
      for (const problem of problems) failures.push({ req: r, problem, response: `${resp.code} ${resp.body.subarray(0, 500).toString('utf8')}`, serverLog: serverLog() });
      return resp;
    } catch (e) {
      timings.push({ ms: performance.now() - t0, r, code: 0 });
      failures.push({ req: r, problem: `no HTTP response: ${(e as Error).message}`, serverLog: serverLog() });
      if (/no response within|did not end within/.test((e as Error).message) && ++hangs >= HANGS_BEFORE_IMPATIENCE) RESPONSE_TIMEOUT_MS = 3_000;
      return undefined;
    }
  };

  const api = async (method: string, path: string, body?: unknown, contentType = 'application/json') => {
    const r: FuzzRequest = { seq: -1, label: 'setup/check', method, path, headers: { accept: 'application/json', ...(body !== undefined ? { 'content-type': contentType } : {}) }, body: body === undefined ? undefined : Buffer.from(JSON.stringify(body)) };
    const resp = await call(r);
    assert.ok(resp, `${method} ${path}: no response`);
    return { code: resp.code, json: () => JSON.parse(resp.body.toString('utf8')) as any };
  };

  it('sets up one object of every kind to aim updates and patches at', async () => {
    for (const name of [NS, CANARY_NS]) {
      const ns = await api('POST', '/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
      assert.equal(ns.code, 201);
    }
    for (const t of TARGETS) {
      await api('POST', collectionPath(t, NS), t.manifest);
    }
    assert.deepEqual(failures.map((f) => f.problem), []);
  });

  it(`survives ${TOTAL} random requests without a 5xx, with a Status for every error`, async () => {
    const rng = new Rng(SEED);
    const started = Date.now();
    for (let batchStart = 0; batchStart < TOTAL; batchStart += BATCH) {
      if (failures.length >= MAX_PROBLEMS || Date.now() - started > MAX_FUZZ_MS) {
        console.log(`# stopping early after ${sent} requests: ${failures.length} problems, ${((Date.now() - started) / 1000).toFixed(0)} s`);
        failures.push({ req: { seq: -1, label: 'run', method: '-', path: '-', headers: {} }, problem: `the run stopped early (${failures.length} problems, ${sent} of ${TOTAL} requests sent)`, serverLog: [] });
        break;
      }
      const batch: FuzzRequest[] = [];
      for (let seq = batchStart; seq < Math.min(TOTAL, batchStart + BATCH); seq++) {
        const gen = rng.weighted(GENERATORS);
        const g = gen(rng.fork(), seq);
        const notes = [
          /[\x80-\xff]/.test(g.path) ? 'raw non-ASCII bytes in the URL' : '',
          g.path.length > 16_000 ? `${g.path.length}-char URL` : '',
          g.path.startsWith('/') ? '' : 'request-target without a leading slash',
        ].filter(Boolean);
        const r: FuzzRequest = { seq, ...g, label: notes.length ? `${g.label} (${notes.join(', ')})` : g.label };
        if (!ONLY || ONLY.has(seq)) batch.push(r);
        if (ONLY?.has(seq)) replayed.push(r);
      }
      let next = 0;
      await Promise.all(
        Array.from({ length: ONLY ? 1 : CONCURRENCY }, async () => {
          while (next < batch.length) {
            const r = batch[next++]!;
            const resp = await call(r);
            sent++;
            if (r.createName) creates.set(r.createName, r);
            if (r.createName && resp && (resp.code < 200 || resp.code >= 300)) refusedCreates.set(r.createName, r);
          }
        }),
      );
      // The server must still be up and healthy.
      const alive = srv!.alive();
      const health = alive ? await getOnce(srv!.port, srv!.creds, '/healthz', 10_000).catch((e: Error) => ({ code: 0, body: e.message })) : { code: 0, body: 'process exited' };
      if (!alive || health.code !== 200) {
        const exit = alive ? undefined : await srv!.exited;
        for (const r of batch) failures.push({ req: r, problem: `server unhealthy after this batch (${health.code} ${health.body}; exit ${JSON.stringify(exit)})`, serverLog: [] });
        break;
      }
    }
    console.log(`# sent ${sent} fuzz requests in ${((Date.now() - started) / 1000).toFixed(1)} s; ${refusedCreates.size} creates refused; ${failures.length} problems`);
    const slow = [...timings].sort((a, b) => b.ms - a.ms).slice(0, 8);
    console.log(`# slowest: ${slow.map((t) => `\n#   ${t.ms.toFixed(0)} ms ${t.code} #${t.r.seq} [${t.r.label.slice(0, 120)}] ${t.r.method} ${t.r.path.slice(0, 120)}`).join('')}`);
  });

  it('left only complete objects, and nothing from refused creates', async () => {
    assert.ok(srv!.alive(), 'the server died');
    // A fresh object and a patch must carry nothing inherited from a polluted prototype.
    const canary = await api('POST', `/api/v1/namespaces/${CANARY_NS}/configmaps`, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'fz-canary', labels: { a: 'b' } }, data: { k: 'v' } });
    assert.equal(canary.code, 201, `creating a ConfigMap in ${CANARY_NS} after the run: ${canary.code}`);
    const patched = await api('PATCH', `/api/v1/namespaces/${CANARY_NS}/configmaps/fz-canary`, { metadata: { annotations: { x: 'y' } }, data: { k2: 'v2' } }, 'application/merge-patch+json');
    assert.equal(patched.code, 200);
    for (const o of [canary.json(), patched.json()]) {
      assert.ok(!deepHasKey(o, POLLUTION_MARK), `prototype pollution: ${JSON.stringify(o)}`);
      assert.deepEqual(Object.keys(o).sort(), ['apiVersion', 'data', 'kind', 'metadata']);
    }

    // Every served resource, listed cluster-wide through discovery.
    const groupVersions: string[] = ['v1'];
    const groups = (await api('GET', '/apis')).json();
    for (const g of groups.groups ?? []) for (const v of g.versions ?? []) groupVersions.push(v.groupVersion);
    const names = new Set<string>();
    const bad: Array<{ problem: string; name?: string }> = [];
    const flag = (problem: string) => bad.push({ problem, name: /fzc-\d+/.exec(problem)?.[0] });
    let objects = 0;
    for (const gv of groupVersions) {
      const base = gv === 'v1' ? '/api/v1' : `/apis/${gv}`;
      const list = await api('GET', base);
      assert.equal(list.code, 200, `GET ${base}`);
      const group = gv.includes('/') ? gv.split('/')[0] : '';
      for (const res of list.json().resources ?? []) {
        if (String(res.name).includes('/') || !res.verbs?.includes('list')) continue;
        const l = await api('GET', `${base}/${res.name}`);
        if (l.code !== 200) {
          flag(`GET ${base}/${res.name}: ${l.code}`);
          continue;
        }
        // ComponentStatuses are computed on each request, with no uid, resourceVersion or creation time (as upstream's).
        if (gv === 'v1' && res.name === 'componentstatuses') continue;
        for (const o of l.json().items ?? []) {
          objects++;
          const m = o?.metadata ?? {};
          const where = `${base}/${res.name} ${m.namespace ?? ''}/${m.name}`;
          if (typeof o?.kind !== 'string' || o.kind !== res.kind) flag(`${where}: kind ${JSON.stringify(o?.kind)}, want ${res.kind}`);
          if (typeof o?.apiVersion !== 'string' || (o.apiVersion.includes('/') ? o.apiVersion.split('/')[0] : '') !== group) flag(`${where}: apiVersion ${JSON.stringify(o?.apiVersion)}`);
          if (typeof m.name !== 'string' || !m.name) flag(`${where}: no metadata.name`);
          if (typeof m.uid !== 'string' || !m.uid) flag(`${where}: no metadata.uid`);
          if (typeof m.creationTimestamp !== 'string' || Number.isNaN(Date.parse(m.creationTimestamp))) flag(`${where}: bad creationTimestamp ${JSON.stringify(m.creationTimestamp)}`);
          if (typeof m.resourceVersion !== 'string' || !/^\d+$/.test(m.resourceVersion)) flag(`${where}: bad resourceVersion ${JSON.stringify(m.resourceVersion)}`);
          if (markLeaked(o)) flag(`${where}: carries ${POLLUTION_MARK} outside a ${PROTO_KEYS.join('/')} key: ${JSON.stringify(o).slice(0, 300)}`);
          if (typeof m.name === 'string') names.add(m.name);
        }
      }
    }
    console.log(`# ${objects} objects listed over ${groupVersions.length} group versions`);
    for (const [name, r] of refusedCreates) {
      if (names.has(name)) flag(`object ${name} exists although its create was refused: ${describeRequest(r)}`);
    }

    // Stop the server (it must stop cleanly) and read the store directly.
    srv!.child.kill('SIGTERM');
    let stopTimer: NodeJS.Timeout | undefined;
    const stopped = await Promise.race([srv!.exited, new Promise<undefined>((r) => (stopTimer = setTimeout(() => r(undefined), 15_000)))]);
    clearTimeout(stopTimer);
    if (!stopped) {
      srv!.child.kill('SIGKILL');
      flag('the server did not stop within 15 s of SIGTERM');
      await srv!.exited;
    } else if (stopped.code !== 0) flag(`the server exited with ${JSON.stringify(stopped)} on SIGTERM`);
    const storage = openSqliteStorage({ path: join(dir, 'db', 'state.db') });
    try {
      const all = await storage.list('/registry/');
      for (const kv of all.items) {
        let o: any;
        try {
          o = JSON.parse(kv.value.toString('utf8'));
        } catch {
          flag(`stored ${kv.key} does not parse: ${kv.value.subarray(0, 200).toString('utf8')}`);
          continue;
        }
        const m = o?.metadata ?? {};
        if (typeof o?.kind !== 'string' || typeof o?.apiVersion !== 'string') flag(`stored ${kv.key}: no kind/apiVersion`);
        if (typeof m.name !== 'string' || typeof m.uid !== 'string' || typeof m.creationTimestamp !== 'string') flag(`stored ${kv.key}: incomplete metadata ${JSON.stringify(m).slice(0, 300)}`);
        const suffix = m.namespace ? `/${m.namespace}/${m.name}` : `/${m.name}`;
        if (!kv.key.endsWith(suffix)) flag(`stored ${kv.key} holds ${suffix}`);
        const name = kv.key.slice(kv.key.lastIndexOf('/') + 1);
        const r = refusedCreates.get(name);
        if (r) flag(`stored ${kv.key} although its create was refused: ${describeRequest(r)}`);
      }
    } finally {
      await storage.close();
    }
    for (const b of bad) failures.push({ req: (b.name && creates.get(b.name)) || { seq: -1, label: 'final check', method: '-', path: '-', headers: {} }, problem: b.problem, serverLog: [] });
  });

  it('found no problems', () => {
    if (ONLY && !failures.length) {
      // Replays keep their requests as reproducers even when they passed.
      const out = saveFailures(replayed.map((req) => ({ req, problem: 'replayed (no problem)', serverLog: [] })), srv);
      console.log(`# replayed requests saved in ${out}/README.txt`);
    }
    if (!failures.length) return;
    const byProblem = new Map<string, Failure[]>();
    for (const f of failures) {
      const key = f.problem.replace(/\d+/g, 'N').slice(0, 120);
      byProblem.set(key, [...(byProblem.get(key) ?? []), f]);
    }
    const out = saveFailures(failures, srv);
    const summary = [...byProblem.entries()].map(
      ([k, fs]) =>
        `  ${fs.length} × ${k}\n` +
        fs
          .slice(0, 3)
          .map((f) => '    ' + describeRequest(f.req).replace(/\n/g, '\n    ') + (f.response ? `\n    → ${f.response.slice(0, 300).replace(/\n/g, ' ')}` : '') + (f.serverLog.length ? `\n    server: ${f.serverLog[0]!.slice(0, 600)}` : ''))
          .join('\n'),
    );
    const text = `FUZZ FAILURES (FUZZ_SEED=${SEED}): ${failures.length} problems; reproducers in ${out}/README.txt\n${summary.join('\n')}`;
    console.log('# ' + text.replace(/\n/g, '\n# '));
    assert.fail(text);
  });
});
