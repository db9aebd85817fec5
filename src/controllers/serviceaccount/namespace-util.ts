// Shared by the per-namespace controllers: whether a namespace still takes new content.
import type { Namespace } from '../../api/types/core-v1.js';

export const isNamespaceActive = (ns: Readonly<Namespace> | undefined): boolean =>
  !!ns && !ns.metadata?.deletionTimestamp && ns.status?.phase !== 'Terminating';
