// Remembers how many keys were left after each page of a paginated list, so the next page (read at
// the same revision, whose contents never change) takes its count by subtraction instead of
// counting the rest of the range again: a full pagination costs one count, not one per page.

/** How many page continuations are remembered at most (the oldest are forgotten first). */
const DEFAULT_CAPACITY = 1024;

export class RemainingCounts {
  private readonly counts = new Map<string, number>();

  constructor(private readonly capacity = DEFAULT_CAPACITY) {}

  /** Keys in the prefix after afterKey at revision, if a page ending at afterKey recorded them. */
  take(prefix: string, revision: number, afterKey: string): number | undefined {
    const k = entryKey(prefix, revision, afterKey);
    const n = this.counts.get(k);
    if (n !== undefined) this.counts.delete(k);
    return n;
  }

  /** A page ending at lastKey left `remaining` keys of the prefix at revision. */
  record(prefix: string, revision: number, lastKey: string, remaining: number): void {
    if (this.counts.size >= this.capacity) this.counts.delete(this.counts.keys().next().value!);
    this.counts.set(entryKey(prefix, revision, lastKey), remaining);
  }
}

const entryKey = (prefix: string, revision: number, key: string) => `${revision}\u0000${prefix}\u0000${key}`;
