#!/usr/bin/env node
// Checks the real-world manifests of the books our seeds follow (the team's reference snapshot,
// ../shared/reference/manifests, not part of this repository) against the generated 1.33 schema:
// every object decodes with no type error and no unknown field, except the known mistakes below.
// Run by hand after `npm run build`: node tools/check-book-manifests.mjs [DIR]
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { createBuiltinSchemaChecker, definitionForKind } from '../dist/src/api/schema/index.js';

const SHARED_MANIFESTS = resolve(process.argv[2] ?? new URL('../../shared/reference/manifests', import.meta.url).pathname);
const checker = createBuiltinSchemaChecker();
function objectsOf(file) {
  const out = [];
  for (const doc of parseAllDocuments(readFileSync(file, 'utf8'))) {
    if (doc.errors.length > 0) continue;
    const v = doc.toJS();
    if (v && typeof v === 'object' && v.kind === 'List' && Array.isArray(v.items)) out.push(...v.items);
    else if (v && typeof v === 'object' && v.kind) out.push(v);
  }
  return out;
}
const KNOWN_BAD = {
  'kubernetes+examples/_archived/volumes/fibre_channel/fc.yaml': {
    typeErrors: ['json: cannot unmarshal string into Go struct field FCVolumeSource.spec.volumes.fc.lun of type int32'],
  },
  'kubernetes+examples/_archived/volumes/rbd/rbd.yaml': {
    unknownFields: ['unknown field "spec.volumes[0].rbd.imageformat"', 'unknown field "spec.volumes[0].rbd.imagefeatures"'],
  },
  'kubernetes+examples/_archived/volumes/scaleio/pod.yaml': {
    unknownFields: ['unknown field "spec.volumes[0].scaleIO.protectionDoamin"'],
  },
  'kubernetes+examples/_archived/volumes/storageos/storageos-pod.yaml': {
    unknownFields: ['unknown field "spec.volumes[0].storageos.pool"'],
  },
  'kubernetes+examples/_archived/volumes/storageos/storageos-pv.yaml': {
    unknownFields: ['unknown field "spec.storageos.secretName"'],
  },
  'luksa+kubernetes-in-action-2nd-edition/Chapter08/secret.kiada-secret-config.yaml': {
    typeErrors: ['json: cannot unmarshal array into Go struct field Secret.stringData of type map[string]string'],
  },
  'luksa+kubernetes-in-action/Chapter05/kubia-svc-publish-not-ready.yaml': {
    unknownFields: ['unknown field "spec.publishNotReadyEndpoints"'],
  },
};

{
  const list = readFileSync(join(SHARED_MANIFESTS, 'APPLICABLE-1.33.txt'), 'utf8').split('\n').filter(Boolean);
  const kinds = new Map();
  let clean = 0;
  const seenBad = new Set();
  for (const f of list) {
    for (const obj of objectsOf(join(SHARED_MANIFESTS, f))) {
      const def = definitionForKind(String(obj.apiVersion), String(obj.kind));
      if (!def) continue; // e.g. an APIService in a file that mixes served and unserved kinds
      const r = checker.checkObject(def, obj, { unknownFields: 'strict' });
      const bad = KNOWN_BAD[f];
      if (bad) {
        seenBad.add(f);
        assert.deepEqual(r.typeErrors, bad.typeErrors ?? [], f);
        if (!bad.typeErrors) assert.deepEqual(r.unknownFields, bad.unknownFields ?? [], f);
        continue;
      }
      assert.deepEqual(r.typeErrors, [], f);
      assert.deepEqual(r.unknownFields, [], f);
      kinds.set(String(obj.kind), (kinds.get(String(obj.kind)) ?? 0) + 1);
      clean++;
    }
  }
  assert.deepEqual([...seenBad].sort(), Object.keys(KNOWN_BAD).sort());
  assert.ok(clean >= 50, `${clean} clean objects`);
  for (const k of ['Deployment', 'Pod', 'Service', 'StatefulSet', 'DaemonSet', 'Job', 'CronJob', 'Ingress', 'ConfigMap', 'Secret']) {
    assert.ok((kinds.get(k) ?? 0) > 0, `no ${k} checked`);
  }
}
console.log('book manifests: all objects decode cleanly (known mistakes matched)');
