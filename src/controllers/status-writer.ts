// Writing a status a controller computed in full onto its object's status subresource, as the
// DaemonSet and StatefulSet controllers do.
import { isConflict, isNotFound, type KubeObject, type ResourceClient } from '../client/index.js';

/**
 * Updates obj's status with status merged over it. A Conflict re-reads the object and tries once
 * more; it stops quietly when the object is gone or the re-read one has another uid, and
 * rethrows any other error (or a second Conflict).
 */
export async function updateStatusRetryingConflictOnce<S extends object, T extends KubeObject & { status?: S }>(
  api: ResourceClient<T>,
  obj: Readonly<T>,
  status: S,
  signal: AbortSignal,
): Promise<void> {
  let current = structuredClone(obj) as T;
  for (let attempt = 0; ; attempt++) {
    current.status = { ...(current.status ?? {}), ...status };
    try {
      await api.updateStatus(current, { signal });
      return;
    } catch (e) {
      if (isNotFound(e)) return;
      if (!isConflict(e) || attempt >= 1) throw e;
      current = await api.get(obj.metadata!.name!, { signal });
      if (current.metadata?.uid !== obj.metadata?.uid) return;
    }
  }
}
