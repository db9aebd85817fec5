// Runs the k8ts command from its one-file CommonJS bundle (dist/bundle/k8ts.cjs) through V8's
// code cache. Node 20 keeps no compiled code between runs for ES modules, so every start would
// parse the megabytes of JavaScript the API server needs before it answers; compiled with the
// cached data of an earlier run, the bundle costs a fraction of that. V8 accepts cached data
// only from the same V8 version and flags, so each Node version and set of Node options has a
// cache file of its own next to the bundle (`k8ts.cjs.<key>.cache`): a header naming the bundle
// it was made from (size and mtime), then V8's data. A run writes it at exit when it was missing,
// stale or rejected, so it holds the functions that run compiled; a directory that cannot be
// written to only means no cache. `npm run build` runs one server start to write it.
import { isAscii } from 'node:buffer';
import { createHash } from 'node:crypto';
import { readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname } from 'node:path';
import vm from 'node:vm';

export interface LoadedBundle {
  /** What the bundle's module.exports holds. */
  readonly exports: Record<string, unknown>;
  /** Whether V8 used the cache file (false: compiled from source). */
  readonly cacheUsed: boolean;
  /** Writes the cache file now from what has been compiled so far (e.g. a worker thread, which has no exit of its own to wait for). */
  saveCache(): void;
}

export interface LoadBundleOptions {
  /** Write the cache when the process exits, if it was not used (default true). */
  readonly saveAtExit?: boolean;
}

const MAGIC = 'k8ts-code-cache-v1';

/** The header identifying the bundle file a cache belongs to: its size and modification time. */
export function cacheHeader(bundlePath: string): string {
  const st = statSync(bundlePath);
  return `${MAGIC} ${st.size} ${st.mtimeMs}\n`;
}

/** The cached data in a cache file, if the file was made from this bundle as it is now. */
export function readCache(cachePath: string, header: string): Buffer | undefined {
  let file: Buffer;
  try {
    file = readFileSync(cachePath);
  } catch {
    return undefined;
  }
  const head = Buffer.from(header);
  if (file.length <= head.length || !file.subarray(0, head.length).equals(head)) return undefined;
  return file.subarray(head.length);
}

/** Writes the cache file whole or not at all (concurrent starts may both write it). */
export function writeCache(cachePath: string, header: string, data: Buffer): void {
  const tmp = `${cachePath}.${process.pid}.tmp`;
  try {
    writeFileSync(tmp, Buffer.concat([Buffer.from(header), data]));
    renameSync(tmp, cachePath);
  } catch {
    // A read-only install: the next start compiles from source again.
  }
}

/** The cache file for this Node version and these Node options (they decide whether V8 accepts the data). */
export function cachePathFor(bundlePath: string, nodeVersion = process.version, nodeOptions = [...process.execArgv, process.env.NODE_OPTIONS ?? '']): string {
  const key = createHash('sha256').update(JSON.stringify([nodeVersion, nodeOptions])).digest('hex').slice(0, 12);
  return `${bundlePath}.${key}.cache`;
}

export function loadBundle(bundlePath: string, opts: LoadBundleOptions = {}): LoadedBundle {
  const cachePath = cachePathFor(bundlePath);
  const header = cacheHeader(bundlePath);
  const cachedData = readCache(cachePath, header);
  const bytes = readFileSync(bundlePath);
  // The build makes the bundle all ASCII, which reads as latin1 far faster than UTF-8 decodes.
  const source = bytes.toString(isAscii(bytes) ? 'latin1' : 'utf8');
  const script = new vm.Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, { filename: bundlePath, cachedData });
  const cacheUsed = cachedData !== undefined && !script.cachedDataRejected;
  const saveCache = () => writeCache(cachePath, header, script.createCachedData());
  if (!cacheUsed && opts.saveAtExit !== false) process.once('exit', saveCache);
  const module = { exports: {} as Record<string, unknown> };
  const run = script.runInThisContext() as (...args: unknown[]) => void;
  run(module.exports, createRequire(bundlePath), module, bundlePath, dirname(bundlePath));
  return { exports: module.exports, cacheUsed, saveCache };
}

/** Loads the k8ts command's bundle and runs its main() with the command line's arguments. */
export async function runCommandBundle(bundlePath: string, argv: string[]): Promise<void> {
  const { main } = loadBundle(bundlePath).exports;
  if (typeof main !== 'function') throw new Error(`${basename(bundlePath)} exports no main()`);
  await (main as (argv: string[]) => Promise<void>)(argv);
}
