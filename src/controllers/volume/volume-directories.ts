// Where the local-path provisioner's directories are made and removed. Upstream's provisioner runs a
// helper pod on the volume's node for this; k8ts's nodes share the machine with the controller manager
// when it is configured with a base directory, so it does the work itself (docs/controllers-volumes.md).
import { chmod, mkdir, rm } from 'node:fs/promises';

export interface VolumeDirectories {
  create(path: string): Promise<void>;
  remove(path: string): Promise<void>;
}

/** On this machine's file system (mode 0777 whatever the umask, as k3s's provisioner makes them). */
export const localVolumeDirectories: VolumeDirectories = {
  async create(path) {
    await mkdir(path, { recursive: true });
    await chmod(path, 0o777);
  },
  async remove(path) {
    await rm(path, { recursive: true, force: true });
  },
};
