// Which EndpointSlice writes of each service the cache has not shown yet (upstream's
// endpointSliceTracker): a sync on a stale cache would create slices twice, so it waits instead.
import type { EndpointSlice } from '../../api/types/discovery-v1.js';
import type { Clock } from '../../client/index.js';

/** After this long an unseen write is given up on (the cache is trusted again). */
export const TRACKER_TTL_MS = 10_000;

interface Expected {
  /** resourceVersion written, or -1 for a delete. */
  readonly rv: number;
  readonly at: number;
}

export class SliceTracker {
  private readonly byService = new Map<string, Map<string, Expected>>();

  constructor(private readonly clock: Clock) {}

  written(serviceKey: string, slice: Readonly<EndpointSlice>): void {
    this.expect(serviceKey, slice.metadata?.name ?? '', Number(slice.metadata?.resourceVersion ?? 0));
  }

  deleted(serviceKey: string, name: string): void {
    this.expect(serviceKey, name, -1);
  }

  forget(serviceKey: string): void {
    this.byService.delete(serviceKey);
  }

  /** True when the cache (get) reflects every write for the service. */
  satisfied(serviceKey: string, get: (name: string) => Readonly<EndpointSlice> | undefined): boolean {
    const m = this.byService.get(serviceKey);
    if (!m) return true;
    const now = this.clock.now();
    for (const [name, e] of m) {
      const cur = get(name);
      const seen = e.rv < 0 ? !cur : !!cur && Number(cur.metadata?.resourceVersion ?? 0) >= e.rv;
      if (seen || now - e.at > TRACKER_TTL_MS) m.delete(name);
    }
    if (!m.size) this.byService.delete(serviceKey);
    return !m.size;
  }

  private expect(serviceKey: string, name: string, rv: number): void {
    let m = this.byService.get(serviceKey);
    if (!m) this.byService.set(serviceKey, (m = new Map()));
    m.set(name, { rv, at: this.clock.now() });
  }
}
