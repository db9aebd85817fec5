// The server side of bench/scale.mjs's latency figures: scrapes the API server's /metrics (as
// the admin) when started, every windowS seconds and when stopped, and turns the request-latency
// histograms into upstream's API call latency SLO verdicts (bench/lib/api-slo.ts, compiled to
// dist/ by `npx tsc`).
import {
  callKindHistograms,
  formatVerdicts,
  histogramDelta,
  histogramQuantile,
  sampleCount,
  sloVerdicts,
  windowFigures,
  worstByWindow,
} from '../../dist/bench/lib/api-slo.js';
import { parsePrometheusText } from '../../dist/bench/lib/prometheus-text.js';

const SLI = 'apiserver_request_sli_duration_seconds';
const DURATION = 'apiserver_request_duration_seconds';

/**
 * Starts scraping `api` (a cluster-client with req) now; t0 is the run's start (performance.now()).
 * stop() takes the last scrape and resolves to { summary (JSON), lines (text) }.
 */
export async function startSloScrapes(api, { windowS, minSamples, t0, probeCalls = [] }) {
  const scrapes = { [SLI]: [], [DURATION]: [] };
  const scrapeMs = [];
  const scrape = async () => {
    const start = performance.now();
    const res = await api.req('GET', '/metrics', undefined, { raw: true });
    if (res.status !== 200) throw new Error(`GET /metrics: ${res.status}`);
    const atS = Math.round((performance.now() - t0) / 1000);
    const samples = parsePrometheusText(res.text);
    for (const metric of [SLI, DURATION]) scrapes[metric].push({ atS, histograms: callKindHistograms(samples, metric) });
    scrapeMs.push(performance.now() - start);
  };
  await scrape();
  let timer;
  let pending = Promise.resolve();
  const schedule = () => {
    timer = setTimeout(() => {
      pending = scrape().catch((e) => console.error(JSON.stringify({ slo_scrape_failed: e.message })));
      schedule();
    }, windowS * 1000);
  };
  schedule();

  const stop = async () => {
    clearTimeout(timer);
    await pending;
    await scrape();
    const figures = Object.fromEntries([SLI, DURATION].map((m) => [m, windowFigures(scrapes[m])]));
    const verdicts = Object.fromEntries([SLI, DURATION].map((m) => [m, sloVerdicts(figures[m], minSamples)]));
    // The probe's own call kinds over the whole run, server side, next to its client-side figures.
    const whole = Object.fromEntries(
      [SLI, DURATION].map((m) => [m, histogramDelta(scrapes[m].at(-1).histograms, scrapes[m][0].histograms)]),
    );
    const probe = Object.fromEntries(
      probeCalls.map((call) => {
        const s = whole[SLI].get(call);
        const d = whole[DURATION].get(call);
        const ms = (h) => (h && sampleCount(h) ? +(histogramQuantile(0.99, h.le, h.cumulative) * 1000).toFixed(1) : null);
        return [call, { samples: s ? sampleCount(s) : 0, sli_p99_ms: ms(s), request_duration_p99_ms: ms(d) }];
      }),
    );
    const summary = {
      method: 'server-side: /metrics histograms, p99 (histogram_quantile) per call kind (verb, resource, subresource, scope) per window; per SLO class the worst window',
      window_s: windowS,
      windows: scrapes[SLI].length - 1,
      min_samples_per_window: minSamples,
      scrape_ms_max: Math.round(Math.max(...scrapeMs)),
      sli: verdicts[SLI],
      request_duration: verdicts[DURATION],
      sli_worst_by_window: worstByWindow(figures[SLI], minSamples),
      probe_calls_whole_run: probe,
    };
    const lines = [
      ...formatVerdicts(`API call latency SLOs, server side (${SLI}, the SLO figure; worst ${windowS}-s window, call kinds with ≥ ${minSamples} samples):`, verdicts[SLI]),
      ...formatVerdicts(`The same from ${DURATION} (includes the flow-control queue wait):`, verdicts[DURATION]),
    ];
    return { summary, lines };
  };
  return { stop };
}
