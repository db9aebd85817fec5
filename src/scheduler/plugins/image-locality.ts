// Score: prefer nodes that already have the pod's images, weighted by image size and by how many
// nodes have them (an image on every node says little about this one).
import type { CycleState, StateData } from '../framework/cycle-state.js';
import { MAX_NODE_SCORE, type Handle, type PreScorePlugin, type ScorePlugin } from '../framework/interfaces.js';
import { skip, type StatusOrSuccess } from '../framework/status.js';
import type { NodeInfo } from '../framework/node-info.js';
import type { PodInfo } from '../framework/pod-info.js';
import { names } from './names.js';

const MB = 1024 * 1024;
export const MIN_THRESHOLD = 23 * MB;
export const MAX_CONTAINER_THRESHOLD = 1000 * MB;

/** "nginx" and "nginx:latest" are the same image; a name with a digest or tag is kept as is. */
export function normalizedImageName(name: string): string {
  if (name.lastIndexOf(':') <= name.lastIndexOf('/')) return `${name}:latest`;
  return name;
}

export function calculatePriority(sumScores: number, numContainers: number): number {
  const maxThreshold = MAX_CONTAINER_THRESHOLD * numContainers;
  let s = sumScores;
  if (s < MIN_THRESHOLD) s = MIN_THRESHOLD;
  else if (s > maxThreshold) s = maxThreshold;
  if (maxThreshold === MIN_THRESHOLD) return 0;
  return Math.trunc((MAX_NODE_SCORE * (s - MIN_THRESHOLD)) / (maxThreshold - MIN_THRESHOLD));
}

const KEY = `PreScore${names.ImageLocality}`;

class PreScoreState implements StateData {
  constructor(
    readonly images: readonly string[],
    readonly numContainers: number,
  ) {}
  clone(): StateData {
    return this;
  }
}

function podImages(pod: PodInfo): PreScoreState {
  const spec = pod.pod.spec ?? {};
  const containers = [...(spec.initContainers ?? []), ...(spec.containers ?? [])];
  return new PreScoreState(containers.filter((c) => c.image).map((c) => normalizedImageName(c.image!)), containers.length);
}

export class ImageLocality implements PreScorePlugin, ScorePlugin {
  readonly name = names.ImageLocality;

  constructor(private readonly handle: Handle) {}

  /** Every node scores 0 when no node reports images (simulated nodes): skip the work. */
  preScore(state: CycleState, pod: PodInfo): StatusOrSuccess {
    if (this.handle.snapshot().numImages() === 0) return skip();
    state.write(KEY, podImages(pod));
    return null;
  }

  score(state: CycleState, pod: PodInfo, nodeInfo: NodeInfo): number {
    const s = state.read<PreScoreState>(KEY) ?? podImages(pod);
    if (nodeInfo.imageSizes.size === 0) return calculatePriority(0, s.numContainers);
    const snapshot = this.handle.snapshot();
    const total = snapshot.numNodes();
    let sum = 0;
    for (const image of s.images) {
      const size = nodeInfo.imageSizes.get(image);
      if (size === undefined) continue;
      sum += Math.trunc((size * snapshot.imageNumNodes(image)) / total);
    }
    return calculatePriority(sum, s.numContainers);
  }
}
