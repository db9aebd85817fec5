// Single-key promises: the global revision, create-if-absent, get, guarded update and delete,
// byte-exact values, and stats.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe } from 'node:test';
import type { KeyValue } from '../../interface.js';
import { buf, rejectsWith, storageTest, WatchRecorder, type OpenStorage } from './helpers.js';

const plain = (kv: KeyValue | undefined) =>
  kv && { key: kv.key, value: kv.value.toString('hex'), createRevision: kv.createRevision, modRevision: kv.modRevision };

export function kvTests(open: OpenStorage): void {
  describe('revisions', () => {
    storageTest(open, 'one global revision shared by all keys, advanced only by writes', async (s, p) => {
      const r0 = await s.currentRevision();
      assert.ok(Number.isSafeInteger(r0) && r0 >= 0, `currentRevision ${r0}`);
      const a = await s.create(`${p}a`, buf('1'));
      assert.ok(a.modRevision > r0);
      assert.equal(await s.currentRevision(), a.modRevision);
      const b = await s.create(`${p}b`, buf('2'));
      assert.ok(b.modRevision > a.modRevision);
      const a2 = await s.update(`${p}a`, buf('3'), a.modRevision);
      assert.ok(a2.modRevision > b.modRevision);
      const d = await s.delete(`${p}b`);
      assert.ok(d.revision > a2.modRevision);
      assert.equal(await s.currentRevision(), d.revision);

      await s.get(`${p}a`);
      await s.list(p);
      await s.count(p);
      await rejectsWith(s.create(`${p}a`, buf('x')), 'KeyExists');
      await rejectsWith(s.update(`${p}a`, buf('x'), a.modRevision), 'Conflict');
      await rejectsWith(s.update(`${p}b`, buf('x'), b.modRevision), 'NotFound');
      await rejectsWith(s.delete(`${p}b`), 'NotFound');
      await rejectsWith(s.delete(`${p}a`, a.modRevision), 'Conflict');
      assert.equal(await s.currentRevision(), d.revision, 'reads and failed writes must not advance the revision');
    });
  });

  describe('create and get', () => {
    storageTest(open, 'create only if absent; createRevision equals modRevision', async (s, p) => {
      const k = `${p}obj`;
      assert.equal(await s.get(k), undefined);
      const kv = await s.create(k, buf('first'));
      assert.deepEqual(plain(kv), { key: k, value: buf('first').toString('hex'), createRevision: kv.modRevision, modRevision: kv.modRevision });
      assert.deepEqual(plain(await s.get(k)), plain(kv));

      const err = await rejectsWith(s.create(k, buf('second')), 'KeyExists');
      assert.equal(err.key, k);
      assert.deepEqual(plain(await s.get(k)), plain(kv), 'a failed create must not change the key');

      await s.delete(k);
      const again = await s.create(k, buf('third'));
      assert.ok(again.createRevision > kv.createRevision, 'a re-created key gets a new createRevision');
      assert.equal(again.createRevision, again.modRevision);
    });

    storageTest(open, 'get reports createRevision and modRevision across updates', async (s, p) => {
      const k = `${p}obj`;
      const c = await s.create(k, buf('v1'));
      const u1 = await s.update(k, buf('v2'), c.modRevision);
      const u2 = await s.update(k, buf('v3'), u1.modRevision);
      const got = await s.get(k);
      assert.deepEqual(plain(got), { key: k, value: buf('v3').toString('hex'), createRevision: c.createRevision, modRevision: u2.modRevision });
      assert.equal(await s.get(`${p}ob`), undefined, 'get is exact, not a prefix match');
      assert.equal(await s.get(`${p}obj/`), undefined);
    });
  });

  describe('update', () => {
    storageTest(open, 'update succeeds only at the expected revision', async (s, p) => {
      const k = `${p}obj`;
      const c = await s.create(k, buf('v1'));
      const u = await s.update(k, buf('v2'), c.modRevision);
      assert.equal(u.key, k);
      assert.equal(u.value.toString(), 'v2');
      assert.equal(u.createRevision, c.createRevision);
      assert.ok(u.modRevision > c.modRevision);
      assert.deepEqual(plain(await s.get(k)), plain(u));

      const err = await rejectsWith(s.update(k, buf('stale'), c.modRevision), 'Conflict');
      assert.equal(err.key, k);
      assert.deepEqual(plain(err.current), plain(u), 'Conflict carries the current KeyValue');
      assert.deepEqual(plain(await s.get(k)), plain(u), 'a conflicting update must not write');
    });

    storageTest(open, 'update of a missing or deleted key is NotFound', async (s, p) => {
      await rejectsWith(s.update(`${p}never`, buf('x'), 1), 'NotFound');
      const c = await s.create(`${p}gone`, buf('v1'));
      await s.delete(`${p}gone`);
      const err = await rejectsWith(s.update(`${p}gone`, buf('x'), c.modRevision), 'NotFound');
      assert.equal(err.key, `${p}gone`);
      assert.equal(await s.get(`${p}gone`), undefined, 'a failed update must not create the key');
    });
  });

  describe('delete', () => {
    storageTest(open, 'delete returns the deletion revision and the previous value', async (s, p) => {
      const k = `${p}obj`;
      const c = await s.create(k, buf('v1'));
      const u = await s.update(k, buf('v2'), c.modRevision);
      const d = await s.delete(k);
      assert.ok(d.revision > u.modRevision);
      assert.deepEqual(plain(d.prev), plain(u));
      assert.equal(await s.currentRevision(), d.revision);
      assert.equal(await s.get(k), undefined);
      const err = await rejectsWith(s.delete(k), 'NotFound');
      assert.equal(err.key, k);
      await rejectsWith(s.delete(`${p}never`), 'NotFound');
    });

    storageTest(open, 'delete with an expected revision is guarded', async (s, p) => {
      const k = `${p}obj`;
      const c = await s.create(k, buf('v1'));
      const u = await s.update(k, buf('v2'), c.modRevision);
      const err = await rejectsWith(s.delete(k, c.modRevision), 'Conflict');
      assert.deepEqual(plain(err.current), plain(u));
      assert.deepEqual(plain(await s.get(k)), plain(u), 'a conflicting delete must not delete');
      const d = await s.delete(k, u.modRevision);
      assert.ok(d.revision > u.modRevision);
      assert.deepEqual(plain(d.prev), plain(u));
      assert.equal(await s.get(k), undefined);
      await rejectsWith(s.delete(k, u.modRevision), 'NotFound');
      await rejectsWith(s.delete(`${p}never`, 1), 'NotFound');
    });
  });

  describe('values', () => {
    storageTest(open, 'values are arbitrary bytes: NUL, every byte value, empty, and 1 MiB', async (s, p) => {
      const r0 = await s.currentRevision();
      const w = new WatchRecorder(s, p, r0);
      try {
        const allBytes = Buffer.from(Array.from({ length: 256 }, (_, i) => i));
        const nul = Buffer.from([0x61, 0x00, 0x62, 0x00]);
        const empty = Buffer.alloc(0);
        const big = randomBytes(1024 * 1024);
        const invalidUtf8 = Buffer.from([0xff, 0xfe, 0xc3, 0x28, 0x00]);
        const cases: [string, Buffer][] = [
          [`${p}all`, allBytes],
          [`${p}big`, big],
          [`${p}empty`, empty],
          [`${p}nul`, nul],
          [`${p}utf8`, invalidUtf8],
        ];
        for (const [k, v] of cases) {
          const kv = await s.create(k, v);
          assert.ok(kv.value.equals(v), `create result for ${k}`);
          const got = await s.get(k);
          assert.ok(got?.value.equals(v), `get ${k} returns the exact bytes`);
        }
        const listed = await s.list(p);
        assert.deepEqual(listed.items.map((kv) => kv.key), cases.map(([k]) => k));
        listed.items.forEach((kv, i) => assert.ok(kv.value.equals(cases[i]![1]), `list ${kv.key} returns the exact bytes`));

        const bigger = Buffer.concat([big.subarray(0, 512 * 1024), Buffer.from([0]), big.subarray(512 * 1024)]);
        const big1 = (await s.get(`${p}big`))!;
        const up = await s.update(`${p}big`, bigger, big1.modRevision);
        assert.ok(up.value.equals(bigger));
        assert.ok((await s.get(`${p}big`))?.value.equals(bigger));
        const del = await s.delete(`${p}nul`);
        assert.ok(del.prev.value.equals(nul));

        const events = await w.waitForEvents(cases.length + 2);
        cases.forEach(([k, v], i) => {
          assert.equal(events[i]!.key, k);
          assert.ok(events[i]!.value.equals(v), `watch event for ${k} carries the exact bytes`);
        });
        const upd = events[cases.length]!;
        assert.ok(upd.value.equals(bigger) && upd.prevValue?.equals(big), 'update event carries the exact new and previous bytes');
        const gone = events[cases.length + 1]!;
        assert.ok(gone.value.equals(nul) && gone.prevValue?.equals(nul), 'delete event carries the last bytes');
        w.assertClean();
      } finally {
        w.cancel();
      }
    });
  });

  describe('keys', () => {
    storageTest(open, 'non-ASCII keys round-trip through get, list and watch', async (s, p) => {
      const r0 = await s.currentRevision();
      const w = new WatchRecorder(s, `${p}ü/`, r0);
      try {
        const k = `${p}ü/naïve ☃ 日本`;
        await s.create(k, buf('x'));
        assert.equal((await s.get(k))?.key, k);
        assert.deepEqual((await s.list(`${p}ü/`)).items.map((kv) => kv.key), [k]);
        assert.equal(await s.count(`${p}ü/`), 1);
        const [ev] = await w.waitForEvents(1);
        assert.equal(ev!.key, k);
        w.assertClean();
      } finally {
        w.cancel();
      }
    });
  });

  describe('stats', () => {
    storageTest(open, 'stats counts keys and value bytes', async (s, p) => {
      const before = await s.stats();
      assert.ok(before.keys >= 0 && before.bytes >= 0);
      const values = [Buffer.alloc(100, 1), Buffer.alloc(2000, 2), Buffer.alloc(30_000, 3)];
      const total = values.reduce((n, v) => n + v.length, 0);
      for (const [i, v] of values.entries()) await s.create(`${p}k${i}`, v);
      const after = await s.stats();
      assert.equal(after.keys, before.keys + values.length);
      assert.ok(after.bytes >= before.bytes, 'bytes does not shrink when keys are added');
      assert.ok(after.bytes >= total, `bytes (${after.bytes}) covers the stored values (${total})`);
      await s.delete(`${p}k0`);
      assert.equal((await s.stats()).keys, before.keys + values.length - 1);
    });
  });
}
