// Printers for the CSI objects of storage.k8s.io and node.k8s.io's RuntimeClass (upstream's
// printers.go columns and cells).
import { AGE, ageOf, arr, col, NAME, nameOf, str } from './columns.js';
import type { Printer } from './types.js';

const bool = (v: unknown, dflt: boolean): boolean => (typeof v === 'boolean' ? v : dflt);

export const runtimeClassPrinter: Printer = {
  columns: [NAME, col('Handler', 'The container runtime configuration that runs pods of the class.'), AGE],
  row: (rc, now) => ({ cells: [nameOf(rc), str(rc.handler), ageOf(rc, now)] }),
};

export const csiDriverPrinter: Printer = {
  columns: [
    NAME,
    col('AttachRequired', 'Whether volumes of the driver are attached to a node before they are mounted.', { type: 'boolean' }),
    col('PodInfoOnMount', 'Whether the driver is told about the pod when a volume is mounted.', { type: 'boolean' }),
    col('StorageCapacity', 'Whether the scheduler uses the driver\'s storage capacity objects.', { type: 'boolean' }),
    col('TokenRequests', 'The audiences of the service account tokens the driver receives.'),
    col('RequiresRepublish', 'Whether mounted volumes are published again periodically.', { type: 'boolean' }),
    col('Modes', 'The volume lifecycle modes the driver supports.'),
    AGE,
  ],
  row(d, now) {
    const spec = d.spec ?? {};
    const modes = arr(spec.volumeLifecycleModes).map(String).join(',') || '<none>';
    // An empty list does not survive storage upstream, so it prints as unset too.
    const tokens = arr(spec.tokenRequests);
    const tokenRequests = tokens.length === 0 ? '<unset>' : tokens.map((t) => str(t?.audience)).join(',');
    return {
      cells: [nameOf(d), bool(spec.attachRequired, true), bool(spec.podInfoOnMount, false), bool(spec.storageCapacity, false), tokenRequests, bool(spec.requiresRepublish, false), modes, ageOf(d, now)],
    };
  },
};

export const csiNodePrinter: Printer = {
  columns: [NAME, col('Drivers', 'How many CSI drivers are registered on the node.', { type: 'integer' }), AGE],
  row: (n, now) => ({ cells: [nameOf(n), arr(n.spec?.drivers).length, ageOf(n, now)] }),
};

/** Upstream prints no age for these. */
export const csiStorageCapacityPrinter: Printer = {
  columns: [NAME, col('StorageClassName', 'The storage class the capacity was reported for.'), col('Capacity', 'The capacity available, as the driver reported it.')],
  row: (c) => ({ cells: [nameOf(c), str(c.storageClassName), c.capacity === undefined || c.capacity === null ? '<unset>' : str(c.capacity)] }),
};

export const volumeAttachmentPrinter: Printer = {
  columns: [
    NAME,
    col('Attacher', 'The CSI driver that attaches the volume.', { format: 'name' }),
    col('PV', 'The persistent volume attached, when it is one.'),
    col('Node', 'The node the volume is attached to.'),
    col('Attached', 'Whether the volume is attached.', { type: 'boolean' }),
    AGE,
  ],
  row(va, now) {
    const spec = va.spec ?? {};
    return { cells: [nameOf(va), str(spec.attacher), str(spec.source?.persistentVolumeName), str(spec.nodeName), va.status?.attached === true, ageOf(va, now)] };
  },
};
