// Shared tools for the storage conformance suite: per-test storage and key prefix, watch
// recorders with deadline-bounded waits, and StorageError assertions.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { it } from 'node:test';
import { StorageError, type StorageErrorCode } from '../../errors.js';
import type { Storage, StorageEvent, Watch } from '../../interface.js';

export type OpenStorage = () => Promise<{ storage: Storage; cleanup: () => Promise<void> }>;

export type StorageTest = (s: Storage, prefix: string) => Promise<void>;

const DEFAULT_TIMEOUT_MS = 60_000;
export const WAIT_MS = 10_000;

/** Registers a test that gets a fresh storage and its own key prefix, and always cleans up. */
export function storageTest(open: OpenStorage, title: string, fn: StorageTest): void {
  it(title, { timeout: DEFAULT_TIMEOUT_MS }, async () => {
    const { storage, cleanup } = await open();
    const prefix = `/conformance/${title.replace(/[^a-z0-9]+/gi, '-').slice(0, 40)}-${randomUUID().slice(0, 8)}/`;
    try {
      await fn(storage, prefix);
    } finally {
      await cleanup();
    }
  });
}

export const buf = (s: string): Buffer => Buffer.from(s, 'utf8');

/** Awaits a rejection with StorageError `code` and returns the error. */
export async function rejectsWith(p: Promise<unknown>, code: StorageErrorCode): Promise<StorageError> {
  let result: unknown;
  try {
    result = await p;
  } catch (e) {
    assert.ok(e instanceof StorageError, `expected StorageError '${code}', got ${String(e)}`);
    assert.equal(e.code, code, `expected StorageError '${code}', got '${e.code}': ${e.message}`);
    return e;
  }
  assert.fail(`expected StorageError '${code}', but the call resolved with ${JSON.stringify(result)}`);
}

/** Polls cond until it holds or the deadline passes. */
export async function waitUntil(cond: () => boolean, describe: () => string, timeoutMs = WAIT_MS): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > deadline) assert.fail(`timed out after ${timeoutMs} ms waiting for ${describe()}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

/** Lets queued callbacks and I/O run; only used to show that something does NOT happen. */
export const settle = (ms = 100): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** A plain view of an event for deepEqual (Buffers become strings). */
export interface EventView {
  type: string;
  key: string;
  value: string;
  prevValue?: string;
  revision: number;
  createRevision: number;
}

export const view = (ev: StorageEvent): EventView => ({
  type: ev.type,
  key: ev.key,
  value: ev.value.toString('utf8'),
  ...(ev.prevValue !== undefined && { prevValue: ev.prevValue.toString('utf8') }),
  revision: ev.revision,
  createRevision: ev.createRevision,
});

/** Records what one watch delivers and checks the delivery rules on the way. */
export class WatchRecorder {
  readonly events: StorageEvent[] = [];
  readonly errors: Error[] = [];
  readonly violations: string[] = [];
  batches = 0;
  private inCallback = false;
  private readonly watch: Watch;

  constructor(storage: Storage, readonly prefix: string, readonly afterRevision: number) {
    this.watch = storage.watch({
      prefix,
      afterRevision,
      onEvents: (events) => this.onEvents(events),
      onError: (err) => {
        if (this.errors.length > 0) this.violations.push('onError called more than once');
        this.errors.push(err);
      },
    });
  }

  private onEvents(events: readonly StorageEvent[]): void {
    if (this.inCallback) this.violations.push('onEvents called re-entrantly');
    if (this.errors.length > 0) this.violations.push('onEvents called after onError');
    if (events.length === 0) this.violations.push('onEvents called with no events');
    this.inCallback = true;
    try {
      this.batches++;
      for (const ev of events) {
        const last = this.events[this.events.length - 1];
        if (last && ev.revision < last.revision) this.violations.push(`revision ${ev.revision} after ${last.revision}`);
        if (ev.revision <= this.afterRevision) this.violations.push(`revision ${ev.revision} <= afterRevision ${this.afterRevision}`);
        if (!ev.key.startsWith(this.prefix)) this.violations.push(`key ${ev.key} outside prefix ${this.prefix}`);
        this.events.push(ev);
      }
    } finally {
      this.inCallback = false;
    }
  }

  cancel(): void {
    this.watch.cancel();
  }

  async waitForEvents(n: number, timeoutMs = WAIT_MS): Promise<StorageEvent[]> {
    await waitUntil(
      () => this.events.length >= n || this.errors.length > 0,
      () => `${n} events on ${this.prefix} after ${this.afterRevision} (have ${this.events.length})`,
      timeoutMs,
    );
    assert.deepEqual(this.errors, [], `watch on ${this.prefix} failed`);
    return this.events;
  }

  async waitForError(timeoutMs = WAIT_MS): Promise<Error> {
    await waitUntil(() => this.errors.length > 0, () => `an error on the watch of ${this.prefix}`, timeoutMs);
    return this.errors[0]!;
  }

  /** Asserts the delivery rules held: ordered, filtered, never re-entrant, nothing after an error. */
  assertClean(): void {
    assert.deepEqual(this.violations, [], `watch on ${this.prefix} broke the delivery rules`);
  }
}

/** The expected event list from a reference list: revision > after and key under prefix. */
export const eventsAfter = (all: readonly StorageEvent[], after: number, prefix = ''): EventView[] =>
  all.filter((ev) => ev.revision > after && ev.key.startsWith(prefix)).map(view);
