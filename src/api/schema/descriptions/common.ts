// Descriptions of the fields every kind shares (apiVersion, kind, metadata, spec, status), in
// our own words. index.ts adds them to every definition that has these fields and no text of its own.

export const COMMON_FIELDS = {
  apiVersion:
    'The versioned schema of this object, as group/version (or just the version for the core group). The server converts objects to the version a client asks for and may refuse versions it does not serve.',
  kind: 'The type of this object, in CamelCase (for example Pod or Deployment). Set by clients on writes; the server fills it in on reads. Cannot be changed.',
  metadata: "The object's identity and bookkeeping: name, namespace, labels, annotations, owner references, and the fields the server maintains (uid, resourceVersion, creationTimestamp, ...).",
  listMetadata: 'Metadata of the list as a whole: the resourceVersion it was read at and, when paginated, the token for the next page.',
  items: 'The objects in this list.',
  spec: 'The desired state: what the user asks the cluster to make true for this object.',
  status: 'The most recently observed state, written by the system (controllers, kubelets). Clients normally only read it; it may lag behind spec.',
} as const;
