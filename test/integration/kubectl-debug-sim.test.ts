// kubectl debug on simulated nodes with the real kubectl 1.33 and 1.27: the node starts the
// ephemeral container added through pods/ephemeralcontainers (ephemeralContainerStatuses:
// waiting ContainerCreating, then running, then terminated), `kubectl debug` without -it
// returns, `debug -it` (ephemeral, --copy-to, node/) attaches through pods/attach and returns
// when the container ends, `kubectl logs -c` reads the debugger's own log, and exec and attach
// reach it. A simulated container reads no input (attach accepts stdin and discards it), so
// what a session shows is the container's simulated output from the moment of attaching: the
// pod's periodic log lines.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { ContainerStatus, Pod } from '../../src/api/types/core-v1.js';
import { PODS } from '../../src/client/index.js';
import { startTestCluster, waitFor, type TestCluster } from '../support/cluster.js';
import { KUBECTL_VERSIONS, kubectlSession } from '../support/kubectl-session.js';
import { runUnderTerminal } from '../support/terminal.js';
import { kubectlPath } from '../support/test-server.js';

const NS = 'debug-sim';
// Every container of these pods prints "<container> tick N" every 200 ms; ephemeral containers
// end after 2.5 s (the app containers of a restartPolicy Always pod are not affected).
const ANNOTATIONS = {
  'sim.k8ts.io/start-delay-ms': '1500',
  'sim.k8ts.io/log-every-ms': '200',
  'sim.k8ts.io/log-line': '{container} tick {n}',
  'sim.k8ts.io/run-time-ms': '2500',
};

