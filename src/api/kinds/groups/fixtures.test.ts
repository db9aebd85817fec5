// Valid manifests pass: the every-kind fixtures, kubectl-validate's valid test case, and (where
// the shared snapshot is present) every real-world manifest of these kinds.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { parseAllDocuments } from 'yaml';
import { EVERY_KIND } from '../../../../test/fixtures/every-kind.js';
import { create, keyOf, update } from './harness.test.js';
import { groupOverrides } from './index.js';

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
const SHARED = resolve(ROOT, '../shared/reference/manifests');

const OWNED = new Set(Object.keys(groupOverrides()));

test('every-kind fixtures of the named groups are valid after defaulting, and stay valid on a no-op update', () => {
  let n = 0;
  for (const f of EVERY_KIND) {
    const m = f.manifest as Record<string, unknown>;
    const key = keyOf(String(m.apiVersion), String(m.kind));
    if (!key || !OWNED.has(key)) continue;
    n++;
    const created = create(key, m);
    assert.deepEqual(created.errors, [], `${key} create`);
    const updated = update(key, created.obj, structuredClone(created.obj));
    assert.deepEqual(updated.errors, [], `${key} update`);
    // Defaulting is idempotent.
    const again = structuredClone(created.obj);
    groupOverrides()[key]!.defaults?.(again);
    assert.deepEqual(again, created.obj, `${key} defaults twice`);
  }
  assert.equal(n, 22);
});

test('kubectl-validate: deployment_with_strategy.yaml is accepted', () => {
  const manifest = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'my-service', namespace: 'default' },
    spec: {
      replicas: 2,
      selector: { matchLabels: { service: 'my-service' } },
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 0, maxSurge: 1 } },
      template: {
        metadata: { labels: { service: 'my-service' } },
        spec: {
          containers: [
            {
              name: 'main',
              image: 'my-service:latest',
              imagePullPolicy: 'Always',
              resources: { limits: { cpu: '100m', memory: '100Mi' }, requests: { cpu: '100m', memory: '100Mi' } },
              ports: [{ containerPort: 8080, name: 'http', protocol: 'TCP' }],
            },
          ],
        },
      },
    },
  };
  assert.deepEqual(create('apps/v1/deployments', manifest).errors, []);
});

// Manifests in the snapshot that a real 1.33 server rejects too (kustomize patches, templates).
// The files are read as YAML 1.1, as kubectl does (0600 is octal).
const KNOWN_INVALID: Record<string, string[]> = {
  'cloudnativedevops+demo/hello-kustomize/demo/base/deployment.yaml': [
    'spec.template.metadata.labels: Invalid value: map[string]string(nil): `selector` does not match template `labels`',
  ],
  'cloudnativedevops+demo/hello-kustomize/demo/base/replicas.yaml': [
    'spec.selector: Required value',
    'spec.template.metadata.labels: Invalid value: map[string]string(nil): `selector` does not match template `labels`',
    'spec.template.spec.containers: Required value',
  ],
  'luksa+kubernetes-in-action-2nd-edition/Chapter18/job.aggregate-responses-2020.tmpl.yaml': [
    'spec.template.labels: Invalid value: "aggregate-responses-2020-__MONTH__": a valid label must be an empty string or consist of alphanumeric characters, ' +
      "'-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is " +
      "'(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')",
  ],
};
for (const env of ['dev', 'production', 'staging']) {
  KNOWN_INVALID[`cloudnativedevops+demo/hello-kustomize/demo/overlays/${env}/replicas.yaml`] = KNOWN_INVALID['cloudnativedevops+demo/hello-kustomize/demo/base/replicas.yaml']!;
}

test('real-world manifests of the named groups from the shared snapshot', { skip: !existsSync(SHARED) && 'no shared/ snapshot' }, () => {
  const list = readFileSync(join(SHARED, 'APPLICABLE-1.33.txt'), 'utf8').split('\n').filter(Boolean);
  const counts = new Map<string, number>();
  for (const f of list) {
    for (const doc of parseAllDocuments(readFileSync(join(SHARED, f), 'utf8'), { version: '1.1' })) {
      if (doc.errors.length > 0) continue;
      const o = doc.toJS() as Record<string, unknown> | null;
      if (!o || typeof o !== 'object') continue;
      const items = (o.kind === 'List' ? (o.items as Record<string, unknown>[]) : [o]) ?? [];
      for (const item of items) {
        const key = keyOf(String(item.apiVersion), String(item.kind));
        if (!key || !OWNED.has(key)) continue;
        counts.set(key, (counts.get(key) ?? 0) + 1);
        const errors = [...new Set(create(key, item).errors)];
        assert.deepEqual(errors, KNOWN_INVALID[f] ?? [], f);
      }
    }
  }
  for (const k of ['apps/v1/deployments', 'apps/v1/statefulsets', 'apps/v1/daemonsets', 'batch/v1/jobs', 'batch/v1/cronjobs', 'networking.k8s.io/v1/ingresses']) {
    assert.ok((counts.get(k) ?? 0) > 0, `no ${k} checked`);
  }
});

// Decoded objects are typed, but strategies must not throw on odd shapes either.
test('fuzz: mutated fixtures never make a strategy throw', () => {
  let seed = 12345;
  const rand = (n: number): number => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed % n;
  };
  const values: unknown[] = [null, 0, -1, 1.5, 2147483648, '', 'x', '*', '-1%', '101%', 'a/b', true, [], [null], {}, { a: null }, ['x', 1]];
  const paths = (v: unknown, prefix: string[] = [], out: string[][] = []): string[][] => {
    if (v && typeof v === 'object') {
      for (const [k, c] of Object.entries(v as Record<string, unknown>)) {
        out.push([...prefix, k]);
        paths(c, [...prefix, k], out);
      }
    }
    return out;
  };
  for (const f of EVERY_KIND) {
    const m = f.manifest as Record<string, unknown>;
    const key = keyOf(String(m.apiVersion), String(m.kind));
    if (!key || !OWNED.has(key)) continue;
    const base = create(key, m).obj;
    const all = paths(base).filter((p) => p[0] !== 'metadata' && p[0] !== 'apiVersion' && p[0] !== 'kind');
    for (let i = 0; i < 150; i++) {
      const mutated = structuredClone(base) as Record<string, any>;
      for (let j = 0; j <= rand(3); j++) {
        const p = all[rand(all.length)]!;
        let cur: any = mutated;
        for (const k of p.slice(0, -1)) cur = cur && typeof cur === 'object' ? cur[k] : undefined;
        if (cur && typeof cur === 'object') cur[p[p.length - 1]!] = structuredClone(values[rand(values.length)]);
      }
      assert.doesNotThrow(() => create(key, mutated), `${key} create ${JSON.stringify(mutated)}`);
      assert.doesNotThrow(() => update(key, base, mutated), `${key} update ${JSON.stringify(mutated)}`);
      assert.doesNotThrow(() => update(key, mutated as typeof base, base), `${key} update from ${JSON.stringify(mutated)}`);
    }
  }
});
