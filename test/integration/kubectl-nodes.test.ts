// Nodes as kubectl shows them on a cluster of simulated nodes with the scheduler: `get nodes`
// and `-o wide` columns, and `describe node` with its non-terminated pods and allocated
// resources (requests and limits against allocatable, as upstream computes the percentages).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Pod } from '../../src/api/types/core-v1.js';
import { PODS } from '../../src/client/index.js';
import { startTestCluster, waitFor, type TestCluster } from '../support/cluster.js';

let c: TestCluster;
const NS = 'nodes-view';

function pod(name: string, node: string, requests: Record<string, string>, limits?: Record<string, string>): Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: NS },
    spec: {
      affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchFields: [{ key: 'metadata.name', operator: 'In', values: [node] }] }] } } },
      containers: [{ name: 'c', image: 'registry.k8s.io/pause:3.10', resources: { requests, ...(limits ? { limits } : {}) } }],
    },
  };
}

before(async () => {
  c = await startTestCluster({ nodes: 2, startDelayMs: 100 });
  await c.namespace(NS);
  const pods = c.client.resource(PODS, NS);
  // Simulated nodes: 16 cpu, 64Gi memory each.
  await pods.create(pod('small', 'sim-node-0', { cpu: '2', memory: '4Gi' }, { cpu: '4', memory: '8Gi' }));
  await pods.create(pod('big', 'sim-node-0', { cpu: '6', memory: '12Gi' }));
  for (const name of ['small', 'big']) await waitFor(`${name} running`, async () => (await pods.get(name)).status?.phase === 'Running');
});

after(async () => {
  await c?.close();
});

for (const version of ['1.33', '1.27']) {
  describe(`kubectl ${version}`, () => {
    it('get nodes and get nodes -o wide print upstream columns', async () => {
      const r = await c.s.kubectl(['get', 'nodes'], { version });
      assert.equal(r.code, 0, r.stderr);
      const lines = r.stdout.trim().split('\n');
      assert.match(lines[0]!, /^NAME\s+STATUS\s+ROLES\s+AGE\s+VERSION$/);
      assert.match(lines[1]!, /^sim-node-0\s+Ready\s+<none>\s+\d+s\s+v1\.33\.0$/);
      assert.equal(lines.length, 3);
      const wide = await c.s.kubectl(['get', 'nodes', '-o', 'wide'], { version });
      assert.equal(wide.code, 0, wide.stderr);
      const w = wide.stdout.trim().split('\n');
      assert.match(w[0]!, /^NAME\s+STATUS\s+ROLES\s+AGE\s+VERSION\s+INTERNAL-IP\s+EXTERNAL-IP\s+OS-IMAGE\s+KERNEL-VERSION\s+CONTAINER-RUNTIME$/);
      assert.match(w[1]!, /^sim-node-0\s+Ready\s+<none>\s+\d+s\s+v1\.33\.0\s+\d+\.\d+\.\d+\.\d+\s+<none>\s+k8ts simulated node\s+6\.1\.0-sim\s+sim:\/\/0\.1\.0$/);
    });

    it('describe node shows its pods and the allocated resources', async () => {
      const r = await c.s.kubectl(['describe', 'node', 'sim-node-0'], { version });
      assert.equal(r.code, 0, r.stderr);
      const out = r.stdout;
      assert.match(out, /^Name:\s+sim-node-0$/m);
      assert.match(out, /^Capacity:\n\s+cpu:\s+16\n/m);
      assert.match(out, /^Non-terminated Pods:\s+\(2 in total\)$/m);
      assert.match(out, new RegExp(`^\\s+${NS}\\s+big\\s+6 \\(37%\\)\\s+0 \\(0%\\)\\s+12Gi \\(18%\\)\\s+0 \\(0%\\)\\s+\\d+s$`, 'm'));
      assert.match(out, new RegExp(`^\\s+${NS}\\s+small\\s+2 \\(12%\\)\\s+4 \\(25%\\)\\s+4Gi \\(6%\\)\\s+8Gi \\(12%\\)\\s+\\d+s$`, 'm'));
      assert.match(out, /^Allocated resources:\n\s+\(Total limits may be over 100 percent, i\.e\., overcommitted\.\)\n\s+Resource\s+Requests\s+Limits\n\s+-+\s+-+\s+-+\n\s+cpu\s+8 \(50%\)\s+4 \(25%\)\n\s+memory\s+16Gi \(25%\)\s+8Gi \(12%\)\n\s+ephemeral-storage\s+0 \(0%\)\s+0 \(0%\)$/m);
      const other = await c.s.kubectl(['describe', 'node', 'sim-node-1'], { version });
      assert.match(other.stdout, /^Non-terminated Pods:\s+\(0 in total\)$/m);
      assert.match(other.stdout, /\s+cpu\s+0 \(0%\)\s+0 \(0%\)\n/);
    });
  });
}
