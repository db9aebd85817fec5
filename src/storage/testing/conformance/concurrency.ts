// Concurrent writers: one winner per create or guarded update, and distinct, increasing
// revisions for parallel writes.
import assert from 'node:assert/strict';
import { describe } from 'node:test';
import { StorageError } from '../../errors.js';
import type { KeyValue } from '../../interface.js';
import { buf, storageTest, WatchRecorder, type OpenStorage } from './helpers.js';

function outcomes<T>(results: PromiseSettledResult<T>[]) {
  const won = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
  const codes = results.flatMap((r) => (r.status === 'rejected' ? [r.reason instanceof StorageError ? r.reason.code : String(r.reason)] : []));
  return { won, codes };
}

export function concurrencyTests(open: OpenStorage): void {
  describe('concurrency', () => {
    storageTest(open, 'concurrent creates of one key: exactly one wins', async (s, p) => {
      const k = `${p}contended`;
      const n = 25;
      const { won, codes } = outcomes(await Promise.allSettled(Array.from({ length: n }, (_, i) => s.create(k, buf(`writer-${i}`)))));
      assert.equal(won.length, 1, 'exactly one create succeeds');
      assert.deepEqual(codes, Array(n - 1).fill('KeyExists'));
      const got = await s.get(k);
      assert.equal(got?.value.toString(), won[0]!.value.toString());
      assert.equal(got?.modRevision, won[0]!.modRevision);
    });

    storageTest(open, 'concurrent updates at the same expected revision: exactly one wins', async (s, p) => {
      const k = `${p}contended`;
      const base = await s.create(k, buf('base'));
      const n = 25;
      const results = await Promise.allSettled(Array.from({ length: n }, (_, i) => s.update(k, buf(`writer-${i}`), base.modRevision)));
      const { won, codes } = outcomes(results);
      assert.equal(won.length, 1, 'exactly one update succeeds');
      assert.deepEqual(codes, Array(n - 1).fill('Conflict'));
      for (const r of results) {
        if (r.status === 'rejected') assert.equal((r.reason as StorageError).current?.modRevision, won[0]!.modRevision);
      }
      assert.equal((await s.get(k))?.value.toString(), won[0]!.value.toString());
    });

    storageTest(open, '200 parallel writes get distinct increasing revisions', async (s, p) => {
      const r0 = await s.currentRevision();
      const w = new WatchRecorder(s, p, r0);
      try {
        const n = 200;
        const created: KeyValue[] = await Promise.all(Array.from({ length: n }, (_, i) => s.create(`${p}k${String(i).padStart(3, '0')}`, buf(`v${i}`))));
        const revs = created.map((kv) => kv.modRevision);
        assert.equal(new Set(revs).size, n, 'every write has its own revision');
        const sorted = [...revs].sort((a, b) => a - b);
        assert.ok(sorted[0]! > r0);
        assert.equal(sorted[n - 1], await s.currentRevision());
        for (let i = 1; i < n; i++) assert.ok(sorted[i]! > sorted[i - 1]!);

        const listed = await s.list(p);
        assert.equal(listed.items.length, n);
        assert.deepEqual(listed.items.map((kv) => kv.modRevision), revs, 'list reports the revision each create returned');
        assert.equal(await s.count(p), n);

        const events = await w.waitForEvents(n);
        assert.deepEqual(events.map((ev) => ev.revision), sorted, 'watch sees every write once, in revision order');
        w.assertClean();
      } finally {
        w.cancel();
      }
    });
  });
}
