// How soon a DaemonSet may replace a failed pod on the same node again (upstream's
// failedPodsBackoff, client-go's flowcontrol.Backoff: 1 s doubling to 15 min, forgotten after twice
// the cap without failures), so a pod that fails at once does not spin create/delete.
export class FailedPodBackoff {
  private readonly entries = new Map<string, { delayMs: number; at: number }>();

  constructor(private readonly initialMs = 1000, private readonly maxMs = 15 * 60 * 1000) {}

  /** Milliseconds left before key may be acted on again (0: now). */
  remaining(key: string, now: number): number {
    const e = this.entries.get(key);
    if (!e) return 0;
    return Math.max(0, e.at + e.delayMs - now);
  }

  /** Records an action on key and lengthens its next wait. */
  next(key: string, now: number): void {
    const e = this.entries.get(key);
    if (!e || now - e.at > 2 * this.maxMs) this.entries.set(key, { delayMs: this.initialMs, at: now });
    else this.entries.set(key, { delayMs: Math.min(e.delayMs * 2, this.maxMs), at: now });
  }

  /** Drops entries of keys starting with prefix (a DaemonSet that is gone). */
  forget(prefix: string): void {
    for (const k of this.entries.keys()) if (k.startsWith(prefix)) this.entries.delete(k);
  }
}
