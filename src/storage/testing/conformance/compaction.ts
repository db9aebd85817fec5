// Compaction: reads and watches below the compacted revision fail with 'Compacted'; reads at or
// after it, live watches and the current state are unaffected.
import assert from 'node:assert/strict';
import { describe } from 'node:test';
import { isStorageError } from '../../errors.js';
import type { KeyValue } from '../../interface.js';
import { buf, rejectsWith, settle, storageTest, view, WatchRecorder, type OpenStorage } from './helpers.js';

const summary = (kv: KeyValue) => ({ key: kv.key, value: kv.value.toString(), createRevision: kv.createRevision, modRevision: kv.modRevision });

export function compactionTests(open: OpenStorage): void {
  describe('compaction', () => {
    storageTest(open, 'reads and watches below the compacted revision fail with Compacted', async (s, p) => {
      const r0 = await s.currentRevision();
      const a1 = await s.create(`${p}a`, buf('a1'));
      const b1 = await s.create(`${p}b`, buf('b1'));
      const a2 = await s.update(`${p}a`, buf('a2'), a1.modRevision);
      const db = await s.delete(`${p}b`);
      const c1 = await s.create(`${p}c`, buf('c1'));
      const at = a2.modRevision;

      await s.compact(at);
      assert.equal(await s.compactedRevision(), at);

      const err = await rejectsWith(s.list(p, { revision: b1.modRevision }), 'Compacted');
      if (err.compactedRevision !== undefined) assert.equal(err.compactedRevision, at, 'the error names the compacted revision');
      await rejectsWith(s.list(p, { revision: at - 1 }), 'Compacted');
      await rejectsWith(s.list(p, { revision: a1.modRevision, limit: 1, afterKey: `${p}a` }), 'Compacted');

      const kept = await s.list(p, { revision: at });
      assert.deepEqual(kept.items.map(summary), [summary(a2), summary(b1)], 'the state at the compacted revision is still readable');
      assert.deepEqual((await s.list(p, { revision: db.revision })).items.map(summary), [summary(a2)]);
      assert.deepEqual((await s.list(p)).items.map(summary), [summary(a2), summary(c1)]);
      assert.deepEqual(summary((await s.get(`${p}a`))!), summary(a2));
      assert.equal(await s.count(p), 2);

      for (const after of [r0, a1.modRevision]) {
        const w = new WatchRecorder(s, p, after);
        try {
          const e = await w.waitForError();
          assert.ok(isStorageError(e, 'Compacted'), `watch after ${after} fails with Compacted, got ${String(e)}`);
          await settle();
          assert.deepEqual(w.events, [], 'a compacted watch delivers no events');
          assert.equal(w.errors.length, 1);
          w.assertClean();
        } finally {
          w.cancel();
        }
      }

      const w = new WatchRecorder(s, p, at);
      try {
        const d1 = await s.create(`${p}d`, buf('d1'));
        const events = await w.waitForEvents(3);
        assert.deepEqual(events.map(view), [
          { type: 'delete', key: `${p}b`, value: 'b1', prevValue: 'b1', revision: db.revision, createRevision: b1.createRevision },
          { type: 'create', key: `${p}c`, value: 'c1', revision: c1.modRevision, createRevision: c1.modRevision },
          { type: 'create', key: `${p}d`, value: 'd1', revision: d1.modRevision, createRevision: d1.modRevision },
        ]);
        w.assertClean();
      } finally {
        w.cancel();
      }

      await s.compact(db.revision);
      assert.equal(await s.compactedRevision(), db.revision);
      await rejectsWith(s.list(p, { revision: at }), 'Compacted');
      assert.deepEqual((await s.list(p, { revision: db.revision })).items.map(summary), [summary(a2)]);
    });

    storageTest(open, 'a live watch keeps going across a compaction', async (s, p) => {
      const r0 = await s.currentRevision();
      const w = new WatchRecorder(s, p, r0);
      try {
        await s.create(`${p}x`, buf('x'));
        await w.waitForEvents(1);
        const now = await s.currentRevision();
        await s.compact(now);
        assert.equal(await s.compactedRevision(), now);
        const y = await s.create(`${p}y`, buf('y'));
        const events = await w.waitForEvents(2);
        assert.equal(events[1]!.revision, y.modRevision);
        const fresh = new WatchRecorder(s, p, now);
        try {
          const [ev] = await fresh.waitForEvents(1);
          assert.equal(ev!.key, `${p}y`);
          fresh.assertClean();
        } finally {
          fresh.cancel();
        }
        assert.deepEqual(w.errors, []);
        w.assertClean();
      } finally {
        w.cancel();
      }
    });
  });
}
