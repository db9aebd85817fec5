// The queues of one priority level: a request joins the least loaded queue of its flow's hand
// (waiting plus executing). Freed seats go to the queue that has been served least (start-time
// fair queuing with one seat per request: each queue carries a virtual start that advances by one
// per dispatch and catches up with the current virtual time when the queue becomes busy again), so
// a flow with many requests waits behind its own requests rather than others'. Ties go to the
// earliest arrival.

export interface Queued<T> {
  readonly item: T;
  readonly queue: number;
}

export class FairQueues<T> {
  private readonly queues: { item: T; seq: number }[][];
  private readonly executing: number[];
  private readonly virtualStart: number[];
  private virtualNow = 0;
  private seq = 0;
  private waiting = 0;

  constructor(
    queueCount: number,
    private readonly queueLengthLimit: number,
  ) {
    this.queues = Array.from({ length: queueCount }, () => []);
    this.executing = new Array<number>(queueCount).fill(0);
    this.virtualStart = new Array<number>(queueCount).fill(0);
  }

  get length(): number {
    return this.waiting;
  }

  /** Queues `item` in the least loaded queue of `hand`; undefined when that queue is full. */
  enqueue(hand: readonly number[], item: T): number | undefined {
    let best = hand[0]!;
    for (const q of hand) if (this.load(q) < this.load(best)) best = q;
    const queue = this.queues[best]!;
    if (queue.length >= this.queueLengthLimit) return undefined;
    if (queue.length === 0) this.virtualStart[best] = Math.max(this.virtualStart[best]!, this.virtualNow);
    queue.push({ item, seq: this.seq++ });
    this.waiting++;
    return best;
  }

  /** The next request to run, from the least served non-empty queue; it counts as executing in its queue. */
  dispatch(): Queued<T> | undefined {
    if (this.waiting === 0) return undefined;
    let best = -1;
    for (let q = 0; q < this.queues.length; q++) {
      const head = this.queues[q]![0];
      if (!head) continue;
      if (best < 0 || this.virtualStart[q]! < this.virtualStart[best]! || (this.virtualStart[q] === this.virtualStart[best] && head.seq < this.queues[best]![0]!.seq)) best = q;
    }
    if (best < 0) return undefined;
    const { item } = this.queues[best]!.shift()!;
    this.virtualNow = this.virtualStart[best]!;
    this.virtualStart[best]!++;
    this.waiting--;
    this.executing[best]!++;
    return { item, queue: best };
  }

  /** Takes a waiting item out (its client gave up or it waited too long); false if it was not waiting. */
  remove(queue: number, item: T): boolean {
    const list = this.queues[queue]!;
    const i = list.findIndex((e) => e.item === item);
    if (i < 0) return false;
    list.splice(i, 1);
    this.waiting--;
    return true;
  }

  /** Every waiting item (a copy), e.g. to answer them when the queues are replaced. */
  waitingItems(): T[] {
    return this.queues.flatMap((q) => q.map((e) => e.item));
  }

  /** A dispatched request of `queue` finished. */
  finished(queue: number): void {
    this.executing[queue] = Math.max(0, this.executing[queue]! - 1);
  }

  private load(q: number): number {
    return this.queues[q]!.length + this.executing[q]!;
  }
}
