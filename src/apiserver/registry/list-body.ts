// A list response's JSON built in one Buffer while its items are read: each item is copied in
// (resourceVersion spliced into its stored bytes) as the store hands it out, so neither the rows
// nor per-item pieces outlive their turn, and the body is not assembled from parts at the end.
// Room is kept in front for the list's head, whose metadata (resourceVersion, continue) is known
// only after the read. The buffer is sized from an estimate of the items to come, taken the first
// time it fills.
import { decodeStored, revisionInsertAt, revisionInsertAtText, revisionMember, spliceRevision } from '../codec.js';

/** Bytes kept in front of the items for the head (kind, apiVersion, metadata with a continue token). */
const HEAD_ROOM = 2048;
const INITIAL_BYTES = 16 * 1024;
/** Slack over the estimate, so items a little larger than the average seen so far still fit. */
const ESTIMATE_SLACK = 1.05;
const CLOSE_BRACE = 0x7d;

/** Bodies at least this large go back to the pool once sent; larger than the cap are dropped. */
const POOL_MIN_BYTES = 1 << 20;
const POOL_MAX_BYTES = 32 << 20;

/**
 * Keeps the buffer of one large list body once its response is sent, for the next large list
 * to write into: a list of 10,000 pods would otherwise leave ~15 MB outside the heap each time,
 * and that memory is what pushed the server into a full collection after every such list.
 */
export class ListBufferPool {
  private idle: Buffer | undefined;

  /** The kept buffer if it holds at least `bytes`, else undefined. */
  take(bytes: number): Buffer | undefined {
    const b = this.idle;
    if (!b || b.length < bytes) return undefined;
    this.idle = undefined;
    return b;
  }

  /** A buffer no longer in use (its response is sent); the larger of it and the kept one stays. */
  give(b: Buffer): void {
    if (b.length < POOL_MIN_BYTES || b.length > POOL_MAX_BYTES) return;
    if (!this.idle || this.idle.length < b.length) this.idle = b;
  }
}

export class ListBodyWriter {
  private buf: Buffer = Buffer.allocUnsafe(INITIAL_BYTES);
  private end = HEAD_ROOM;
  private count = 0;
  private released = false;

  /**
   * expectItems: how many items the whole list is likely to have (asked when the buffer fills).
   * pool: where a large buffer comes from and, after release(), goes back to.
   */
  constructor(
    private readonly expectItems: () => number = () => 0,
    private readonly pool?: ListBufferPool,
  ) {}

  get items(): number {
    return this.count;
  }

  /** Append a stored object (JSON without its resourceVersion) with the revision spliced in. */
  addStored(value: Buffer | string, revision: number): void {
    if (typeof value === 'string') return this.addStoredText(value, revision);
    const insertAt = revisionInsertAt(value);
    if (insertAt < 0) return this.addJson(spliceRevision(value, revision));
    const member = revisionMember(revision, value[insertAt] === CLOSE_BRACE);
    this.reserve(value.length + member.length + 1);
    this.comma();
    this.end += value.copy(this.buf, this.end, 0, insertAt);
    this.end += this.buf.write(member, this.end, 'latin1');
    this.end += value.copy(this.buf, this.end, insertAt);
  }

  /** addStored for the stored bytes' text (see ScanItem.value): the same bytes, written as UTF-8. */
  private addStoredText(text: string, revision: number): void {
    const insertAt = revisionInsertAtText(text);
    if (insertAt < 0) return this.addJson(Buffer.from(JSON.stringify(decodeStored(text, revision))));
    const member = revisionMember(revision, text.charCodeAt(insertAt) === CLOSE_BRACE);
    this.reserve(Buffer.byteLength(text) + member.length + 1);
    this.comma();
    this.end += this.buf.write(text.slice(0, insertAt), this.end);
    this.end += this.buf.write(member, this.end, 'latin1');
    this.end += this.buf.write(text.slice(insertAt), this.end);
  }

  /** Append one item's JSON as it is. */
  addJson(json: Buffer): void {
    this.reserve(json.length + 1);
    this.comma();
    this.end += json.copy(this.buf, this.end);
  }

  /**
   * The whole body: head, the items separated by commas, tail. It shares this writer's buffer,
   * which the caller hands back with release() once the body has been sent.
   */
  finish(head: string, tail: string): Buffer {
    const headBytes = Buffer.byteLength(head);
    this.reserve(Buffer.byteLength(tail));
    this.end += this.buf.write(tail, this.end);
    if (headBytes > HEAD_ROOM) return Buffer.concat([Buffer.from(head), this.buf.subarray(HEAD_ROOM, this.end)]);
    const start = HEAD_ROOM - headBytes;
    this.buf.write(head, start);
    return this.buf.subarray(start, this.end);
  }

  /** The body from finish() is no longer needed (its response is sent): its buffer may be reused. */
  release(): void {
    if (this.released) return;
    this.released = true;
    this.pool?.give(this.buf);
  }

  private comma(): void {
    if (this.count++) this.buf[this.end++] = 0x2c; /* , */
  }

  private reserve(bytes: number): void {
    const need = this.end + bytes;
    if (need <= this.buf.length) return;
    // Sized for the items expected, at the average size so far; without an estimate (or past it), doubled.
    const perItem = this.count ? (this.end - HEAD_ROOM) / this.count : bytes;
    const expected = this.expectItems();
    const estimate = expected > this.count ? HEAD_ROOM + Math.ceil(perItem * expected * ESTIMATE_SLACK) : 0;
    const size = Math.max(need, estimate || this.buf.length * 2);
    const next = this.pool?.take(size) ?? Buffer.allocUnsafe(size);
    this.buf.copy(next, HEAD_ROOM, HEAD_ROOM, this.end);
    this.buf = next;
  }
}
