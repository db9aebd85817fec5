// Event correlation against a real API server: the recorder's aggregate Event (the 10th and later
// distinct messages about one object) is one stored Event whose count grows, and `kubectl
// describe` (1.33, 1.27) shows it as upstream does: "(x4 over 2m)" and the combined message. The
// spam filter drops events past the burst.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Pod } from '../../src/api/types/core-v1.js';
import { EVENTS, EventRecorder, FakeClock, PODS, clientFromKubeconfig, type Client } from '../../src/client/index.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

let s: TestServer;
let client: Client;

before(async () => {
  s = await startTestServer();
  client = clientFromKubeconfig(s.kubeconfig);
});

after(async () => {
  client?.close();
  await s?.close();
});

const pod = (name: string): Pod => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: 'default' }, spec: { containers: [{ name: 'c', image: 'nginx' }] } });

describe('event aggregation', () => {
  it('folds similar events into one counted Event that kubectl describe shows as (x4 over 2m)', async () => {
    const p = await client.resource(PODS, 'default').create(pod('noisy'));
    // The recorder's clock starts two minutes ago, so kubectl's ages are real ones.
    const clock = new FakeClock(Date.now() - 125_000);
    const rec = new EventRecorder({ client, component: 'kubelet', host: 'node-1', clock });
    for (let i = 1; i <= 13; i++) {
      rec.event(p, 'Warning', 'FailedMount', `MountVolume.SetUp failed for volume "v${i}"`);
      if (i >= 10) clock.step(40_000);
    }
    await rec.close();
    const evs = (await client.resource(EVENTS, 'default').list({ fieldSelector: 'involvedObject.name=noisy' })).items;
    assert.equal(evs.length, 10, '9 single events and one aggregate');
    const agg = evs.find((e) => e.message?.startsWith('(combined from similar events): '));
    assert.ok(agg);
    assert.equal(agg.count, 4);
    assert.equal(agg.message, '(combined from similar events): MountVolume.SetUp failed for volume "v13"');
    assert.equal(Date.parse(agg.lastTimestamp!) - Date.parse(agg.firstTimestamp!), 120_000);
    for (const version of ['1.33', '1.27']) {
      const r = await s.kubectl(['describe', 'pod', 'noisy'], { version });
      assert.equal(r.code, 0, r.stderr);
      const line = r.stdout.split('\n').find((l) => l.includes('(combined from similar events)'));
      assert.ok(line, r.stdout);
      assert.match(line, /^\s+Warning\s+FailedMount\s+\d+s \(x4 over 2m\d*s?\)\s+kubelet\s+\(combined from similar events\): MountVolume\.SetUp failed for volume "v13"$/, `${version}: ${line}`);
    }
  });

  it('drops events past the spam filter burst of 25 per object', async () => {
    const p = await client.resource(PODS, 'default').create(pod('spammy'));
    const clock = new FakeClock(Date.now());
    const rec = new EventRecorder({ client, component: 'kubelet', host: 'node-1', clock });
    for (let i = 0; i < 30; i++) rec.event(p, 'Normal', 'Pulled', 'Container image "nginx" already present on machine');
    await rec.close();
    const evs = (await client.resource(EVENTS, 'default').list({ fieldSelector: 'involvedObject.name=spammy' })).items;
    assert.equal(evs.length, 1);
    assert.equal(evs[0]!.count, 25);
  });
});
