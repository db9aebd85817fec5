// The full-scale benchmark's server-side SLO figures: the Prometheus text parser, histogram
// deltas, histogram_quantile semantics, SLO classes, and the whole chain against a real API
// server's /metrics with the real kubectl as an ordinary (token) user.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  callKindHistograms,
  histogramDelta,
  histogramQuantile,
  sloClassOf,
  sloVerdicts,
  windowFigures,
  worstByWindow,
  type CallKind,
  type KindHistogram,
} from '../../bench/lib/api-slo.js';
import { parsePrometheusText, PrometheusTextError } from '../../bench/lib/prometheus-text.js';
import { request } from '../support/http.js';
import { runKubectl, kubectlPath, startTestServer, type TestServer } from '../support/test-server.js';

const kind = (verb: string, resource: string, scope: string, subresource = ''): CallKind => ({ verb, resource, subresource, scope });
const hist = (k: CallKind, le: number[], cumulative: number[]): KindHistogram => ({ kind: k, le, cumulative });

describe('parsePrometheusText', () => {
  it('reads names, escaped label values, +Inf bounds, bare samples and timestamps; skips comments', () => {
    const samples = parsePrometheusText(
      [
        '# HELP x_total Things.',
        '# TYPE x_total counter',
        'x_total{a="q\\"uote",b="back\\\\slash",c="new\\nline"} 3',
        'h_bucket{verb="GET",le="+Inf"} 7 1700000000000',
        'plain 2.5e-3',
        '',
        'nan_gauge NaN',
      ].join('\n'),
    );
    assert.deepEqual(samples[0], { name: 'x_total', labels: { a: 'q"uote', b: 'back\\slash', c: 'new\nline' }, value: 3 });
    assert.deepEqual(samples[1], { name: 'h_bucket', labels: { verb: 'GET', le: '+Inf' }, value: 7 });
    assert.deepEqual(samples[2], { name: 'plain', labels: {}, value: 0.0025 });
    assert.ok(Number.isNaN(samples[3]!.value));
    assert.equal(samples.length, 4);
  });

  it('rejects a sample without a value or with an unterminated label', () => {
    assert.throws(() => parsePrometheusText('lonely'), PrometheusTextError);
    assert.throws(() => parsePrometheusText('x{a="open} 1'), PrometheusTextError);
  });
});

describe('histogramQuantile (Prometheus semantics)', () => {
  const le = [0.1, 0.2, Infinity];
  it('interpolates linearly inside the bucket that holds the rank', () => {
    // rank 99 of 100 lies in (0.1, 0.2], 49 of its 50 observations in: 0.1 + 0.1 * 49/50.
    assert.ok(Math.abs(histogramQuantile(0.99, le, [50, 100, 100]) - 0.198) < 1e-12);
  });
  it('starts the first bucket at zero', () => {
    assert.ok(Math.abs(histogramQuantile(0.5, le, [10, 10, 10]) - 0.05) < 1e-12);
  });
  it('answers the highest finite bound for a rank in the +Inf bucket', () => {
    assert.equal(histogramQuantile(0.99, le, [0, 0, 10]), 0.2);
    assert.equal(histogramQuantile(0.99, le, [90, 98, 100]), 0.2);
  });
  it('is NaN without observations or without a +Inf bucket', () => {
    assert.ok(Number.isNaN(histogramQuantile(0.99, le, [0, 0, 0])));
    assert.ok(Number.isNaN(histogramQuantile(0.99, [0.1, 0.2], [1, 2])));
  });
});

