// The shared storage conformance suite. Every backend runs it against a real instance:
//
//   runStorageConformance('sqlite', async () => { const s = ...; return { storage: s, cleanup: () => s.close() }; });
//
// Each test opens its own storage and writes only under its own key prefix, so tests do not
// depend on their order or on each other. A backend may hand out storages that share one store
// (e.g. one etcd); the tests only assume that nothing else writes while one of them runs.
import { describe } from 'node:test';
import { compactionTests } from './conformance/compaction.js';
import { concurrencyTests } from './conformance/concurrency.js';
import type { OpenStorage } from './conformance/helpers.js';
import { kvTests } from './conformance/kv.js';
import { listTests } from './conformance/list.js';
import { scanTests } from './conformance/scan.js';
import { watchTests } from './conformance/watch.js';

export type { OpenStorage } from './conformance/helpers.js';

export function runStorageConformance(name: string, open: OpenStorage): void {
  describe(`storage conformance: ${name}`, () => {
    kvTests(open);
    listTests(open);
    scanTests(open);
    watchTests(open);
    compactionTests(open);
    concurrencyTests(open);
  });
}
