// Whether a pod update can change a scheduling decision (upstream's isPodUpdated): anything but
// status, resourceVersion, generation and managedFields.
import type { Pod } from '../../api/types/core-v1.js';

function strip(p: Readonly<Pod>): unknown {
  const { resourceVersion: _rv, generation: _g, managedFields: _mf, ...meta } = p.metadata ?? {};
  return { meta, spec: p.spec };
}

export function isPodUpdated(oldPod: Readonly<Pod>, newPod: Readonly<Pod>): boolean {
  if (oldPod.spec === newPod.spec && oldPod.metadata?.labels === newPod.metadata?.labels && oldPod.metadata?.annotations === newPod.metadata?.annotations) {
    return false;
  }
  return JSON.stringify(strip(oldPod)) !== JSON.stringify(strip(newPod));
}
