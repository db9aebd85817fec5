// Storage on an etcd v3 cluster. Revisions are etcd's own; every conditional write is a single
// etcd transaction. All watchers share one etcd watch (see WatchFanout). An optional root prefix
// keeps several stores apart in one etcd: it is added to every key and stripped from results,
// and storage keys then have to start with '/'.
import { rootCertificates } from 'node:tls';
import { Etcd3, type IKeyValue, type IOptions, type IRangeRequest } from 'etcd3';
import { compacted, conflict, keyExists, keyNotFound } from '../errors.js';
import type {
  KeyValue,
  ListOptions,
  ListResult,
  Storage,
  StorageCapabilities,
  StorageStats,
  Watch,
  WatchOptions,
} from '../interface.js';
import { probeCompactedRevision, readableAt } from './compaction-probe.js';
import { rev, toKeyValue } from './convert.js';
import { isEtcdCompacted, isEtcdFutureRevision, mapEtcdError } from './etcd-errors.js';
import type { EventWindowLimits } from './event-window.js';
import { KeyCodec } from './keys.js';
import { WatchFanout } from './watch-fanout.js';
import { WatchMux } from './watch-mux.js';

export interface EtcdStorageOptions {
  /** Client URLs, e.g. ['http://127.0.0.1:2379']. */
  readonly endpoints: string[];
  /** Root prefix inside etcd, e.g. '/k8ts' (default: none). */
  readonly prefix?: string;
  readonly tls?: { ca?: Buffer; cert?: Buffer; key?: Buffer };
  /** Size of the in-memory window of recent events that new watchers can start from. */
  readonly watchWindow?: EventWindowLimits;
}

export async function openEtcdStorage(opts: EtcdStorageOptions): Promise<EtcdStorage> {
  const client = new Etcd3(clientOptions(opts));
  try {
    return await EtcdStorage.open(client, opts);
  } catch (e) {
    client.close();
    throw mapEtcdError(e);
  }
}

function clientOptions(opts: EtcdStorageOptions): IOptions {
  if (opts.endpoints.length === 0) throw new Error('etcd storage needs at least one endpoint');
  const { tls } = opts;
  return {
    hosts: opts.endpoints,
    ...(tls && {
      credentials: {
        rootCertificate: tls.ca ?? Buffer.from(rootCertificates.join('\n')),
        ...(tls.key && { privateKey: tls.key }),
        ...(tls.cert && { certChain: tls.cert }),
      },
    }),
    grpcOptions: {
      // Lists and watch batches can be large; etcd bounds requests, not responses.
      'grpc.max_receive_message_length': -1,
      'grpc.keepalive_time_ms': 30_000,
      'grpc.keepalive_timeout_ms': 10_000,
    },
  };
}


export class EtcdStorage implements Storage {
  readonly capabilities: StorageCapabilities = { backend: 'etcd', shared: true };
  private compacted: number;
  private readonly mux: WatchMux;
  private readonly fanout: WatchFanout;

  private constructor(
    private readonly client: Etcd3,
    private readonly codec: KeyCodec,
    current: number,
    compactedRevision: number,
    watchWindow: EventWindowLimits | undefined,
  ) {
    this.compacted = compactedRevision;
    this.mux = new WatchMux(client.watchClient);
    this.fanout = new WatchFanout(
      {
        mux: this.mux,
        codec,
        knownCompacted: () => this.compacted,
        noteCompacted: (r) => this.noteCompacted(r),
      },
      current,
      watchWindow,
    );
  }

  /** Connects, learns the current and compacted revisions, and starts the shared watch. */
  static async open(client: Etcd3, opts: EtcdStorageOptions): Promise<EtcdStorage> {
    const codec = new KeyCodec((opts.prefix ?? '').replace(/\/+$/, ''));
    const current = await headerRevision(client, codec);
    const compactedRevision = await probeCompactedRevision(client.kv, codec.probeKey(), current);
    return new EtcdStorage(client, codec, current, compactedRevision, opts.watchWindow);
  }

  currentRevision(): Promise<number> {
    return this.call(() => headerRevision(this.client, this.codec));
  }

  /** One point read when nothing changed; a binary search when someone else compacted etcd. */
  compactedRevision(): Promise<number> {
    return this.call(async () => {
      const known = Math.max(this.compacted, 1);
      if (await readableAt(this.client.kv, this.codec.probeKey(), known)) return this.compacted;
      const current = await headerRevision(this.client, this.codec);
      this.noteCompacted(await probeCompactedRevision(this.client.kv, this.codec.probeKey(), current, known));
      return this.compacted;
    });
  }

  get(key: string): Promise<KeyValue | undefined> {
    return this.call(async () => {
      const res = await this.client.kv.range({ key: this.codec.encode(key) });
      const kv = res.kvs[0];
      return kv ? toKeyValue(this.codec, kv) : undefined;
    });
  }

  list(prefix: string, opts: ListOptions = {}): Promise<ListResult> {
    return this.call(async () => {
      if (opts.afterKey !== undefined && !opts.afterKey.startsWith(prefix)) {
        throw new Error(`list afterKey "${opts.afterKey}" does not lie under the prefix "${prefix}"`);
      }
      const range = opts.afterKey !== undefined ? this.codec.rangeAfter(prefix, opts.afterKey) : this.codec.prefixRange(prefix);
      const atRevision = opts.revision && opts.revision > 0 ? opts.revision : 0;
      const res = await this.readAt(atRevision, () => this.client.kv.range({ ...range, limit: opts.limit ?? 0, revision: atRevision }));
      const items = res.kvs.map((kv) => toKeyValue(this.codec, kv));
      const remaining = res.more ? Math.max(0, rev(res.count) - items.length) : 0;
      return { items, revision: atRevision || rev(res.header.revision), more: res.more, remaining };
    });
  }

