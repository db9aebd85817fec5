// Periodic compaction, as the upstream API server does for etcd: every interval, compact the
// store to the revision it had one interval ago, so watches can resume for at least that long.
import type { Storage } from '../storage/interface.js';
import type { Logger } from './server.js';

export const DEFAULT_COMPACT_INTERVAL_MS = 5 * 60 * 1000;

export class Compactor {
  private timer: NodeJS.Timeout | undefined;
  private lastSeen = 0;

  constructor(
    private readonly storage: Storage,
    private readonly logger: Logger,
    private readonly intervalMs = DEFAULT_COMPACT_INTERVAL_MS,
  ) {}

  start(): void {
    this.timer = setInterval(() => void this.tick(), this.intervalMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  async tick(): Promise<void> {
    try {
      const target = this.lastSeen;
      this.lastSeen = await this.storage.currentRevision();
      if (target > 0) await this.storage.compact(target);
    } catch (e) {
      this.logger.warn({ err: e }, 'compaction failed');
    }
  }
}
