// generateName: a generated name that is already taken is replaced by another, up to upstream's
// eight attempts, on a real (in-memory) SQLite store.
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { StatusError } from '../../api/errors.js';
import { builtinStrategies } from '../../api/kinds/index.js';
import { openSqliteStorage } from '../../storage/sqlite/sqlite-storage.js';
import { MAX_NAME_GENERATION_ATTEMPTS, ResourceStore } from './store.js';

const storage = openSqliteStorage({ path: ':memory:' });
after(() => storage.close());
const configMaps = builtinStrategies().find((s) => s.info.group === '' && s.info.resource === 'configmaps')!;

/** A random source that plays back the given values, then repeats the last. */
const playback = (values: number[]) => {
  let i = 0;
  return () => values[Math.min(i++, values.length - 1)]!;
};
const withRandom = (random: () => number) => new ResourceStore(configMaps, { storage, clock: { now: () => Date.now() }, random });
const generated = () => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { generateName: 'gen-' } });

describe('generateName', () => {
  it('picks another suffix when the generated name is taken', async () => {
    const first = await withRandom(playback([0])).create('default', generated());
    assert.equal((first.metadata as { name: string }).name, 'gen-bbbbb');
    // The same first suffix again, then a different one.
    const second = await withRandom(playback([0, 0, 0, 0, 0, 0.5])).create('default', generated());
    const name = (second.metadata as { name: string }).name;
    assert.match(name, /^gen-[a-z0-9]{5}$/);
    assert.notEqual(name, 'gen-bbbbb');
  });

  it(`answers 409 AlreadyExists after ${MAX_NAME_GENERATION_ATTEMPTS} taken names`, async () => {
    const err = await withRandom(playback([0])).create('default', generated()).then(() => undefined, (e: unknown) => e);
    assert.ok(err instanceof StatusError);
    assert.equal(err.code, 409);
    assert.equal(err.reason, 'AlreadyExists');
  });

  it('never renames an object created with an explicit name', async () => {
    await withRandom(playback([0.3])).create('default', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'fixed' } });
    const err = await withRandom(playback([0.3])).create('default', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'fixed', generateName: 'gen-' } }).then(() => undefined, (e: unknown) => e);
    assert.ok(err instanceof StatusError);
    assert.equal(err.reason, 'AlreadyExists');
  });
});
