// The kind and apiVersion the volume controllers' Events give their involved object, for the
// claims and the volumes they report on.
export const CLAIM_TARGET = { kind: 'PersistentVolumeClaim', apiVersion: 'v1' } as const;
export const VOLUME_TARGET = { kind: 'PersistentVolume', apiVersion: 'v1' } as const;
