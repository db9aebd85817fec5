// Bounded concurrency: at most max tasks run at once, the rest wait their turn in order.

export class Limiter {
  private active = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(readonly max: number) {}

  async run<T>(fn: () => Promise<T>): Promise<T> {
    if (this.active >= this.max) await new Promise<void>((r) => this.waiting.push(r));
    this.active++;
    try {
      return await fn();
    } finally {
      this.active--;
      this.waiting.shift()?.();
    }
  }

  /** Runs fn for every item, at most max at once; resolves when all have settled. */
  async each<I>(items: Iterable<I>, fn: (item: I) => Promise<void>): Promise<void> {
    await Promise.all(Array.from(items, (it) => this.run(() => fn(it))));
  }
}
