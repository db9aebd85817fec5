// The queues of one priority level: a request joins the least loaded queue of its flow's hand
// (waiting plus executing), and freed seats go to the queues in turn, so a flow with many requests
// waits behind its own requests rather than others'.

export interface Queued<T> {
  readonly item: T;
  readonly queue: number;
}

export class FairQueues<T> {
  private readonly queues: T[][];
  private readonly executing: number[];
  private next = 0;
  private waiting = 0;

  constructor(
    queueCount: number,
    private readonly queueLengthLimit: number,
  ) {
    this.queues = Array.from({ length: queueCount }, () => []);
    this.executing = new Array<number>(queueCount).fill(0);
  }

  get length(): number {
    return this.waiting;
  }

  /** Queues `item` in the least loaded queue of `hand`; undefined when that queue is full. */
  enqueue(hand: readonly number[], item: T): number | undefined {
    let best = hand[0]!;
    for (const q of hand) if (this.load(q) < this.load(best)) best = q;
    if (this.queues[best]!.length >= this.queueLengthLimit) return undefined;
    this.queues[best]!.push(item);
    this.waiting++;
    return best;
  }

  /** The next request to run, taking the non-empty queues in turn; it counts as executing in its queue. */
  dispatch(): Queued<T> | undefined {
    if (this.waiting === 0) return undefined;
    for (let i = 0; i < this.queues.length; i++) {
      const q = (this.next + i) % this.queues.length;
      const item = this.queues[q]!.shift();
      if (item === undefined) continue;
      this.next = (q + 1) % this.queues.length;
      this.waiting--;
      this.executing[q]!++;
      return { item, queue: q };
    }
    return undefined;
  }

  /** Takes a waiting item out (its client gave up or it waited too long); false if it was not waiting. */
  remove(queue: number, item: T): boolean {
    const list = this.queues[queue]!;
    const i = list.indexOf(item);
    if (i < 0) return false;
    list.splice(i, 1);
    this.waiting--;
    return true;
  }

  /** A dispatched request of `queue` finished. */
  finished(queue: number): void {
    this.executing[queue] = Math.max(0, this.executing[queue]! - 1);
  }

  private load(q: number): number {
    return this.queues[q]!.length + this.executing[q]!;
  }
}
