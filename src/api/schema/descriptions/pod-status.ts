// What the kubelet reports about a pod's containers: states, images, allocated resources,
// mounts and device health, plus the PodStatus fields not covered in pod.ts.
import type { Descriptions } from './index.js';

const C = 'io.k8s.api.core.v1.';

const CONTAINER_ID = 'The runtime\'s ID of the container, as <runtime>://<id> (for example containerd://4ab1...).';
const STARTED_AT = 'When the container last started (RFC 3339, seconds).';

export const podStatusDescriptions: Descriptions = {
  [`${C}PodStatus`]: {
    ephemeralContainerStatuses: 'The state of each ephemeral container.',
    hostIPs: 'All of the node\'s IP addresses that the pod can use (one per IP family); the first equals hostIP.',
    observedGeneration: 'The pod\'s metadata.generation that this status was written for.',
    resize: 'Deprecated (use the PodResizePending and PodResizeInProgress conditions): the state of an in-place resize of the containers\' resources, Proposed, InProgress, Deferred or Infeasible.',
    resourceClaimStatuses: 'The names of the ResourceClaims created for the pod\'s claim templates.',
  },
  [`${C}PodIP`]: { '': 'One IP address of a pod.', ip: 'The address, IPv4 or IPv6.' },
  [`${C}HostIP`]: { '': 'One IP address of the node a pod runs on.', ip: 'The address, IPv4 or IPv6.' },
  [`${C}PodResourceClaimStatus`]: {
    '': 'Which ResourceClaim was created for one of the pod\'s claims.',
    name: 'The name of the entry in the pod\'s spec.resourceClaims.',
    resourceClaimName: 'The name of the ResourceClaim made for it; unset when none was needed.',
  },
  [`${C}ContainerStatus`]: {
    '': 'What the kubelet last saw of one container of the pod.',
    name: 'The container\'s name, as in the pod\'s spec.',
    state: 'The current state: waiting, running or terminated.',
    lastState: 'The state the container was in before its last restart, usually terminated with its exit code; empty if it never restarted.',
    ready: 'Whether the container passes its readiness probe (true when it has none and is running).',
    started: 'Whether the container has started and passed its startup probe (true when it has none and is running).',
    restartCount: 'How many times the container has been restarted.',
    image: 'The image the container runs, as the runtime reports it (it may differ from the spec\'s, for example with a tag resolved).',
    imageID: 'The ID of the image, usually with its digest (docker.io/library/nginx@sha256:...).',
    containerID: CONTAINER_ID,
    allocatedResources: 'The resources the node has allocated to the container, which may differ from spec while an in-place resize is in progress.',
    allocatedResourcesStatus: 'The health of the devices and other resources allocated to the container.',
    resources: 'The requests and limits actually in effect for the running container.',
    volumeMounts: 'The volumes mounted into the container, as the runtime reports them.',
    user: 'The user and group IDs the container\'s first process runs as.',
    stopSignal: 'The signal the runtime sends to stop the container.',
  },
  [`${C}ContainerState`]: {
    '': 'A container\'s state: at most one of waiting, running or terminated is set; none means waiting.',
    waiting: 'The container is not running yet (pulling its image, waiting for init containers, backing off after a crash, ...).',
    running: 'The container is running.',
    terminated: 'The container ran and has exited.',
  },
  [`${C}ContainerStateWaiting`]: {
    '': 'A container that is not running yet.',
    reason: 'Why it is waiting, such as ContainerCreating, ImagePullBackOff, ErrImagePull or CrashLoopBackOff.',
    message: 'More detail on why it is waiting.',
  },
  [`${C}ContainerStateRunning`]: {
    '': 'A running container.',
    startedAt: STARTED_AT,
  },
  [`${C}ContainerStateTerminated`]: {
    '': 'A container that has exited.',
    exitCode: 'The exit status of its last run; 0 means success.',
    signal: 'The signal that stopped the container, if one did.',
    reason: 'Why it exited, such as Completed, Error or OOMKilled.',
    message: 'More detail on why it exited, such as its termination message.',
    startedAt: 'When its last run started (RFC 3339, seconds).',
    finishedAt: 'When its last run ended (RFC 3339, seconds).',
    containerID: CONTAINER_ID,
  },
  [`${C}ContainerUser`]: {
    '': 'The identity a container\'s first process runs as.',
    linux: 'The Linux user and group IDs; unset for other systems.',
  },
  [`${C}LinuxContainerUser`]: {
    '': 'The Linux user and group IDs of a process.',
    uid: 'The user ID.',
    gid: 'The primary group ID.',
    supplementalGroups: 'The supplementary group IDs.',
  },
  [`${C}ResourceStatus`]: {
    '': 'The health of the devices behind one resource of a container.',
    name: 'The resource: a device plugin resource name, or claim:<claim name>/<request> for a resource claim.',
    resources: 'The health of each device, by ID; unique per ID.',
  },
  [`${C}ResourceHealth`]: {
    '': 'The health of one device.',
    resourceID: 'The device\'s ID, unique within its resource.',
    health: 'Healthy, Unhealthy or Unknown.',
  },
  [`${C}VolumeMountStatus`]: {
    '': 'One volume mount of a running container.',
    name: 'The name of the pod volume.',
    mountPath: 'Where the volume is mounted in the container.',
    readOnly: 'Whether the mount is read-only.',
    recursiveReadOnly: 'Whether sub-mounts are read-only too: Disabled or Enabled (IfPossible is resolved to one of these).',
  },
};
