// The scheduler's view of storage: PersistentVolumeClaims, PersistentVolumes and StorageClasses from
// shared informers, as the VolumeBinding plugin's lister, and their changes as cluster events that
// move pods waiting on a claim back into the active queue.
import type { PersistentVolume, PersistentVolumeClaim } from '../api/types/core-v1.js';
import type { StorageClass } from '../api/types/storage-v1.js';
import { PERSISTENTVOLUMECLAIMS, PERSISTENTVOLUMES, STORAGECLASSES, type HandlerRegistration, type SharedInformerFactory } from '../client/index.js';
import { ActionType, type ClusterEvent } from './framework/events.js';
import type { VolumeLister } from './framework/interfaces.js';

export interface SchedulerVolumes {
  readonly lister: VolumeLister;
  /** Registers the event handlers; returns their registrations. */
  register(move: (event: ClusterEvent) => void): HandlerRegistration[];
}

export function schedulerVolumes(informers: SharedInformerFactory): SchedulerVolumes {
  const claims = informers.forResource<PersistentVolumeClaim>(PERSISTENTVOLUMECLAIMS);
  const volumes = informers.forResource<PersistentVolume>(PERSISTENTVOLUMES);
  const classes = informers.forResource<StorageClass>(STORAGECLASSES);
  return {
    lister: {
      claim: (namespace, name) => claims.lister.get(name, namespace),
      volume: (name) => volumes.lister.get(name),
      storageClass: (name) => classes.lister.get(name),
    },
    register(move) {
      const on = (resource: ClusterEvent['resource'], actions: number) => () => move({ resource, actions });
      return [
        claims.addEventHandler({ onAdd: (_c, initial) => !initial && on('PersistentVolumeClaim', ActionType.Add)(), onUpdate: on('PersistentVolumeClaim', ActionType.UpdateOther) }),
        volumes.addEventHandler({ onAdd: (_v, initial) => !initial && on('PersistentVolume', ActionType.Add)(), onUpdate: on('PersistentVolume', ActionType.UpdateOther) }),
        classes.addEventHandler({ onAdd: (_s, initial) => !initial && on('StorageClass', ActionType.Add)() }),
      ];
    },
  };
}
