import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { definitions } from '../generated/definitions.js';
import { kinds } from '../generated/kinds.js';
import { builtinDescriptions } from './index.js';

describe('field descriptions', () => {
  const d = builtinDescriptions();

  it('name only definitions and fields that exist', () => {
    const unknown: string[] = [];
    for (const [def, fields] of Object.entries(d)) {
      if (!definitions[def]) {
        unknown.push(def);
        continue;
      }
      for (const f of Object.keys(fields)) if (f && !definitions[def]!.properties?.[f]) unknown.push(`${def}.${f}`);
    }
    assert.deepEqual(unknown, []);
  });

  it('describe every served kind and its common fields', () => {
    for (const kind of ['Pod', 'Service', 'ConfigMap', 'Secret', 'Namespace', 'Node']) {
      const t = d[kinds.v1![kind]!]!;
      assert.ok(t[''], kind);
      assert.ok(t.apiVersion && t.kind && t.metadata, kind);
    }
    for (const kind of ['Deployment', 'ReplicaSet', 'StatefulSet', 'DaemonSet']) assert.ok(d[kinds['apps/v1']![kind]!]!.spec, kind);
    assert.match(d['io.k8s.api.core.v1.PodList']!['']!, /list of Pod objects/);
  });

  it('cover the fields users explain most', () => {
    const pod = d['io.k8s.api.core.v1.PodSpec']!;
    for (const f of Object.keys(definitions['io.k8s.api.core.v1.PodSpec']!.properties!)) assert.ok(pod[f], `PodSpec.${f}`);
    const c = d['io.k8s.api.core.v1.Container']!;
    for (const f of Object.keys(definitions['io.k8s.api.core.v1.Container']!.properties!)) assert.ok(c[f], `Container.${f}`);
    const meta = d['io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta']!;
    for (const f of Object.keys(definitions['io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta']!.properties!)) assert.ok(meta[f], `ObjectMeta.${f}`);
    for (const def of ['apps.v1.DeploymentStrategy', 'apps.v1.RollingUpdateDeployment', 'core.v1.Probe', 'core.v1.ResourceRequirements', 'core.v1.ServicePort', 'batch.v1.CronJobSpec']) {
      const full = `io.k8s.api.${def}`;
      for (const f of Object.keys(definitions[full]!.properties!)) assert.ok(d[full]![f], `${def}.${f}`);
    }
  });

  it('describe every core/v1 type and every one of its fields', () => {
    const missing: string[] = [];
    for (const [name, def] of Object.entries(definitions)) {
      if (!name.startsWith('io.k8s.api.core.v1.')) continue;
      const t = d[name] ?? {};
      if (!t['']?.trim()) missing.push(name);
      for (const f of Object.keys(def.properties ?? {})) if (!t[f]?.trim()) missing.push(`${name}.${f}`);
    }
    assert.deepEqual(missing, []);
  });

  it('describe every type outside core/v1 and every one of its fields', () => {
    const missing: string[] = [];
    for (const [name, def] of Object.entries(definitions)) {
      if (name.startsWith('io.k8s.api.core.v1.')) continue;
      const t = d[name] ?? {};
      if (!t['']?.trim()) missing.push(name);
      for (const f of Object.keys(def.properties ?? {})) if (!t[f]?.trim()) missing.push(`${name}.${f}`);
    }
    assert.deepEqual(missing, []);
  });
});
