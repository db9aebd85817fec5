// Range reads: prefix isolation, key order, pagination with afterKey, more/remaining, reads at
// an older revision, and count.
import assert from 'node:assert/strict';
import { describe } from 'node:test';
import type { KeyValue, ListResult, Storage } from '../../interface.js';
import { buf, storageTest, type OpenStorage } from './helpers.js';

const keysOf = (r: ListResult): string[] => r.items.map((kv) => kv.key);
const byteOrder = (a: string, b: string): number => Buffer.compare(Buffer.from(a), Buffer.from(b));
const summary = (kv: KeyValue) => ({ key: kv.key, value: kv.value.toString(), createRevision: kv.createRevision, modRevision: kv.modRevision });

/** Sequential pages of `limit` through prefix at one revision (the first page's). */
async function pages(s: Storage, prefix: string, limit: number) {
  const out: ListResult[] = [];
  let afterKey: string | undefined;
  let revision: number | undefined;
  for (;;) {
    const page = await s.list(prefix, { limit, ...(afterKey !== undefined && { afterKey }), ...(revision !== undefined && { revision }) });
    out.push(page);
    revision = page.revision;
    if (!page.more) return out;
    afterKey = page.items[page.items.length - 1]!.key;
  }
}

export function listTests(open: OpenStorage): void {
  describe('list', () => {
    storageTest(open, 'only keys under the prefix, in byte order, with values and revisions', async (s, p) => {
      const names = ['a/b', 'a/b/1', 'a/b/2/x', 'a/bc', 'a/bc/1', 'a/b-', 'a/b.', 'a/c', 'a/b/Z', 'a/b/a', 'a/b/0', 'a/B/1', 'b/1'];
      const created = new Map<string, KeyValue>();
      for (const n of [...names].reverse()) created.set(`${p}${n}`, await s.create(`${p}${n}`, buf(`v:${n}`)));

      const r = await s.list(`${p}a/b/`);
      assert.deepEqual(keysOf(r), ['a/b/0', 'a/b/1', 'a/b/2/x', 'a/b/Z', 'a/b/a'].map((n) => `${p}${n}`));
      assert.deepEqual(r.items.map(summary), keysOf(r).map((k) => summary(created.get(k)!)));
      assert.equal(r.more, false);
      assert.equal(r.remaining, 0);
      assert.equal(r.revision, await s.currentRevision(), 'a current list reports the current revision');

      assert.deepEqual(keysOf(await s.list(`${p}a/bc/`)), [`${p}a/bc/1`], '/a/bc/ must not include /a/b/ keys, nor /a/bc itself');
      const all = names.filter((n) => n.startsWith('a/')).map((n) => `${p}${n}`).sort(byteOrder);
      assert.deepEqual(keysOf(await s.list(`${p}a/`)), all);
      assert.deepEqual(keysOf(await s.list(`${p}a/B/`)), [`${p}a/B/1`], 'prefixes are case-sensitive');
      const none = await s.list(`${p}zzz/`);
      assert.deepEqual(none.items, []);
      assert.equal(none.more, false);
      assert.equal(none.remaining, 0);

      assert.equal(await s.count(`${p}a/b/`), 5);
      assert.equal(await s.count(`${p}a/bc/`), 1);
      assert.equal(await s.count(`${p}a/`), all.length);
      assert.equal(await s.count(`${p}zzz/`), 0);
      await s.delete(`${p}a/b/1`);
      assert.equal(await s.count(`${p}a/b/`), 4);
    });

    storageTest(open, 'limit and afterKey page through with more and remaining', async (s, p) => {
      const keys = Array.from({ length: 10 }, (_, i) => `${p}k${String(i).padStart(2, '0')}`);
      for (const k of keys) await s.create(k, buf(k));

      const ps = await pages(s, p, 3);
      assert.deepEqual(ps.map(keysOf), [keys.slice(0, 3), keys.slice(3, 6), keys.slice(6, 9), keys.slice(9)]);
      assert.deepEqual(ps.map((x) => [x.more, x.remaining]), [[true, 7], [true, 4], [true, 1], [false, 0]]);

      const exact = await s.list(p, { limit: 10 });
      assert.deepEqual([keysOf(exact), exact.more, exact.remaining], [keys, false, 0]);
      const larger = await s.list(p, { limit: 50 });
      assert.deepEqual([keysOf(larger), larger.more, larger.remaining], [keys, false, 0]);
      const unlimited = await s.list(p, { limit: 0 });
      assert.deepEqual([keysOf(unlimited), unlimited.more, unlimited.remaining], [keys, false, 0]);

      const fromMiddle = await s.list(p, { afterKey: `${p}k04`, limit: 2 });
      assert.deepEqual([keysOf(fromMiddle), fromMiddle.more, fromMiddle.remaining], [[`${p}k05`, `${p}k06`], true, 3]);
      const betweenKeys = await s.list(p, { afterKey: `${p}k045` });
      assert.deepEqual(keysOf(betweenKeys), keys.slice(5), 'afterKey need not exist');
      const afterLast = await s.list(p, { afterKey: keys[9]! });
      assert.deepEqual([afterLast.items, afterLast.more, afterLast.remaining], [[], false, 0]);
      const oneLeft = await s.list(p, { afterKey: keys[8]!, limit: 1 });
      assert.deepEqual([keysOf(oneLeft), oneLeft.more, oneLeft.remaining], [[keys[9]], false, 0]);
    });

    storageTest(open, 'paging at the first page revision sees one snapshot despite writes', async (s, p) => {
      const keys = Array.from({ length: 9 }, (_, i) => `${p}k${i}`);
      const created = [];
      for (const k of keys) created.push(await s.create(k, buf(`${k}@1`)));
      const first = await s.list(p, { limit: 3 });
      assert.deepEqual(keysOf(first), keys.slice(0, 3));

      await s.delete(keys[4]!);
      await s.create(`${p}k45`, buf('new'));
      await s.update(keys[6]!, buf('changed'), created[6]!.modRevision);
      await s.delete(keys[1]!);

      const rest = await s.list(p, { revision: first.revision, afterKey: keys[2]! });
      assert.equal(rest.revision, first.revision);
      assert.deepEqual(rest.items.map(summary), created.slice(3).map(summary));
      const second = await s.list(p, { revision: first.revision, afterKey: keys[2]!, limit: 4 });
      assert.deepEqual([keysOf(second), second.more, second.remaining], [keys.slice(3, 7), true, 2]);
      assert.deepEqual(keysOf(await s.list(p)), [keys[0], keys[2], keys[3], `${p}k45`, keys[5], keys[6], keys[7], keys[8]]);
    });

    storageTest(open, 'a list at an older revision returns the state as of that revision', async (s, p) => {
      const a = await s.create(`${p}a`, buf('a1'));
      const b = await s.create(`${p}b`, buf('b1'));
      const c = await s.create(`${p}c`, buf('c1'));
      const at = c.modRevision;
      const a2 = await s.update(`${p}a`, buf('a2'), a.modRevision);
      await s.delete(`${p}b`);
      const d = await s.create(`${p}d`, buf('d1'));
      const c2 = await s.update(`${p}c`, buf('c2'), c.modRevision);

      const old = await s.list(p, { revision: at });
      assert.equal(old.revision, at);
      assert.deepEqual(old.items.map(summary), [a, b, c].map(summary), 'modified and deleted keys appear as they were');
      const older = await s.list(p, { revision: a.modRevision });
      assert.deepEqual(older.items.map(summary), [summary(a)]);

      const paged = await s.list(p, { revision: at, limit: 2 });
      assert.deepEqual([keysOf(paged), paged.more, paged.remaining], [[`${p}a`, `${p}b`], true, 1]);
      const next = await s.list(p, { revision: at, afterKey: `${p}b` });
      assert.deepEqual(next.items.map(summary), [summary(c)]);

      const now = await s.list(p);
      assert.deepEqual(now.items.map(summary), [a2, c2, d].map(summary));
      const atNow = await s.list(p, { revision: now.revision });
      assert.deepEqual(atNow.items.map(summary), now.items.map(summary));
      assert.equal(await s.count(p), 3);
    });
  });
}
