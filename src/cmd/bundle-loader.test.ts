// The bundle loader: a run without a usable cache writes one at exit, the next run compiles from
// it, and a changed bundle or other Node options never use a cache made for something else.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, it } from 'node:test';
import { cacheHeader, cachePathFor, loadBundle, readCache, writeCache } from './bundle-loader.js';

let dir: string;
let bundle: string;
const loader = new URL('./bundle-loader.js', import.meta.url).href;

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'k8ts loader-')); // a space, as in a user's path
  bundle = join(dir, 'k8ts.cjs');
  // A CommonJS bundle in the shape esbuild writes, with a function big enough to be worth caching.
  writeFileSync(
    bundle,
    `"use strict";
const path = require('node:path');
function busy(n) { let s = 0; for (let i = 0; i < n; i++) s += Math.sqrt(i) * 2; return s; }
module.exports.main = async (argv) => { console.log(JSON.stringify({ argv, base: path.basename(__filename), sum: busy(10) > 0 })); };
`,
  );
});
after(() => rmSync(dir, { recursive: true, force: true }));

/** Runs the bundle in a fresh Node process through the loader; returns what it printed and whether the cache was used. */
function runBundle(nodeArgs: string[] = []): { printed: unknown; cacheUsed: boolean } {
  const code = `const { loadBundle } = await import(${JSON.stringify(loader)}); const b = loadBundle(${JSON.stringify(bundle)}); console.log(String(b.cacheUsed)); await b.exports.main(['x', 'y']);`;
  const script = join(dir, 'run.mjs');
  writeFileSync(script, code);
  const [used, printed] = execFileSync(process.execPath, [...nodeArgs, script], { encoding: 'utf8' }).trim().split('\n');
  return { printed: JSON.parse(printed!), cacheUsed: used === 'true' };
}

it('writes the cache on the first run and compiles from it on the next', () => {
  const first = runBundle();
  assert.deepEqual(first.printed, { argv: ['x', 'y'], base: 'k8ts.cjs', sum: true });
  assert.equal(first.cacheUsed, false);
  assert.equal(readdirSync(dir).filter((f) => f.endsWith('.cache')).length, 1);
  const second = runBundle();
  assert.equal(second.cacheUsed, true);
  assert.deepEqual(second.printed, first.printed);
});

it('keeps a cache per set of Node options', () => {
  runBundle();
  assert.equal(runBundle(['--max-old-space-size=300']).cacheUsed, false);
  assert.equal(runBundle(['--max-old-space-size=300']).cacheUsed, true);
  assert.equal(runBundle().cacheUsed, true, "the default options' cache was left alone");
  assert.notEqual(cachePathFor(bundle, 'v20.0.0', []), cachePathFor(bundle, 'v20.0.1', []));
});

it('ignores a cache made from another version of the bundle', () => {
  runBundle();
  const later = new Date(Date.now() + 5000);
  utimesSync(bundle, later, later);
  assert.equal(runBundle().cacheUsed, false);
  assert.equal(runBundle().cacheUsed, true);
});

it('writes the cache only when asked, with saveAtExit off (a worker thread)', () => {
  const other = join(dir, 'service.cjs');
  writeFileSync(other, 'module.exports.twice = (n) => n * 2;\n');
  const first = loadBundle(other, { saveAtExit: false });
  assert.equal((first.exports.twice as (n: number) => number)(21), 42);
  assert.equal(first.cacheUsed, false);
  assert.equal(readCache(cachePathFor(other), cacheHeader(other)), undefined);
  first.saveCache();
  assert.equal(loadBundle(other, { saveAtExit: false }).cacheUsed, true);
});

it('reads back only a cache written for the same header', () => {
  const path = join(dir, 'x.cache');
  const header = cacheHeader(bundle);
  writeCache(path, header, Buffer.from('data'));
  assert.equal(readCache(path, header)?.toString(), 'data');
  assert.equal(readCache(path, header.replace(/ \d+ /, ' 1 ')), undefined);
  assert.equal(readCache(join(dir, 'missing.cache'), header), undefined);
  writeCache(join(dir, 'no-such-dir', 'x.cache'), header, Buffer.from('data')); // a read-only place: no throw
});
