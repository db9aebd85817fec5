// scanRange (the backend's scan, or the fallback over list()) visits what list() returns: the same
// keys in order with the same bytes and revisions, stops where the visitor says with list()'s
// more/remaining, continues after a key, reads an older revision, and refuses a compacted one.
import assert from 'node:assert/strict';
import { describe } from 'node:test';
import type { KeyValue, ScanItem, ScanOptions, Storage } from '../../interface.js';
import { scanRange } from '../../scan.js';
import { buf, rejectsWith, storageTest, type OpenStorage } from './helpers.js';

const bytesOf = (v: Buffer | string): Buffer => (typeof v === 'string' ? Buffer.from(v, 'utf8') : v);
const summary = (kv: KeyValue | ScanItem) => ({ key: kv.key, value: bytesOf(kv.value).toString('hex'), createRevision: kv.createRevision, modRevision: kv.modRevision });

/** Scan prefix, stopping after `stopAfter` keys (never when undefined). */
async function scanned(s: Storage, prefix: string, opts: ScanOptions = {}, stopAfter?: number) {
  const items: ScanItem[] = [];
  const end = await scanRange(s, prefix, opts, (kv) => {
    items.push(kv);
    return items.length === stopAfter;
  });
  return { items: items.map(summary), ...end };
}

export function scanTests(open: OpenStorage): void {
  describe('scan', () => {
    storageTest(open, 'visits what list returns, values exact whatever their bytes', async (s, p) => {
      const values: Record<string, Buffer> = {
        a: buf('{"kind":"Pod","metadata":{"name":"a","labels":{"x":"é✓😀"}}}'),
        b: Buffer.from([0xff, 0xfe, 0x00, 0x41]),
        c: Buffer.from([0x7b, 0xf0, 0x9f, 0x98, 0x7d]),
        d: buf('\uFFFD stored as such'),
        e: buf('\uFEFFbyte-order mark first'),
        f: Buffer.alloc(0),
        g: Buffer.from([0xed, 0xa0, 0x80]),
        h: buf('nul \u0000 inside valid UTF-8'),
      };
      for (const [k, v] of Object.entries(values)) await s.create(`${p}x/${k}`, v);
      await s.create(`${p}y`, buf('outside'));
      const listed = await s.list(`${p}x/`);
      const r = await scanned(s, `${p}x/`);
      assert.deepEqual(r.items, listed.items.map(summary));
      assert.deepEqual([r.revision, r.more, r.remaining], [listed.revision, false, 0]);
      assert.equal(r.items.length, Object.keys(values).length);
    });

    storageTest(open, 'stops where the visitor says, with the more and remaining list gives', async (s, p) => {
      const keys = Array.from({ length: 12 }, (_, i) => `${p}k${String(i).padStart(2, '0')}`);
      for (const k of keys) await s.create(k, buf(k));
      for (const chunk of [0, 1, 5, 100]) {
        for (const stop of [1, 5, 11, 12]) {
          const r = await scanned(s, p, { chunk }, stop);
          const l = await s.list(p, { limit: stop });
          assert.deepEqual(r.items, l.items.map(summary), `chunk ${chunk}, stop ${stop}`);
          assert.deepEqual([r.more, r.remaining], [l.more, l.remaining], `chunk ${chunk}, stop ${stop}`);
        }
      }
      const after = await scanned(s, p, { afterKey: keys[3]!, chunk: 2 }, 4);
      const listedAfter = await s.list(p, { afterKey: keys[3]!, limit: 4 });
      assert.deepEqual([after.items, after.more, after.remaining], [listedAfter.items.map(summary), true, 4]);
      const rest = await scanned(s, p, { afterKey: keys[7]!, revision: after.revision });
      assert.deepEqual(rest.items.map((i) => i.key), keys.slice(8));
    });

    storageTest(open, 'reads an older revision, and refuses a compacted one', async (s, p) => {
      const a = await s.create(`${p}a`, buf('a1'));
      await s.create(`${p}b`, buf('b1'));
      const before = await s.list(p);
      await s.update(`${p}a`, buf('a2'), a.modRevision);
      await s.delete(`${p}b`);
      await s.create(`${p}c`, buf('c1'));
      const old = await scanned(s, p, { revision: before.revision });
      assert.deepEqual(old.items, before.items.map(summary));
      assert.equal(old.revision, before.revision);
      const now = await scanned(s, p);
      assert.deepEqual(now.items, (await s.list(p)).items.map(summary));
      const latest = await s.currentRevision();
      await s.compact(latest);
      await rejectsWith(scanRange(s, p, { revision: before.revision }, () => false), 'Compacted');
    });
  });
}
