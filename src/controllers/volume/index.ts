// The volume controllers: the PersistentVolume binder and the local-path provisioner.
export { newPersistentVolumeBinder, PersistentVolumeBinder } from './binder-controller.js';
export { DEFAULT_LOCAL_PATH_BASE_DIR, LocalPathProvisioner, newLocalPathProvisioner, type LocalPathOptions } from './local-path-provisioner.js';
export { LOCAL_PATH_PROVISIONER, LOCAL_PATH_STORAGE_CLASS } from './local-path-volume.js';
export { localVolumeDirectories, type VolumeDirectories } from './volume-directories.js';