describe('kubectl debug on simulated nodes', () => {
  let c: TestCluster;
  let execDir: string;
  const pods = () => c.client.resource(PODS, NS);
  const ephemeralStatus = async (pod: string, name: string): Promise<ContainerStatus | undefined> =>
    ((await pods().get(pod)) as Pod).status?.ephemeralContainerStatuses?.find((s) => s.name === name);

  before(async () => {
    execDir = mkdtempSync(join(tmpdir(), 'k8ts-debug-exec-'));
    c = await startTestCluster({ nodes: 1, kubeletEndpoint: true, simNodes: { execDir } });
    await c.namespace(NS);
    const k = kubectlSession(c.s, '1.33', NS);
    const target = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'target', annotations: ANNOTATIONS }, spec: { containers: [{ name: 'app', image: 'nginx' }] } };
    await k.ok(['create', '-f', '-'], { input: JSON.stringify(target) });
    // Its ephemeral containers run until the pod ends (no run time).
    const long = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'long', annotations: { 'sim.k8ts.io/log-every-ms': '200', 'sim.k8ts.io/log-line': '{container} tick {n}' } }, spec: { containers: [{ name: 'app', image: 'nginx' }] } };
    await k.ok(['create', '-f', '-'], { input: JSON.stringify(long) });
    await waitFor('target running', async () => ((await pods().get('target')) as Pod).status?.phase === 'Running');
  });
  after(async () => {
    await c?.close();
    if (execDir) rmSync(execDir, { recursive: true, force: true });
  });

  for (const v of KUBECTL_VERSIONS) {
    describe(`kubectl ${v}`, () => {
      const k = () => kubectlSession(c.s, v, NS);
      const tag = v.replace('.', '-');

      it('debug without -it returns; the node reports the container waiting, running (not ready), then terminated', async () => {
        const name = `dbg-${tag}`;
        const seen: string[] = [];
        let polling = true;
        const poll = (async () => {
          for (;;) {
            const s = await ephemeralStatus('target', name);
            const state = s?.state?.waiting ? `waiting:${s.state.waiting.reason}` : s?.state?.running ? 'running' : s?.state?.terminated ? `terminated:${s.state.terminated.reason}:${s.state.terminated.exitCode}` : undefined;
            if (state && seen[seen.length - 1] !== state) seen.push(state);
            if (!polling) return; // one last look after the test saw the end
            await new Promise((r) => setTimeout(r, 50));
          }
        })();
        try {
          const out = await k().ok(['debug', 'target', '--image=busybox', '-c', name, '--target=app']);
          assert.match(out, /^Targeting container "app"\. If you don't see processes from this container it may be because the container runtime doesn't support this feature\.\n$/);
          const running = await waitFor('debugger running', async () => {
            const s = await ephemeralStatus('target', name);
            return s?.state?.running ? s : undefined;
          });
          assert.equal(running.ready, false, 'the kubelet never reports an ephemeral container ready');
          assert.equal(running.started, undefined, 'nor started');
          assert.equal(running.restartCount, 0);
          assert.equal(running.image, 'docker.io/library/busybox:latest');
          assert.match(running.imageID ?? '', /^docker\.io\/library\/busybox@sha256:[0-9a-f]{64}$/);
          assert.match(running.containerID ?? '', /^containerd:\/\/[0-9a-f]{64}$/);
          assert.match(running.state!.running!.startedAt!, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
          const logs = await waitFor('debugger log lines', async () => {
            const r = await k().run(['logs', 'target', '-c', name]);
            return r.code === 0 && /tick 2\n/.test(r.stdout) ? r.stdout : undefined;
          });
          assert.match(logs, new RegExp(`^${name} tick 1\\n${name} tick 2\\n`), 'its own log');
          assert.doesNotMatch(logs, /app tick/);
          await waitFor('debugger terminated', async () => (await ephemeralStatus('target', name))?.state?.terminated);
        } finally {
          polling = false;
          await poll;
        }
        assert.deepEqual(seen, ['waiting:ContainerCreating', 'running', 'terminated:Completed:0']);
        const pod = (await pods().get('target')) as Pod;
        assert.equal(pod.status?.phase, 'Running', 'the pod runs on');
        assert.equal(pod.status?.containerStatuses?.[0]?.ready, true);
        const desc = await k().ok(['describe', 'pod', 'target']);
        const section = desc.slice(desc.indexOf('Ephemeral Containers:\n'));
        assert.match(section, new RegExp(`\\n  ${name}:\\n(    .*\\n)*?    State:          Terminated\\n      Reason:       Completed\\n      Exit Code:    0\\n`));
      });

      it('a running ephemeral container takes exec and attach like any container', async () => {
        const name = `dbg-long-${tag}`;
        await k().ok(['debug', 'long', '--image=busybox', '-c', name]);
        await waitFor('debugger running', async () => (await ephemeralStatus('long', name))?.state?.running);
        const out = await k().ok(['exec', 'long', '-c', name, '--', 'sh', '-c', 'echo "in $HOSTNAME"; pwd']);
        assert.equal(out, `in long\n${join(execDir, NS, 'long', name)}\n`);
        const a = spawn(kubectlPath(v), ['--kubeconfig', c.s.kubeconfig, '-n', NS, 'attach', 'long', '-c', name], { env: { ...process.env, HOME: tmpdir() } });
        let got = '';
        a.stdout.on('data', (d: Buffer) => (got += d.toString()));
        try {
          await waitFor('attached output', () => (got.match(new RegExp(`${name} tick \\d+\\n`, 'g')) ?? []).length >= 2, 15_000);
          assert.doesNotMatch(got, /app tick/);
        } finally {
          const exited = a.exitCode === null ? once(a, 'exit') : undefined;
          a.kill();
          await exited;
        }
      });

      it('debug -it attaches: the prompt hint, the container output, and back when it ends', async () => {
        const name = `dbg-it-${tag}`;
        const r = await runUnderTerminal(kubectlPath(v), ['--kubeconfig', c.s.kubeconfig, '-n', NS, 'debug', '-it', 'target', '--image=busybox', '-c', name, '--profile=general']);
        assert.equal(r.code, 0, r.out);
        assert.match(r.out, /If you don't see a command prompt, try pressing enter\./);
        assert.match(r.out, new RegExp(`${name} tick \\d+\\r\\n`), 'output on the terminal, CR LF');
        assert.match(r.out, new RegExp(`Session ended, the ephemeral container will not be restarted but may be reattached using 'kubectl attach target -c ${name} -i -t' if it is still running`));
        assert.doesNotMatch(r.out, /app tick/);
        assert.equal((await ephemeralStatus('target', name))?.state?.terminated?.exitCode, 0);
      });

      it('debug -it --copy-to: attaches to the debug container of the copy until the copy is deleted', async () => {
        const copy = `copy-${tag}`;
        const session = runUnderTerminal(kubectlPath(v), ['--kubeconfig', c.s.kubeconfig, '-n', NS, 'debug', '-it', 'target', `--copy-to=${copy}`, '--image=busybox', '-c', 'dbg']);
        const copied = await waitFor('copy running', async () => {
          const p = (await pods().get(copy)) as Pod;
          return p.status?.containerStatuses?.find((s) => s.name === 'dbg')?.state?.running ? p : undefined;
        }, 30_000);
        assert.deepEqual(copied.spec?.containers?.map((x) => x.name), ['app', 'dbg']);
        assert.equal(copied.spec?.ephemeralContainers, undefined);
        // Some output reaches the session before the copy goes away (the session has no end of its own).
        await new Promise((r) => setTimeout(r, 1500));
        await k().ok(['delete', 'pod', copy, '--wait=false']);
        const r = await session;
        assert.equal(r.code, 0, r.out);
        assert.match(r.out, /If you don't see a command prompt, try pressing enter\./);
        assert.match(r.out, /dbg tick \d+\r\n/);
        assert.match(r.out, new RegExp(`Session ended, resume using 'kubectl attach ${copy} -c dbg -i -t' command when the pod is running`));
      });

      it('debug -it node/NAME: attaches to the node debugger pod until it is deleted', async () => {
        const node = c.sim.nodes[0]!.name;
        const before = new Set(((await pods().list()).items as Pod[]).map((p) => p.metadata?.name));
        const session = runUnderTerminal(kubectlPath(v), ['--kubeconfig', c.s.kubeconfig, '-n', NS, 'debug', '-it', `node/${node}`, '--image=busybox']);
        const debugPod = await waitFor('node debugger running', async () => {
          const p = ((await pods().list()).items as Pod[]).find((x) => !before.has(x.metadata?.name) && x.metadata?.name?.startsWith(`node-debugger-${node}-`));
          return p?.status?.containerStatuses?.[0]?.state?.running ? p : undefined;
        }, 30_000);
        assert.equal(debugPod.spec?.nodeName, node);
        await new Promise((r) => setTimeout(r, 500));
        await k().ok(['delete', 'pod', debugPod.metadata!.name!, '--wait=false']);
        const r = await session;
        assert.equal(r.code, 0, r.out);
        assert.match(r.out, new RegExp(`Creating debugging pod ${debugPod.metadata!.name} with container debugger on node ${node}\\.`));
        assert.match(r.out, /If you don't see a command prompt, try pressing enter\./);
        assert.doesNotMatch(r.out, /Session ended/, 'kubectl prints no resume hint for a node debugger pod');
      });
    });
  }
});
