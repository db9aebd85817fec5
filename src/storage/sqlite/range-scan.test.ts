// SQLite's scan across many chunks: every key once, in order, the same as list() at the current
// and at an older revision, stopping in a later chunk with an exact remaining count.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ScanItem } from '../interface.js';
import { SCAN_CHUNK } from './range-scan.js';
import { openSqliteStorage } from './sqlite-storage.js';

const key = (i: number) => `/registry/pods/ns/p-${String(i).padStart(4, '0')}`;
const text = (v: Buffer | string) => (typeof v === 'string' ? v : v.toString('utf8'));

describe('sqlite scan in chunks', () => {
  it('visits every key of a range longer than several chunks, now and at an older revision', async () => {
    const s = openSqliteStorage({ path: ':memory:' });
    try {
      const n = SCAN_CHUNK * 2 + 37;
      for (let i = 0; i < n; i++) await s.create(key(i), Buffer.from(`{"v":${i}}`));
      const at = await s.currentRevision();
      for (let i = 0; i < n; i += 3) await s.delete(key(i));
      for (const [revision, want] of [
        [0, (await s.list('/registry/pods/')).items],
        [at, Array.from({ length: n }, (_, i) => i).map((i) => ({ key: key(i), value: Buffer.from(`{"v":${i}}`) }))],
      ] as const) {
        const seen: ScanItem[] = [];
        const end = await s.scan('/registry/pods/', { revision }, (kv) => {
          seen.push(kv);
          return false;
        });
        assert.deepEqual(seen.map((kv) => [kv.key, text(kv.value)]), want.map((kv) => [kv.key, kv.value.toString()]));
        assert.deepEqual([end.more, end.remaining], [false, 0]);
      }
      const stopAt = SCAN_CHUNK + 10;
      let visited = 0;
      const end = await s.scan('/registry/pods/', { revision: at }, () => ++visited === stopAt);
      assert.deepEqual([visited, end.revision, end.more, end.remaining], [stopAt, at, true, n - stopAt]);
    } finally {
      await s.close();
    }
  });
});
