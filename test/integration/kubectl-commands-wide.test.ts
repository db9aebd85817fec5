// kubectl 1.27 prints the same `get -o wide` table as kubectl 1.33 for every built-in kind (the
// columns come from the server's Table; kubectl-tables.test.ts checks the 1.33 headers against
// upstream's). Ages may differ by the second between the two runs, so age cells are normalised.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { EVERY_KIND } from '../fixtures/every-kind.js';
import { createNamespace, kubectlSession } from '../support/kubectl-session.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

let s: TestServer;
before(async () => {
  s = await startTestServer();
});
after(async () => {
  await s?.close();
});

const AGE = /^(\d+[smhdy])+$|^<invalid>$/;
const cells = (out: string) => out.trimEnd().split('\n').map((l) => l.trimEnd().split(/ {2,}/).map((c) => (AGE.test(c) ? '<age>' : c)));

describe('kubectl 1.27 and 1.33 get -o wide print the same table for every built-in kind', () => {
  const ns = 'wide-every';
  before(async () => {
    await createNamespace(s, ns);
  });

  for (const f of EVERY_KIND) {
    it(f.resource, async () => {
      const manifest = structuredClone(f.manifest) as Record<string, any>;
      if (manifest.involvedObject) manifest.involvedObject.namespace = ns;
      if (manifest.regarding) manifest.regarding.namespace = ns;
      const name = String(manifest.metadata.name);
      const k33 = kubectlSession(s, '1.33', f.namespaced ? ns : '');
      const k27 = kubectlSession(s, '1.27', f.namespaced ? ns : '');
      await k33.ok(['create', '-f', '-'], { input: JSON.stringify(manifest) });
      const [a, b] = await Promise.all([k33.ok(['get', f.resource, name, '-o', 'wide']), k27.ok(['get', f.resource, name, '-o', 'wide'])]);
      const ta = cells(a);
      assert.equal(ta.length, 2, a);
      assert.deepEqual(cells(b), ta, `1.27:\n${b}\n1.33:\n${a}`);
    });
  }
});
