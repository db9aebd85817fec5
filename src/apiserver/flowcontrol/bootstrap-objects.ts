// The bootstrap configuration as flowcontrol.apiserver.k8s.io/v1 objects, as the server stores
// them at start (marked for automatic spec updates, as upstream marks its bootstrap objects).
import type { KObj } from '../../api/resource-info.js';
import { bootstrapFlowSchemas, bootstrapPriorityLevels } from './bootstrap-config.js';

const GROUP_VERSION = 'flowcontrol.apiserver.k8s.io/v1';
const AUTOUPDATE = { 'apf.kubernetes.io/autoupdate-spec': 'true' };

export function bootstrapPriorityLevelObjects(): KObj[] {
  return bootstrapPriorityLevels().map((l) => ({ apiVersion: GROUP_VERSION, kind: 'PriorityLevelConfiguration', metadata: { name: l.name, annotations: { ...AUTOUPDATE } }, spec: structuredClone(l.spec) as object }) as KObj);
}

export function bootstrapFlowSchemaObjects(): KObj[] {
  return bootstrapFlowSchemas().map((f) => ({ apiVersion: GROUP_VERSION, kind: 'FlowSchema', metadata: { name: f.name, annotations: { ...AUTOUPDATE } }, spec: structuredClone(f.spec) as object }) as KObj);
}
