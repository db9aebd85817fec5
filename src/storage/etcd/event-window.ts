// The most recent events of the shared watch stream, kept so that a watcher asking for recent
// history can be served from memory instead of opening its own etcd watch. Bounded by event
// count and bytes; evicting an event raises the floor.
import type { StorageEvent } from '../interface.js';

export interface EventWindowLimits {
  /** Keep at most this many events (default 10 000). */
  readonly maxEvents?: number;
  /** Keep at most about this many bytes of keys and values (default 64 MiB). */
  readonly maxBytes?: number;
}

const sizeOf = (ev: StorageEvent): number =>
  64 + ev.key.length + ev.value.length + (ev.prevValue && ev.prevValue !== ev.value ? ev.prevValue.length : 0);

export class EventWindow {
  private events: StorageEvent[] = [];
  private head = 0;
  private bytes = 0;
  private _floor: number;
  private _position: number;
  private readonly maxEvents: number;
  private readonly maxBytes: number;

  constructor(startRevision: number, limits: EventWindowLimits = {}) {
    this._floor = startRevision;
    this._position = startRevision;
    this.maxEvents = Math.max(0, limits.maxEvents ?? 10_000);
    this.maxBytes = Math.max(0, limits.maxBytes ?? 64 * 1024 * 1024);
  }

  /** Every event with a revision above the floor is held. */
  get floor(): number {
    return this._floor;
  }

  /** The revision of the newest event seen (or the start revision). */
  get position(): number {
    return this._position;
  }

  /** Append a batch of whole revisions, in order; returns the events that were new. */
  append(events: readonly StorageEvent[]): StorageEvent[] {
    const seen = this._position; // a revision can hold several events: compare with the batch start
    const fresh = events.filter((ev) => ev.revision > seen);
    for (const ev of fresh) {
      this.events.push(ev);
      this.bytes += sizeOf(ev);
      this._position = ev.revision;
    }
    this.trim();
    return fresh;
  }

  /** Held events after revision `after` with keys under prefix. Complete only if after >= floor. */
  since(after: number, prefix: string): StorageEvent[] {
    let lo = this.head;
    let hi = this.events.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.events[mid]!.revision > after) hi = mid;
      else lo = mid + 1;
    }
    const out: StorageEvent[] = [];
    for (let i = lo; i < this.events.length; i++) {
      const ev = this.events[i]!;
      if (ev.key.startsWith(prefix)) out.push(ev);
    }
    return out;
  }

  /** Forget everything; the window restarts empty at revision. */
  reset(revision: number): void {
    this.events = [];
    this.head = 0;
    this.bytes = 0;
    this._floor = revision;
    this._position = revision;
  }

  private trim(): void {
    while (this.events.length - this.head > this.maxEvents || (this.bytes > this.maxBytes && this.head < this.events.length)) {
      const ev = this.events[this.head]!;
      this.head++;
      this.bytes -= sizeOf(ev);
      this._floor = Math.max(this._floor, ev.revision);
    }
    if (this.head > 1024 && this.head * 2 > this.events.length) {
      this.events = this.events.slice(this.head);
      this.head = 0;
    }
  }
}