describe('histogramDelta and windows', () => {
  const k = kind('POST', 'pods', 'resource');
  const le = [0.1, 1, Infinity];
  it('subtracts the earlier scrape bucket by bucket, and counts from zero after a reset', () => {
    const d = histogramDelta(new Map([['p', hist(k, le, [15, 19, 20])]]), new Map([['p', hist(k, le, [5, 8, 10])]]));
    assert.deepEqual(d.get('p')!.cumulative, [10, 11, 10 + 0]);
    const reset = histogramDelta(new Map([['p', hist(k, le, [1, 1, 1])]]), new Map([['p', hist(k, le, [5, 8, 10])]]));
    assert.deepEqual(reset.get('p')!.cumulative, [1, 1, 1]);
    const fresh = histogramDelta(new Map([['p', hist(k, le, [2, 2, 2])]]), new Map());
    assert.deepEqual(fresh.get('p')!.cumulative, [2, 2, 2]);
  });

  it('takes per class the worst window p99 among call kinds with enough samples, and lists slow ones left out', () => {
    const podsPost = 'POST pods (resource)';
    const cmGet = 'GET configmaps (resource)';
    const le = [0.1, 1, 2, Infinity];
    const at = (t: number, post: number[], get: number[]) => ({
      atS: t,
      histograms: new Map([
        [podsPost, hist(k, le, post)],
        [cmGet, hist(kind('GET', 'configmaps', 'resource'), le, get)],
      ]),
    });
    // Window 0-60: 100 fast creates. Window 60-120: 100 more, 5 of them over 1 s. Gets: 3 slow, too few to count.
    const figures = windowFigures([at(0, [0, 0, 0, 0], [0, 0, 0, 0]), at(60, [100, 100, 100, 100], [0, 0, 0, 0]), at(120, [190, 195, 200, 200], [0, 0, 3, 3])]);
    assert.deepEqual(
      figures.map((f) => [f.call, f.fromS, f.toS, f.samples]),
      [
        [podsPost, 0, 60, 100],
        [podsPost, 60, 120, 100],
        [cmGet, 60, 120, 3],
      ],
    );
    const v = sloVerdicts(figures, 20);
    assert.equal(v.mutating_single_object.worst_call, podsPost);
    assert.deepEqual(v.mutating_single_object.worst_window_s, [60, 120]);
    // Rank 99 of the second window is the 4th of the 5 observations in (1, 2]: 1 + 4/5.
    assert.equal(v.mutating_single_object.worst_p99_s, 1.8);
    assert.equal(v.mutating_single_object.met, false);
    assert.equal(v.mutating_single_object.evaluated, 2);
    assert.equal(v.read_only_single_object.worst_p99_s, undefined);
    assert.equal(v.read_only_single_object.too_few_samples, 1);
    assert.deepEqual(v.read_only_single_object.too_few_samples_over_slo, [{ call: cmGet, window_s: [60, 120], samples: 3, p99_s: 1.99 }]);
    assert.deepEqual(worstByWindow(figures, 20), [
      { window_s: [0, 60], mutating_single_object: { p99_s: 0.099, call: podsPost } },
      { window_s: [60, 120], mutating_single_object: { p99_s: 1.8, call: podsPost } },
    ]);
  });
});

describe('sloClassOf', () => {
  it("sorts call kinds into upstream's SLO classes and leaves out what the SLOs exclude", () => {
    assert.equal(sloClassOf(kind('POST', 'configmaps', 'resource')), 'mutating_single_object');
    assert.equal(sloClassOf(kind('APPLY', 'deployments', 'resource')), 'mutating_single_object');
    assert.equal(sloClassOf(kind('PUT', 'pods', 'resource', 'status')), 'mutating_single_object');
    assert.equal(sloClassOf(kind('GET', 'pods', 'resource')), 'read_only_single_object');
    assert.equal(sloClassOf(kind('LIST', 'pods', 'namespace')), 'read_only_list_namespace');
    assert.equal(sloClassOf(kind('LIST', 'pods', 'cluster')), 'read_only_list_cluster');
    assert.equal(sloClassOf(kind('WATCH', 'pods', 'cluster')), undefined);
    assert.equal(sloClassOf(kind('GET', 'pods', 'resource', 'log')), undefined);
    assert.equal(sloClassOf(kind('DELETECOLLECTION', 'pods', 'namespace')), 'mutating_single_object');
    assert.equal(sloClassOf(kind('POST', 'events', 'resource')), undefined);
    assert.equal(sloClassOf(kind('GET', '', '')), undefined);
  });
});