  count(prefix: string): Promise<number> {
    return this.call(async () => {
      const res = await this.client.kv.range({ ...this.codec.prefixRange(prefix), count_only: true });
      return rev(res.count);
    });
  }

  create(key: string, value: Buffer): Promise<KeyValue> {
    return this.call(async () => {
      const k = this.codec.encode(key);
      const res = await this.client.kv.txn({
        compare: [{ key: k, target: 'Create', result: 'Equal', create_revision: 0 }],
        success: [{ request_put: { key: k, value } }],
      });
      if (!res.succeeded) throw keyExists(key);
      const revision = rev(res.header.revision);
      return { key, value, createRevision: revision, modRevision: revision };
    });
  }

  update(key: string, value: Buffer, expectedRevision: number): Promise<KeyValue> {
    return this.call(async () => {
      const k = this.codec.encode(key);
      const res = await this.client.kv.txn({
        compare: this.unchanged(k, expectedRevision),
        success: [{ request_put: { key: k, value } }, { request_range: { key: k, keys_only: true } }],
        failure: [{ request_range: { key: k } }],
      });
      if (!res.succeeded) throw this.writeConflict(key, res.responses[0]?.response_range.kvs[0]);
      const written = res.responses[1]?.response_range.kvs[0];
      const revision = rev(res.header.revision);
      return { key, value, createRevision: rev(written?.create_revision), modRevision: revision };
    });
  }

  delete(key: string, expectedRevision?: number): Promise<{ revision: number; prev: KeyValue }> {
    return this.call(async () => {
      const k = this.codec.encode(key);
      if (expectedRevision === undefined) {
        const res = await this.client.kv.deleteRange({ key: k, prev_kv: true });
        const prev = res.prev_kvs[0];
        if (!prev) throw keyNotFound(key);
        return { revision: rev(res.header.revision), prev: toKeyValue(this.codec, prev) };
      }
      const res = await this.client.kv.txn({
        compare: this.unchanged(k, expectedRevision),
        success: [{ request_delete_range: { key: k, prev_kv: true } }],
        failure: [{ request_range: { key: k } }],
      });
      if (!res.succeeded) throw this.writeConflict(key, res.responses[0]?.response_range.kvs[0]);
      const prev = res.responses[0]?.response_delete_range.prev_kvs[0];
      if (!prev) throw keyNotFound(key); // cannot happen: the compare saw the key
      return { revision: rev(res.header.revision), prev: toKeyValue(this.codec, prev) };
    });
  }

  watch(opts: WatchOptions): Watch {
    return this.fanout.watch(opts);
  }

  compact(revision: number): Promise<void> {
    return this.call(async () => {
      if (revision <= this.compacted) return;
      try {
        await this.client.kv.compact({ revision });
      } catch (e) {
        // Someone compacted at or past this revision already.
        if (!isEtcdCompacted(e)) throw e;
        const current = await headerRevision(this.client, this.codec);
        this.noteCompacted(await probeCompactedRevision(this.client.kv, this.codec.probeKey(), current, this.compacted));
        return;
      }
      this.noteCompacted(revision);
    });
  }

  stats(): Promise<StorageStats> {
    // Both figures are cheap for etcd at any size: a count-only range over our prefix, and the
    // database size the member reports (what upstream exports as apiserver_storage_size_bytes).
    return this.call(async () => {
      const [counted, status] = await Promise.all([
        this.client.kv.range({ ...this.codec.prefixRange(''), count_only: true }),
        this.client.maintenance.status(),
      ]);
      return { keys: rev(counted.count), bytes: Number(status.dbSize) };
    });
  }


  async close(): Promise<void> {
    this.fanout.close();
    this.mux.close();
    this.client.close();
  }

  /** The key exists and was last written at expectedRevision. */
  private unchanged(k: Buffer, expectedRevision: number) {
    return [
      { key: k, target: 'Mod' as const, result: 'Equal' as const, mod_revision: expectedRevision },
      { key: k, target: 'Version' as const, result: 'Greater' as const, version: 0 },
    ];
  }

  private writeConflict(key: string, current: IKeyValue | undefined): Error {
    return current ? conflict(key, toKeyValue(this.codec, current)) : keyNotFound(key);
  }

  /** Runs a read at a revision, turning etcd's compaction answer into StorageError 'Compacted'. */
  private async readAt<T>(revision: number, read: () => Promise<T>): Promise<T> {
    try {
      return await read();
    } catch (e) {
      if (isEtcdCompacted(e)) {
        const current = await headerRevision(this.client, this.codec);
        const known = Math.max(revision, this.compacted - 1); // both are unreadable
        this.noteCompacted(await probeCompactedRevision(this.client.kv, this.codec.probeKey(), current, known));
        throw compacted(revision, this.compacted);
      }
      if (isEtcdFutureRevision(e)) throw new Error(`revision ${revision} is newer than the current revision of the store`);
      throw e;
    }
  }

  private noteCompacted(revision: number): void {
    if (revision > this.compacted) this.compacted = revision;
  }

  private async call<T>(fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (e) {
      throw mapEtcdError(e);
    }
  }
}

/** The store's current revision, read from the header of a point read. */
async function headerRevision(client: Etcd3, codec: KeyCodec): Promise<number> {
  const req: IRangeRequest = { key: codec.probeKey(), limit: 1, keys_only: true };
  const res = await client.kv.range(req);
  return rev(res.header.revision);
}
