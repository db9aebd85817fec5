// Watches: history replay then live events, event contents, prefix filtering, several watchers,
// watchers joining while writes are in flight, and cancel.
import assert from 'node:assert/strict';
import { describe } from 'node:test';
import { buf, eventsAfter, settle, storageTest, view, WatchRecorder, type OpenStorage } from './helpers.js';

export function watchTests(open: OpenStorage): void {
  describe('watch', () => {
    storageTest(open, 'replays history after afterRevision, then delivers live events', async (s, p) => {
      const r0 = await s.currentRevision();
      const a1 = await s.create(`${p}a`, buf('a1'));
      const a2 = await s.update(`${p}a`, buf('a2'), a1.modRevision);
      const b1 = await s.create(`${p}b`, buf('b1'));
      const da = await s.delete(`${p}a`);
      const w = new WatchRecorder(s, p, r0);
      try {
        const history = await w.waitForEvents(4);
        assert.deepEqual(history.map(view), [
          { type: 'create', key: `${p}a`, value: 'a1', revision: a1.modRevision, createRevision: a1.createRevision },
          { type: 'update', key: `${p}a`, value: 'a2', prevValue: 'a1', revision: a2.modRevision, createRevision: a1.createRevision },
          { type: 'create', key: `${p}b`, value: 'b1', revision: b1.modRevision, createRevision: b1.createRevision },
          { type: 'delete', key: `${p}a`, value: 'a2', prevValue: 'a2', revision: da.revision, createRevision: a1.createRevision },
        ]);
        const a3 = await s.create(`${p}a`, buf('a3'));
        const b2 = await s.update(`${p}b`, buf('b2'), b1.modRevision);
        const db = await s.delete(`${p}b`, b2.modRevision);
        const all = await w.waitForEvents(7);
        assert.deepEqual(all.slice(4).map(view), [
          { type: 'create', key: `${p}a`, value: 'a3', revision: a3.modRevision, createRevision: a3.modRevision },
          { type: 'update', key: `${p}b`, value: 'b2', prevValue: 'b1', revision: b2.modRevision, createRevision: b1.createRevision },
          { type: 'delete', key: `${p}b`, value: 'b2', prevValue: 'b2', revision: db.revision, createRevision: b1.createRevision },
        ]);
        await settle();
        assert.equal(w.events.length, 7, 'no extra or duplicate events');
        w.assertClean();
      } finally {
        w.cancel();
      }
    });

    storageTest(open, 'starts strictly after afterRevision', async (s, p) => {
      const kvs = [];
      for (let i = 0; i < 4; i++) kvs.push(await s.create(`${p}k${i}`, buf(`v${i}`)));
      const fromNow = new WatchRecorder(s, p, kvs[3]!.modRevision);
      const fromMiddle = new WatchRecorder(s, p, kvs[1]!.modRevision);
      try {
        const e = await s.create(`${p}k4`, buf('v4'));
        const mid = await fromMiddle.waitForEvents(3);
        assert.deepEqual(mid.map((ev) => ev.key), [`${p}k2`, `${p}k3`, `${p}k4`]);
        const now = await fromNow.waitForEvents(1);
        assert.deepEqual(now.map(view), [{ type: 'create', key: `${p}k4`, value: 'v4', revision: e.modRevision, createRevision: e.modRevision }]);
        await settle();
        assert.equal(fromNow.events.length, 1);
        assert.equal(fromMiddle.events.length, 3);
        fromNow.assertClean();
        fromMiddle.assertClean();
      } finally {
        fromNow.cancel();
        fromMiddle.cancel();
      }
    });

    storageTest(open, 'delivers only keys under the watched prefix', async (s, p) => {
      const r0 = await s.currentRevision();
      const x = new WatchRecorder(s, `${p}x/`, r0);
      const all = new WatchRecorder(s, p, r0);
      try {
        const writes = ['x', 'x/1', 'xy/1', 'y/1', 'x/2/deep', 'x-', 'X/1', 'x/3'];
        for (const n of writes) await s.create(`${p}${n}`, buf(n));
        await all.waitForEvents(writes.length);
        await x.waitForEvents(3);
        await settle();
        assert.deepEqual(x.events.map((ev) => ev.key), [`${p}x/1`, `${p}x/2/deep`, `${p}x/3`]);
        assert.deepEqual(all.events.map((ev) => ev.key), writes.map((n) => `${p}${n}`));
        x.assertClean();
        all.assertClean();
      } finally {
        x.cancel();
        all.cancel();
      }
    });

    storageTest(open, 'several concurrent watchers receive the same events', async (s, p) => {
      const r0 = await s.currentRevision();
      const early = [0, 1, 2].map(() => new WatchRecorder(s, p, r0));
      const writes = async (from: number, to: number) => {
        for (let i = from; i < to; i++) {
          const k = `${p}k${i % 4}`;
          const cur = await s.get(k);
          if (!cur) await s.create(k, buf(`v${i}`));
          else if (i % 3 === 0) await s.delete(k, cur.modRevision);
          else await s.update(k, buf(`v${i}`), cur.modRevision);
        }
      };
      await writes(0, 10);
      const late = [0, 1].map(() => new WatchRecorder(s, p, r0));
      const watchers = [...early, ...late];
      try {
        await writes(10, 25);
        const reference = await early[0]!.waitForEvents(25);
        for (const w of watchers) {
          await w.waitForEvents(25);
        }
        await settle();
        for (const w of watchers) {
          assert.deepEqual(w.events.map(view), reference.map(view));
          w.assertClean();
        }
      } finally {
        for (const w of watchers) w.cancel();
      }
    });

    storageTest(open, 'watchers joining while writes are in flight miss nothing and repeat nothing', async (s, p) => {
      const r0 = await s.currentRevision();
      const reference = new WatchRecorder(s, p, r0);
      const joined: WatchRecorder[] = [];
      const revisions: number[] = [r0];
      const total = 60;
      try {
        for (let i = 0; i < total; i++) {
          const k = `${p}${i % 2 ? 'odd' : 'even'}/k${i % 7}`;
          const cur = await s.get(k);
          const kv = cur ? await s.update(k, buf(`v${i}`), cur.modRevision) : await s.create(k, buf(`v${i}`));
          revisions.push(kv.modRevision);
          if (i % 6 === 5) {
            // Start from an older revision, from the latest one, and on a sub-prefix.
            joined.push(new WatchRecorder(s, p, revisions[Math.floor(revisions.length / 3)]!));
            joined.push(new WatchRecorder(s, p, kv.modRevision));
            joined.push(new WatchRecorder(s, `${p}odd/`, revisions[revisions.length - 3]!));
          }
        }
        const all = await reference.waitForEvents(total);
        for (const w of joined) {
          const want = eventsAfter(all, w.afterRevision, w.prefix);
          await w.waitForEvents(want.length);
        }
        await settle();
        for (const w of joined) {
          assert.deepEqual(w.events.map(view), eventsAfter(all, w.afterRevision, w.prefix), `watcher on ${w.prefix} after ${w.afterRevision}`);
          w.assertClean();
        }
        reference.assertClean();
      } finally {
        reference.cancel();
        for (const w of joined) w.cancel();
      }
    });

    storageTest(open, 'events arrive in revision order under parallel writes', async (s, p) => {
      const r0 = await s.currentRevision();
      const w = new WatchRecorder(s, p, r0);
      try {
        const created = await Promise.all(Array.from({ length: 50 }, (_, i) => s.create(`${p}k${i}`, buf(`v${i}`))));
        const events = await w.waitForEvents(50);
        const revs = events.map((ev) => ev.revision);
        assert.deepEqual(revs, [...revs].sort((a, b) => a - b));
        assert.deepEqual(revs, created.map((kv) => kv.modRevision).sort((a, b) => a - b));
        for (const ev of events) assert.equal(ev.type, 'create');
        w.assertClean();
      } finally {
        w.cancel();
      }
    });

    storageTest(open, 'cancel stops delivery', async (s, p) => {
      const r0 = await s.currentRevision();
      await s.create(`${p}before`, buf('x'));
      const cancelledAtOnce = new WatchRecorder(s, p, r0);
      cancelledAtOnce.cancel();
      const w = new WatchRecorder(s, p, r0);
      const control = new WatchRecorder(s, p, r0);
      try {
        await w.waitForEvents(1);
        w.cancel();
        await s.create(`${p}after1`, buf('y'));
        await s.create(`${p}after2`, buf('z'));
        await control.waitForEvents(3);
        await settle();
        assert.deepEqual(w.events.map((ev) => ev.key), [`${p}before`]);
        assert.deepEqual(w.errors, []);
        assert.deepEqual(cancelledAtOnce.events, [], 'a watch cancelled before delivery gets nothing, not even history');
        assert.deepEqual(cancelledAtOnce.errors, []);
        w.assertClean();
        control.assertClean();
      } finally {
        control.cancel();
      }
    });

    storageTest(open, 'a watch with no matching history stays quiet until a write', async (s, p) => {
      const r0 = await s.currentRevision();
      await s.create(`${p}other/1`, buf('x'));
      const w = new WatchRecorder(s, `${p}mine/`, r0);
      try {
        await settle();
        assert.deepEqual(w.events, []);
        const kv = await s.create(`${p}mine/1`, buf('y'));
        const [ev] = await w.waitForEvents(1);
        assert.equal(ev!.revision, kv.modRevision);
        w.assertClean();
      } finally {
        w.cancel();
      }
    });
  });
}
