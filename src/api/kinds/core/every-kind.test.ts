// Every core/v1 manifest of the shared fixtures passes defaults and validation on create and on an
// unchanged update; the upstream kubectl-validate examples about core kinds give upstream's errors.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { EVERY_KIND } from '../../../../test/fixtures/every-kind.js';
import type { KObj } from '../../resource-info.js';
import { coreOverrides } from './index.js';
import { create, update } from './test-harness.js';

const overrides = coreOverrides();
const core = EVERY_KIND.filter((f) => f.manifest.apiVersion === 'v1');

test('every core kind of the fixtures has a strategy', () => {
  assert.ok(core.length >= 14);
  for (const f of core) assert.ok(overrides[`/v1/${f.resource}`], f.resource);
});

test('every core fixture passes create and an unchanged update', () => {
  for (const f of core) {
    const strategy = overrides[`/v1/${f.resource}`]!;
    const manifest = structuredClone(f.manifest) as KObj;
    if (f.namespaced) (manifest.metadata as Record<string, unknown>).namespace = 'default';
    const created = create(strategy, manifest);
    assert.deepEqual(created.errors, [], `${f.resource} create`);
    const stored = created.obj;
    (stored.metadata as Record<string, unknown>).resourceVersion = '1';
    assert.deepEqual(update(strategy, stored, structuredClone(stored)).errors, [], `${f.resource} update`);
    // Defaults are idempotent.
    const again = structuredClone(stored);
    strategy.defaults?.(again);
    assert.deepEqual(again, stored, `${f.resource} defaults twice`);
  }
});

// testcases/manifests/error_*.yaml of kubectl-validate that concern core semantics. kubectl-validate
// prints "Pod.core"; the field and message parts are what the API server prints too.
const nginx = (ports: unknown[], image: string | null = 'nginx'): KObj => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'nginx-pod', namespace: 'default' },
  spec: { containers: [{ name: 'nginx', ...(image ? { image } : {}), ports }] },
});
const podErrors = (p: KObj) => create(overrides['/v1/pods']!, p).errors;

test('kubectl-validate: error_enum_invalid.yaml', () => {
  assert.deepEqual(podErrors(nginx([{ protocol: 'udp', containerPort: 88 }])), [
    'spec.containers[0].ports[0].protocol: Unsupported value: "udp": supported values: "SCTP", "TCP", "UDP"',
  ]);
});

test('kubectl-validate: error_invalid_protocol_type.yaml (the semantic half)', () => {
  assert.deepEqual(podErrors(nginx([{ protocol: 22, containerPort: 88 }])), [
    'spec.containers[0].ports[0].protocol: Unsupported value: 22: supported values: "SCTP", "TCP", "UDP"',
  ]);
});

test('kubectl-validate: error_missing_image.yaml', () => {
  assert.deepEqual(podErrors(nginx([{ protocol: 'TCP', containerPort: 88 }], null)), ['spec.containers[0].image: Required value']);
});

test('kubectl-validate: error_multiple_resources_one_invalid.yaml (the valid document)', () => {
  assert.deepEqual(podErrors(nginx([{ protocol: 'UDP', containerPort: 88 }, { containerPort: 88, protocol: 'TCP' }])), []);
});
