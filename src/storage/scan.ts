// A range read as a visitor: the backend's own scan when it has one (SQLite reads in chunks from
// one snapshot), otherwise pages of list() at the first page's revision, with the same result.
import type { ScanOptions, ScanResult, ScanVisitor, Storage } from './interface.js';

export function scanRange(storage: Storage, prefix: string, opts: ScanOptions, visit: ScanVisitor): Promise<ScanResult> {
  if (storage.scan) return storage.scan(prefix, opts, visit);
  return scanByPages(storage, prefix, opts, visit);
}

/** The scan over list(): one page of `chunk` keys at a time (everything at once without chunk). */
export async function scanByPages(storage: Storage, prefix: string, opts: ScanOptions, visit: ScanVisitor): Promise<ScanResult> {
  let revision = opts.revision ?? 0;
  let afterKey = opts.afterKey;
  const limit = opts.chunk && opts.chunk > 0 ? opts.chunk : 0;
  for (;;) {
    const page = await storage.list(prefix, { revision, limit, ...(afterKey !== undefined && { afterKey }) });
    revision = page.revision;
    const items = page.items;
    for (let i = 0; i < items.length; i++) {
      if (!visit(items[i]!)) continue;
      const tail = items.length - i - 1;
      return { revision, more: tail > 0 || page.more, remaining: tail + page.remaining };
    }
    if (!page.more || items.length === 0) return { revision, more: false, remaining: 0 };
    afterKey = items[items.length - 1]!.key;
  }
}
