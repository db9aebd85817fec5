// Valid manifests pass: the every-kind fixtures and kubectl-validate's valid test case.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { EVERY_KIND } from '../../../../test/fixtures/every-kind.js';
import { create, keyOf, update } from './harness.test.js';
import { loadConditionCompiler } from './admissionregistration.js';
import { groupOverrides } from './index.js';


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
  assert.equal(n, 32);
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


// Decoded objects are typed, but strategies must not throw on odd shapes either.
test('fuzz: mutated fixtures never make a strategy throw', async () => {
  // With the CEL compiler loaded, as a write through the API server has it (strategy.load).
  await loadConditionCompiler();
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
