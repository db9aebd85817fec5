// Our own descriptions of the built-in API types, shown by `kubectl explain` and published in
// the OpenAPI documents: definition name -> ('' for the type itself | field name) -> text.
// Written for k8ts; upstream's texts are not used. Fields without an entry have no description.
import { definitions } from '../generated/definitions.js';
import type { SchemaDef } from '../types.js';
import { admissionDescriptions } from './admission.js';
import { apiextensionsDescriptions } from './apiextensions.js';
import { apimachineryDescriptions } from './apimachinery.js';
import { appsDescriptions } from './apps.js';
import { authDescriptions } from './auth.js';
import { autoscalingPolicyDescriptions } from './autoscaling-policy.js';
import { batchDescriptions } from './batch.js';
import { clusterDescriptions } from './cluster.js';
import { COMMON_FIELDS } from './common.js';
import { conditionDescriptions } from './conditions.js';
import { containerDescriptions } from './container.js';
import { coreDescriptions } from './core.js';
import { discoveryEventsDescriptions } from './discovery-events.js';
import { kindDescriptions } from './kinds.js';
import { metaDescriptions } from './meta.js';
import { networkingDescriptions } from './networking.js';
import { flowcontrolDescriptions } from './flowcontrol.js';
import { nodeDescriptions } from './node.js';
import { persistentVolumeDescriptions } from './persistent-volumes.js';
import { podDescriptions } from './pod.js';
import { podSchedulingDescriptions } from './pod-scheduling.js';
import { podStatusDescriptions } from './pod-status.js';
import { storageDescriptions } from './storage.js';
import { volumeSourceDescriptions } from './volume-sources.js';
import { volumeDescriptions } from './volumes.js';

export type DescriptionTable = Readonly<Record<string, string>>;
export type Descriptions = Readonly<Record<string, DescriptionTable>>;

export { COMMON_FIELDS };

const PARTS: readonly Descriptions[] = [
  metaDescriptions,
  podDescriptions,
  containerDescriptions,
  volumeDescriptions,
  coreDescriptions,
  appsDescriptions,
  batchDescriptions,
  networkingDescriptions,
  autoscalingPolicyDescriptions,
  clusterDescriptions,
  admissionDescriptions,
  authDescriptions,
  storageDescriptions,
  apiextensionsDescriptions,
  apimachineryDescriptions,
  discoveryEventsDescriptions,
  podStatusDescriptions,
  podSchedulingDescriptions,
  volumeSourceDescriptions,
  persistentVolumeDescriptions,
  nodeDescriptions,
  conditionDescriptions,
  flowcontrolDescriptions,
];

/**
 * Every description, with the common fields filled in for kinds and lists. Pure: computed
 * from the tables each time it is called (callers keep the result).
 */
export function builtinDescriptions(defs: Readonly<Record<string, SchemaDef>> = definitions): Descriptions {
  const out: Record<string, Record<string, string>> = {};
  for (const part of PARTS) {
    for (const [def, fields] of Object.entries(part)) out[def] = { ...(out[def] ?? {}), ...fields };
  }
  for (const [def, text] of Object.entries(kindDescriptions)) (out[def] ??= {})[''] ??= text;
  for (const [name, def] of Object.entries(defs)) {
    if (!def['x-kubernetes-group-version-kind'] || !def.properties) continue;
    const t = (out[name] ??= {});
    const isList = !!def.properties.items && def.required?.includes('items');
    for (const key of ['apiVersion', 'kind', 'spec', 'status'] as const) {
      if (def.properties[key] && t[key] === undefined) t[key] = COMMON_FIELDS[key];
    }
    if (def.properties.metadata && t.metadata === undefined) t.metadata = isList ? COMMON_FIELDS.listMetadata : COMMON_FIELDS.metadata;
    if (isList && t.items === undefined) t.items = COMMON_FIELDS.items;
    if (isList && t[''] === undefined) {
      const kind = def['x-kubernetes-group-version-kind'][0]?.kind ?? '';
      t[''] = `A list of ${kind.replace(/List$/, '')} objects.`;
    }
  }
  return out;
}
