// The real kubectl (1.33 and 1.27) creates, reads, labels, watches and deletes an object of
// every built-in kind.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { stringify } from 'yaml';
import { EVERY_KIND } from '../fixtures/every-kind.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

let s: TestServer;
before(async () => {
  s = await startTestServer();
});
after(async () => {
  await s?.close();
});

const kindOf = (f: (typeof EVERY_KIND)[number]) => String(f.manifest.kind);
const nameOf = (f: (typeof EVERY_KIND)[number]) => String((f.manifest.metadata as { name: string }).name);

for (const version of ['1.33', '1.27']) {
  describe(`kubectl ${version} on every kind`, () => {
    const ns = `every-${version.replace('.', '-')}`;
    before(async () => {
      const r = await s.kubectl(['create', '-f', '-'], { version, input: JSON.stringify({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } }) });
      assert.equal(r.code, 0, r.stderr);
    });

    for (const f of EVERY_KIND) {
      it(`${f.resource}: create -f, get, -o yaml/json, label, delete`, async () => {
        const k = (args: string[]) => s.kubectl(f.namespaced ? ['-n', ns, ...args] : args, { version });
        const name = f.namespaced ? nameOf(f) : `${nameOf(f)}`;
        const manifest = structuredClone(f.manifest) as Record<string, any>;
        if (!f.namespaced && version === '1.27') {
          // Cluster-scoped objects are shared by both runs; give the 1.27 run its own names.
          manifest.metadata.name = kindOf(f) === 'CustomResourceDefinition' ? 'gadgets.example.com' : `${name}-127`;
          if (kindOf(f) === 'CustomResourceDefinition') {
            manifest.spec.names = { plural: 'gadgets', singular: 'gadget', kind: 'Gadget' };
          }
        }
        // An event's involved object lives in the event's namespace.
        if (manifest.involvedObject) manifest.involvedObject.namespace = ns;
        if (manifest.regarding) manifest.regarding.namespace = ns;
        const objName = manifest.metadata.name as string;
        const file = join(s.dir, `${f.resource}-${version}.yaml`);
        writeFileSync(file, stringify(manifest));

        const created = await k(['create', '-f', file]);
        assert.equal(created.code, 0, created.stderr);
        const group = f.resource.includes('.') ? f.resource.slice(f.resource.indexOf('.') + 1) : '';
        const singular = kindOf(f).toLowerCase();
        assert.equal(created.stdout.trim(), `${singular}${group ? `.${group}` : ''}/${objName} created`);

        const got = await k(['get', f.resource, objName]);
        assert.equal(got.code, 0, got.stderr);
        if (kindOf(f) === 'Event') {
          // Events print upstream's LAST SEEN TYPE REASON OBJECT MESSAGE (the name only with -o wide).
          assert.match(got.stdout, /^LAST SEEN\s+TYPE\s+REASON\s+OBJECT\s+MESSAGE$/m);
          assert.match(got.stdout, /\sTest\s+pod\/k-pod\b/);
        } else {
          assert.match(got.stdout, new RegExp(`^NAME\\s`, 'm'));
          assert.match(got.stdout, new RegExp(`^${objName.replace(/\./g, '\\.')}\\s`, 'm'));
        }

        const yaml = await k(['get', f.resource, objName, '-o', 'yaml']);
        assert.equal(yaml.code, 0, yaml.stderr);
        assert.match(yaml.stdout, new RegExp(`^kind: ${kindOf(f)}$`, 'm'));
        assert.match(yaml.stdout, /^  uid: [0-9a-f-]{36}$/m);

        const json = await k(['get', f.resource, objName, '-o', 'json']);
        assert.equal(json.code, 0, json.stderr);
        const obj = JSON.parse(json.stdout);
        assert.equal(obj.metadata.name, objName);
        assert.equal(obj.apiVersion, manifest.apiVersion);

        const labeled = await k(['label', f.resource, objName, 'tier=test']);
        assert.equal(labeled.code, 0, labeled.stderr);
        assert.match(labeled.stdout, / labeled$/m);
        const sel = await k(['get', f.resource, '-l', 'tier=test', '-o', 'name']);
        assert.equal(sel.code, 0, sel.stderr);
        assert.ok(sel.stdout.includes(`/${objName}`), sel.stdout);

        const deleted = await k(['delete', f.resource, objName, '--wait=true', '--timeout=20s', ...(kindOf(f) === 'Namespace' ? ['--wait=false'] : [])]);
        assert.equal(deleted.code, 0, deleted.stderr);
        assert.match(deleted.stdout, / deleted/);
      });
    }
  });
}
