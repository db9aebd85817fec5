// The CronJob controller alone against a real API server, on a FakeClock the test steps: each
// minute's start time fires when the test says so, not when the wall clock gets there.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { CronJob } from '../../src/api/types/batch-v1.js';
import { CRONJOBS, FakeClock, JOBS, NAMESPACES, clientFromKubeconfig, type Client } from '../../src/client/index.js';
import { ControllerManager, newControllerRegistry } from '../../src/controllers/index.js';
import { waitFor } from '../support/cluster.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

let s: TestServer;
let client: Client;
let cmClient: Client;
let stop: AbortController;
let manager: Promise<void>;
const clock = new FakeClock(Date.now());

before(async () => {
  s = await startTestServer();
  client = clientFromKubeconfig(s.kubeconfig);
  cmClient = clientFromKubeconfig(s.kubeconfig);
  stop = new AbortController();
  manager = new ControllerManager({ client: cmClient, registry: newControllerRegistry(), controllers: ['cronjob-controller'], leaderElection: false, clock }).run(stop.signal);
  await client.resource(NAMESPACES).create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'fake' } });
});

after(async () => {
  stop?.abort();
  await manager;
  client?.close();
  cmClient?.close();
  await s?.close();
});

const cronJob = (name: string, schedule: string): CronJob => ({
  apiVersion: 'batch/v1',
  kind: 'CronJob',
  metadata: { name, namespace: 'fake' },
  spec: { schedule, concurrencyPolicy: 'Allow', jobTemplate: { spec: { template: { spec: { restartPolicy: 'Never', containers: [{ name: 'c', image: 'busybox' }] } } } } },
});

const jobNames = async (): Promise<string[]> => (await client.resource(JOBS, 'fake').list()).items.map((j) => j.metadata!.name!).sort();

describe('CronJob controller on a FakeClock', () => {
  it('starts one job per minute the clock is stepped through, none in between', async () => {
    const created = await client.resource(CRONJOBS, 'fake').create(cronJob('every', '* * * * *'));
    // The first start time after both its creation and the fake now.
    const start = Math.floor(Math.max(Date.parse(created.metadata!.creationTimestamp!), clock.now()) / 60_000) * 60_000 + 60_000;
    // The controller has seen it and waits for that minute on the fake clock.
    await waitFor('the requeue timer', () => clock.pending() > 0);
    assert.deepEqual(await jobNames(), []);
    clock.step(start + 500 - clock.now());
    const first = `every-${start / 60_000}`;
    await waitFor('the first job', async () => (await jobNames()).includes(first));
    clock.step(30_000);
    await new Promise((r) => setTimeout(r, 300));
    assert.deepEqual(await jobNames(), [first], 'nothing between two start times');
    clock.step(30_000);
    await waitFor('the second job', async () => (await jobNames()).length === 2);
    assert.deepEqual(await jobNames(), [first, `every-${start / 60_000 + 1}`]);
    const cj = await client.resource(CRONJOBS, 'fake').get('every');
    assert.equal(Date.parse(cj.status!.lastScheduleTime!), start + 60_000);
    assert.equal(cj.status?.active?.length, 2, 'no job controller here: both stay active (Allow)');
  });
});
