// Caps concurrent requests as upstream's max-in-flight filter does: read-only and mutating
// requests have separate budgets; watches and health checks are not counted; a request over the
// budget is answered 429 TooManyRequests with Retry-After.
import type { RequestInfo } from './request-info.js';

export type Slot = 'readonly' | 'mutating' | 'exempt';

const MUTATING = new Set(['create', 'update', 'patch', 'delete', 'deletecollection']);

export class InFlightLimiter {
  private readonly used = { readonly: 0, mutating: 0 };

  constructor(
    private readonly maxReadonly: number,
    private readonly maxMutating: number,
  ) {}

  /** A slot for the request, or undefined when its budget is exhausted. */
  acquire(info: RequestInfo): Slot | undefined {
    if (!info.resourceRequest || info.verb === 'watch') return 'exempt';
    const kind: Slot = MUTATING.has(info.verb) ? 'mutating' : 'readonly';
    const max = kind === 'mutating' ? this.maxMutating : this.maxReadonly;
    if (max > 0 && this.used[kind] >= max) return undefined;
    this.used[kind]++;
    return kind;
  }

  release(slot: Slot): void {
    if (slot !== 'exempt') this.used[slot]--;
  }
}