describe('against a real API server', () => {
  let s: TestServer;
  let probeKubeconfig: string;
  let tokenDir: string;
  before(async () => {
    // An ordinary user (no groups of its own) with a bearer token, as the benchmark's probe.
    tokenDir = mkdtempSync(join(tmpdir(), 'k8ts-slo-'));
    const tokens = join(tokenDir, 'tokens.csv');
    writeFileSync(tokens, 'tok-probe,slo-probe,slo-probe-uid\n');
    s = await startTestServer({ tokenFile: tokens });
    probeKubeconfig = join(s.dir, 'probe.kubeconfig');
    const ca = Buffer.from(s.ca).toString('base64');
    writeFileSync(
      probeKubeconfig,
      `apiVersion: v1\nkind: Config\nclusters:\n- name: c\n  cluster: {server: "${s.url}", certificate-authority-data: ${ca}}\nusers:\n- name: slo-probe\n  user: {token: tok-probe}\ncontexts:\n- name: c\n  context: {cluster: c, user: slo-probe}\ncurrent-context: c\n`,
    );
  });
  after(async () => {
    rmSync(tokenDir, { recursive: true, force: true });
    await s?.close();
  });

  const probeKubectl = (args: string[]) => runKubectl(kubectlPath('1.33'), ['--kubeconfig', probeKubeconfig, '--cache-dir', join(s.dir, 'probe-cache'), ...args]);
  const scrape = async () => parsePrometheusText((await request(s, { path: '/metrics' })).body.toString());

  it("counts each of kubectl's calls under its call kind in both histograms, one window between two scrapes", async () => {
    const who = await probeKubectl(['auth', 'whoami', '-o', 'jsonpath={.status.userInfo.username}']);
    assert.equal(who.code, 0, who.stderr);
    assert.equal(who.stdout, 'slo-probe');
    const before = await scrape();
    for (const n of ['a', 'b', 'c']) {
      const r = await probeKubectl(['create', 'configmap', `slo-${n}`, '-n', 'default', '--from-literal=k=v']);
      assert.equal(r.code, 0, r.stderr);
    }
    const got = await probeKubectl(['get', 'configmap', 'slo-a', '-n', 'default', '-o', 'name']);
    assert.equal(got.stdout.trim(), 'configmap/slo-a');
    assert.equal((await probeKubectl(['get', 'configmaps', '-n', 'default'])).code, 0);
    assert.equal((await probeKubectl(['get', 'configmaps', '-A'])).code, 0);
    const later = await scrape();

    for (const metric of ['apiserver_request_sli_duration_seconds', 'apiserver_request_duration_seconds']) {
      const figures = windowFigures([
        { atS: 0, histograms: callKindHistograms(before, metric) },
        { atS: 10, histograms: callKindHistograms(later, metric) },
      ]);
      const samples = (call: string) => figures.find((f) => f.call === call)?.samples ?? 0;
      assert.equal(samples('POST configmaps (resource)'), 3, metric);
      assert.equal(samples('GET configmaps (resource)'), 1, metric);
      assert.equal(samples('LIST configmaps (namespace)'), 1, metric);
      assert.equal(samples('LIST configmaps (cluster)'), 1, metric);
      const v = sloVerdicts(figures, 1);
      assert.equal(v.mutating_single_object.worst_call, 'POST configmaps (resource)');
      assert.equal(v.mutating_single_object.met, true);
      assert.ok(v.read_only_list_cluster.worst_p99_s! > 0 && v.read_only_list_cluster.worst_p99_s! <= 30);
    }
  });
});
