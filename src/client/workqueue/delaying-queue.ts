// A work queue that can add items later (client-go's DelayingInterface). One timer on the
// injected clock covers every waiting item; an item waiting twice keeps the earlier time.
import { realClock, type Clock } from '../clock.js';
import { WorkQueue, type Queue, type QueueItem } from './queue.js';

export interface DelayingQueue<T extends QueueItem> extends Queue<T> {
  /** Adds item once ms have passed (at once when ms <= 0). */
  addAfter(item: T, ms: number): void;
}

interface Entry<T> {
  readonly item: T;
  readonly at: number;
}

export class DelayingWorkQueue<T extends QueueItem> extends WorkQueue<T> implements DelayingQueue<T> {
  private readonly heap: Entry<T>[] = [];
  private readonly waitingAt = new Map<T, number>();
  private cancelTimer: (() => void) | undefined;
  private timerAt = Infinity;

  constructor(protected readonly clock: Clock = realClock) {
    super();
  }

  addAfter(item: T, ms: number): void {
    if (this.shuttingDown()) return;
    if (ms <= 0) return this.add(item);
    const at = this.clock.now() + ms;
    const prev = this.waitingAt.get(item);
    if (prev !== undefined && prev <= at) return;
    this.waitingAt.set(item, at);
    heapPush(this.heap, { item, at });
    this.arm();
  }

  /** Items waiting for their time. */
  waiting(): number {
    return this.waitingAt.size;
  }

  override shutDown(): void {
    super.shutDown();
    this.cancelTimer?.();
    this.cancelTimer = undefined;
    this.timerAt = Infinity;
  }

  private arm(): void {
    const top = this.heap[0];
    if (!top || top.at >= this.timerAt) return;
    this.cancelTimer?.();
    this.timerAt = top.at;
    this.cancelTimer = this.clock.after(top.at - this.clock.now(), () => this.fire());
  }

  private fire(): void {
    this.cancelTimer = undefined;
    this.timerAt = Infinity;
    const now = this.clock.now();
    while (this.heap.length && this.heap[0]!.at <= now) {
      const e = heapPop(this.heap)!;
      if (this.waitingAt.get(e.item) !== e.at) continue;
      this.waitingAt.delete(e.item);
      this.add(e.item);
    }
    if (!this.shuttingDown()) this.arm();
  }
}

function heapPush<T>(h: Entry<T>[], e: Entry<T>): void {
  h.push(e);
  let i = h.length - 1;
  while (i > 0) {
    const p = (i - 1) >> 1;
    if (h[p]!.at <= h[i]!.at) break;
    [h[p], h[i]] = [h[i]!, h[p]!];
    i = p;
  }
}

function heapPop<T>(h: Entry<T>[]): Entry<T> | undefined {
  const top = h[0];
  const last = h.pop();
  if (!top || !last || h.length === 0) return top;
  h[0] = last;
  let i = 0;
  for (;;) {
    const l = 2 * i + 1;
    const r = l + 1;
    let m = i;
    if (l < h.length && h[l]!.at < h[m]!.at) m = l;
    if (r < h.length && h[r]!.at < h[m]!.at) m = r;
    if (m === i) break;
    [h[m], h[i]] = [h[i]!, h[m]!];
    i = m;
  }
  return top;
}
