// Time as a dependency: everything in the client that waits takes a Clock, so tests can step
// time instead of sleeping.

export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
  /** Runs fn after ms; the returned function cancels it. */
  after(ms: number, fn: () => void): () => void;
}

/** The wall clock and Node timers. Timers are unref'd: a pending wait never keeps a process alive. */
export const realClock: Clock = Object.freeze({
  now: () => Date.now(),
  after(ms: number, fn: () => void) {
    const t = setTimeout(fn, Math.max(0, ms));
    t.unref?.();
    return () => clearTimeout(t);
  },
});

/** Resolves after ms on clock, or rejects with the signal's reason when it aborts first. */
export function sleep(clock: Clock, ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const onAbort = () => {
      cancel();
      reject(signal!.reason);
    };
    const cancel = clock.after(ms, () => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    });
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** Like sleep, but resolves (false) instead of rejecting when the signal aborts; true when the time passed. */
export function wait(clock: Clock, ms: number, signal?: AbortSignal): Promise<boolean> {
  return sleep(clock, ms, signal).then(
    () => true,
    () => false,
  );
}
