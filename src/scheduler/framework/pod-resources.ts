// What a pod asks of a node, counted the way upstream's resource helpers count it: the sum of the
// app containers (plus restartable "sidecar" init containers, which keep running), against the
// largest single init container (each of which runs alone, next to the sidecars started before it),
// whichever is larger per resource; then the pod overhead on top.
import type { Container, Pod } from '../../api/types/core-v1.js';
import { CPU, MEMORY, Resource } from './resource.js';

/** The CPU a container without a CPU request is counted as when scoring (100m). */
export const DEFAULT_MILLI_CPU_REQUEST = 100;
/** The memory a container without a memory request is counted as when scoring (200 MiB). */
export const DEFAULT_MEMORY_REQUEST = 200 * 1024 * 1024;

export interface PodRequestOptions {
  /** Count containers that leave cpu or memory unset as the defaults above (upstream's non-zero requests). */
  readonly nonMissing?: boolean;
}

function containerRequests(c: Container, opts: PodRequestOptions): Resource {
  const requests = c.resources?.requests;
  const r = Resource.from(requests);
  if (opts.nonMissing) {
    if (!requests || !(CPU in requests)) r.milliCPU = DEFAULT_MILLI_CPU_REQUEST;
    if (!requests || !(MEMORY in requests)) r.memory = DEFAULT_MEMORY_REQUEST;
  }
  return r;
}

export function computePodRequests(pod: Pod, opts: PodRequestOptions = {}): Resource {
  const spec = pod.spec ?? {};
  const total = new Resource();
  for (const c of spec.containers ?? []) total.add(containerRequests(c, opts));
  const sidecars = new Resource();
  const initMax = new Resource();
  for (const c of spec.initContainers ?? []) {
    const req = containerRequests(c, opts);
    if (c.restartPolicy === 'Always') {
      total.add(req);
      sidecars.add(req);
      initMax.setMax(sidecars);
    } else {
      req.add(sidecars);
      initMax.setMax(req);
    }
  }
  total.setMax(initMax);
  if (spec.overhead) total.add(Resource.from(spec.overhead));
  return total;
}
