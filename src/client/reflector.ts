// List then watch (client-go's Reflector): lists a resource, watches from the list's
// resourceVersion, resumes from the last revision seen (events and bookmarks) when a stream
// ends, and relists when the server answers 410 Expired.
import type { StatusError } from '../api/errors.js';
import { Backoff } from './backoff.js';
import { wait, type Clock } from './clock.js';
import { isExpired } from './errors.js';
import type { ResourceClient } from './resource-client.js';
import type { KubeObject, WatchEvent } from './types.js';
import { watchErrorOf } from './watch.js';

/** Where a reflector delivers what it sees. */
export interface ReflectorSink<T> {
  /** The complete state at a revision (after every list). */
  replace(items: T[], resourceVersion: string): void;
  /** One ADDED/MODIFIED/DELETED event. */
  apply(type: 'ADDED' | 'MODIFIED' | 'DELETED', obj: T): void;
}

export interface ReflectorOptions {
  readonly labelSelector?: string;
  readonly fieldSelector?: string;
  /** List page size (default 500; 0: no paging). */
  readonly pageSize?: number;
  /** Server-side end of each watch in seconds (default: random in 300-600, as upstream). */
  readonly watchTimeoutSeconds?: number;
  readonly clock: Clock;
  readonly backoff?: Backoff;
  /** Called with each failure before the retry (list or watch errors, not the 410s). */
  readonly onError?: (err: unknown) => void;
}

export class Reflector<T extends KubeObject> {
  private rv = '';
  private readonly backoff: Backoff;
  /** Counters for tests and metrics. */
  readonly stats = { lists: 0, watches: 0, expired: 0 };

  constructor(
    private readonly client: ResourceClient<T>,
    private readonly sink: ReflectorSink<T>,
    private readonly opts: ReflectorOptions,
  ) {
    this.backoff = opts.backoff ?? new Backoff({ initialMs: 800, maxMs: 30_000 });
  }

  /** The last revision seen (list, event or bookmark). */
  lastResourceVersion(): string {
    return this.rv;
  }

  /** Runs until signal aborts. */
  async run(signal: AbortSignal): Promise<void> {
    let needList = true;
    while (!signal.aborted) {
      try {
        if (needList) {
          await this.list(signal);
          needList = false;
        }
        const started = this.opts.clock.now();
        const { expired, events } = await this.watch(signal);
        if (expired) {
          this.stats.expired++;
          needList = true;
          continue;
        }
        // A watch that ends at once with nothing in it (a server or proxy closing streams) must
        // not turn into a busy loop of reconnects.
        if (events === 0 && this.opts.clock.now() - started < 1000) await wait(this.opts.clock, this.backoff.next(), signal);
        else this.backoff.reset();
      } catch (e) {
        if (signal.aborted) break;
        if (isExpired(e)) {
          this.stats.expired++;
          needList = true;
          continue;
        }
        this.opts.onError?.(e);
        await wait(this.opts.clock, this.backoff.next(), signal);
      }
    }
  }

  private async list(signal: AbortSignal): Promise<void> {
    this.stats.lists++;
    const l = await this.client.listAll({ labelSelector: this.opts.labelSelector, fieldSelector: this.opts.fieldSelector, limit: this.opts.pageSize ?? 500, signal });
    this.rv = l.metadata.resourceVersion ?? '';
    this.sink.replace(l.items, this.rv);
  }

  /** Watches from the last revision until the stream ends (expired: the revision is gone). */
  private async watch(signal: AbortSignal): Promise<{ expired: boolean; events: number }> {
    this.stats.watches++;
    const timeoutSeconds = this.opts.watchTimeoutSeconds ?? Math.floor(300 + Math.random() * 300);
    const stream = this.client.watch({
      resourceVersion: this.rv,
      allowWatchBookmarks: true,
      timeoutSeconds,
      labelSelector: this.opts.labelSelector,
      fieldSelector: this.opts.fieldSelector,
      signal,
    });
    let events = 0;
    for await (const ev of stream) {
      events++;
      if (ev.type === 'ERROR') {
        const err = watchErrorOf(ev as WatchEvent<unknown>);
        if (isExpired(err)) return { expired: true, events };
        throw err as StatusError;
      }
      const rv = ev.object?.metadata?.resourceVersion;
      if (ev.type !== 'BOOKMARK') this.sink.apply(ev.type, ev.object);
      if (rv) this.rv = rv;
    }
    return { expired: false, events };
  }
}
