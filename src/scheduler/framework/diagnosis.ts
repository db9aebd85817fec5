// Why a pod fits nowhere (upstream's Diagnosis and FitError), and the message upstream prints:
// "0/3 nodes are available: 1 Insufficient cpu, 2 node(s) had untolerated taint {k: v}. preemption: ..."
import { Status } from './status.js';

/** Per-node statuses, with one status standing for every node not listed (upstream's NodeToStatus). */
export class NodeToStatus {
  private readonly statuses = new Map<string, Status>();
  absentNodesStatus: Status = new Status('UnschedulableAndUnresolvable');

  get(name: string): Status {
    return this.statuses.get(name) ?? this.absentNodesStatus;
  }

  set(name: string, s: Status): void {
    this.statuses.set(name, s);
  }

  has(name: string): boolean {
    return this.statuses.has(name);
  }

  get size(): number {
    return this.statuses.size;
  }

  entries(): IterableIterator<[string, Status]> {
    return this.statuses.entries();
  }
}

export class Diagnosis {
  readonly nodeToStatus = new NodeToStatus();
  readonly unschedulablePlugins = new Set<string>();
  preFilterMsg = '';
  postFilterMsg = '';

  /** Records the plugin of a rejecting status. */
  addPluginStatus(s: Status): void {
    if (s.plugin && (s.code === 'Unschedulable' || s.code === 'UnschedulableAndUnresolvable')) this.unschedulablePlugins.add(s.plugin);
  }
}

const byteOrder = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** The reasons histogram: "N reason" strings sorted as Go's sort.Strings sorts them. */
export function reasonHistogram(nodeToStatus: NodeToStatus, numAllNodes: number): string[] {
  const counts = new Map<string, number>();
  for (const [, s] of nodeToStatus.entries()) for (const r of s.reasons) counts.set(r, (counts.get(r) ?? 0) + 1);
  const absent = numAllNodes - nodeToStatus.size;
  if (absent > 0) for (const r of nodeToStatus.absentNodesStatus.reasons) counts.set(r, (counts.get(r) ?? 0) + absent);
  return [...counts].map(([r, n]) => `${n} ${r}`).sort(byteOrder);
}

/** The scheduling failure of a pod that fits no node. */
export class FitError extends Error {
  override readonly name = 'FitError';
  readonly code = 'FitError';

  constructor(
    readonly numAllNodes: number,
    readonly diagnosis: Diagnosis,
  ) {
    super();
  }

  override get message(): string {
    return fitErrorMessage(this.numAllNodes, this.diagnosis);
  }
}

export function fitErrorMessage(numAllNodes: number, d: Diagnosis): string {
  let msg = `0/${numAllNodes} nodes are available:`;
  if (d.preFilterMsg !== '') {
    msg += ` ${d.preFilterMsg}.`;
  } else {
    const hist = reasonHistogram(d.nodeToStatus, numAllNodes);
    if (hist.length) msg += ` ${hist.join(', ')}.`;
  }
  if (d.postFilterMsg !== '') msg += ` ${d.postFilterMsg}`;
  return msg;
}
