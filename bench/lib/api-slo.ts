// Upstream's API-call latency SLOs, evaluated from an API server's request-latency histograms
// scraped over a run: the bucket counts of each call kind (verb, resource, subresource, scope)
// are summed over the other labels, differenced between consecutive scrapes (one window each),
// and the 99th percentile of each window is computed the way Prometheus' histogram_quantile
// does. Each call kind belongs to one SLO class with its own threshold.
import type { Sample } from './prometheus-text.js';

export interface CallKind {
  readonly verb: string;
  readonly resource: string;
  readonly subresource: string;
  readonly scope: string;
}

/** One call kind's histogram: bucket upper bounds (ascending, the last +Inf) and cumulative counts. */
export interface KindHistogram {
  readonly kind: CallKind;
  readonly le: readonly number[];
  readonly cumulative: readonly number[];
}

export type Histograms = ReadonlyMap<string, KindHistogram>;

export const callKindName = (k: CallKind) => `${k.verb} ${k.resource}${k.subresource ? `/${k.subresource}` : ''} (${k.scope})`;

/** The histograms of `metric` (e.g. apiserver_request_sli_duration_seconds) by call kind, other labels summed. */
export function callKindHistograms(samples: readonly Sample[], metric: string): Map<string, KindHistogram> {
  const bucketName = `${metric}_bucket`;
  const byKind = new Map<string, { kind: CallKind; byLe: Map<number, number> }>();
  for (const s of samples) {
    if (s.name !== bucketName) continue;
    const l = s.labels;
    const kind = { verb: l.verb ?? '', resource: l.resource ?? '', subresource: l.subresource ?? '', scope: l.scope ?? '' };
    const key = callKindName(kind);
    let h = byKind.get(key);
    if (!h) byKind.set(key, (h = { kind, byLe: new Map() }));
    const le = l.le === '+Inf' ? Infinity : Number(l.le);
    h.byLe.set(le, (h.byLe.get(le) ?? 0) + s.value);
  }
  const out = new Map<string, KindHistogram>();
  for (const [key, { kind, byLe }] of byKind) {
    const le = [...byLe.keys()].sort((a, b) => a - b);
    out.set(key, { kind, le, cumulative: le.map((b) => byLe.get(b)!) });
  }
  return out;
}

/**
 * The observations between two scrapes: later minus earlier, bucket by bucket. A kind whose
 * counts went down (the server restarted) counts from zero, as Prometheus' increase() does.
 */
export function histogramDelta(later: Histograms, earlier: Histograms): Map<string, KindHistogram> {
  const out = new Map<string, KindHistogram>();
  for (const [key, h] of later) {
    const before = earlier.get(key);
    const sameBuckets = before && before.le.length === h.le.length && before.le.every((b, i) => b === h.le[i]);
    const reset = !sameBuckets || h.cumulative.some((c, i) => c < before.cumulative[i]!);
    out.set(key, { kind: h.kind, le: h.le, cumulative: reset ? h.cumulative : h.cumulative.map((c, i) => c - before.cumulative[i]!) });
  }
  return out;
}

export const sampleCount = (h: KindHistogram) => h.cumulative.at(-1) ?? 0;

/**
 * The q-quantile of a cumulative histogram with Prometheus' histogram_quantile semantics: the
 * bucket holding rank q·n is found and the value interpolated linearly inside it (from 0 for the
 * first bucket); a rank in the +Inf bucket yields the highest finite bound. NaN without
 * observations or without a +Inf bucket.
 */
export function histogramQuantile(q: number, le: readonly number[], cumulative: readonly number[]): number {
  if (q < 0) return -Infinity;
  if (q > 1) return Infinity;
  const n = le.length;
  if (n < 2 || le[n - 1] !== Infinity) return NaN;
  // Counts must not decrease with the bound (Prometheus repairs scrape races the same way).
  const counts: number[] = [];
  for (const c of cumulative) counts.push(Math.max(c, counts.at(-1) ?? 0));
  const observations = counts[n - 1]!;
  if (observations === 0) return NaN;
  let rank = q * observations;
  let b = 0;
  while (b < n - 1 && counts[b]! < rank) b++;
  if (b === n - 1) return le[n - 2]!;
  if (b === 0 && le[0]! <= 0) return le[0]!;
  const start = b === 0 ? 0 : le[b - 1]!;
  let inBucket = counts[b]!;
  if (b > 0) {
    inBucket -= counts[b - 1]!;
    rank -= counts[b - 1]!;
  }
  return start + (le[b]! - start) * (rank / inBucket);
}

export type SloClassId = 'mutating_single_object' | 'read_only_single_object' | 'read_only_list_namespace' | 'read_only_list_cluster';

export interface SloClass {
  readonly id: SloClassId;
  readonly description: string;
  readonly sloSeconds: number;
}

/** Upstream's API call latency SLOs (sig-scalability), p99 over 5-minute windows. */
export const SLO_CLASSES: readonly SloClass[] = [
  { id: 'mutating_single_object', description: 'mutating calls (POST, PUT, PATCH, APPLY, DELETE, DELETECOLLECTION)', sloSeconds: 1 },
  { id: 'read_only_single_object', description: 'read-only single-object calls (GET)', sloSeconds: 1 },
  { id: 'read_only_list_namespace', description: 'read-only LIST of one namespace', sloSeconds: 5 },
  { id: 'read_only_list_cluster', description: 'read-only LIST of the whole cluster', sloSeconds: 30 },
];

// DELETECOLLECTION acts on many objects, but clusterloader2 holds every call but LIST to 1 s.
const MUTATING = new Set(['POST', 'PUT', 'PATCH', 'APPLY', 'DELETE', 'DELETECOLLECTION']);
const READ_ONLY = new Set(['GET', 'LIST']);
const LONG_RUNNING_SUBRESOURCES = new Set(['log', 'exec', 'portforward', 'attach', 'proxy']);

/**
 * The SLO class of a call kind, or undefined for what the SLOs leave out (as clusterloader2
 * does): WATCH and CONNECT, long-running subresources, events (best effort by design), and
 * non-resource paths (/metrics, /healthz: no scope).
 */
export function sloClassOf(k: CallKind): SloClassId | undefined {
  if (LONG_RUNNING_SUBRESOURCES.has(k.subresource) || k.scope === '' || k.resource === 'events') return undefined;
  if (MUTATING.has(k.verb)) return 'mutating_single_object';
  if (!READ_ONLY.has(k.verb)) return undefined;
  if (k.scope === 'resource') return 'read_only_single_object';
  return k.scope === 'namespace' ? 'read_only_list_namespace' : 'read_only_list_cluster';
}

/** A histogram scrape at a time (seconds since the run started). */
export interface Scrape {
  readonly atS: number;
  readonly histograms: Histograms;
}

/** One call kind in one window: its sample count and p99 (seconds). */
export interface WindowFigure {
  readonly call: string;
  readonly kind: CallKind;
  readonly fromS: number;
  readonly toS: number;
  readonly samples: number;
  readonly p99S: number;
}

/** Every (window, call kind) with at least one observation, windows between consecutive scrapes. */
export function windowFigures(scrapes: readonly Scrape[]): WindowFigure[] {
  const out: WindowFigure[] = [];
  for (let i = 1; i < scrapes.length; i++) {
    const from = scrapes[i - 1]!;
    const to = scrapes[i]!;
    for (const [call, h] of histogramDelta(to.histograms, from.histograms)) {
      const samples = sampleCount(h);
      if (samples === 0) continue;
      out.push({ call, kind: h.kind, fromS: from.atS, toS: to.atS, samples, p99S: histogramQuantile(0.99, h.le, h.cumulative) });
    }
  }
  return out;
}

export interface ClassVerdict {
  readonly slo_s: number;
  /** The highest p99 of any call kind in any window with enough samples (undefined: none had enough). */
  readonly worst_p99_s?: number;
  readonly worst_call?: string;
  readonly worst_window_s?: readonly [number, number];
  readonly worst_samples?: number;
  readonly met?: boolean;
  /** (window, call kind) pairs evaluated, and those left out for having fewer than minSamples. */
  readonly evaluated: number;
  readonly too_few_samples: number;
  /** Left-out pairs whose p99 was over the SLO anyway (at most 5), so nothing slow goes unseen. */
  readonly too_few_samples_over_slo?: readonly { call: string; window_s: readonly [number, number]; samples: number; p99_s: number }[];
}

const round = (s: number) => +s.toFixed(3);

/** Per SLO class: the worst window's p99 among call kinds with at least minSamples in that window. */
export function sloVerdicts(figures: readonly WindowFigure[], minSamples: number): Record<SloClassId, ClassVerdict> {
  const out = {} as Record<SloClassId, ClassVerdict>;
  for (const c of SLO_CLASSES) {
    const mine = figures.filter((f) => sloClassOf(f.kind) === c.id);
    const enough = mine.filter((f) => f.samples >= minSamples);
    const few = mine.filter((f) => f.samples < minSamples);
    const worst = enough.reduce<WindowFigure | undefined>((w, f) => (!w || f.p99S > w.p99S ? f : w), undefined);
    const fewOver = few.filter((f) => f.p99S > c.sloSeconds).sort((a, b) => b.p99S - a.p99S).slice(0, 5);
    out[c.id] = {
      slo_s: c.sloSeconds,
      ...(worst
        ? { worst_p99_s: round(worst.p99S), worst_call: worst.call, worst_window_s: [worst.fromS, worst.toS] as const, worst_samples: worst.samples, met: worst.p99S <= c.sloSeconds }
        : {}),
      evaluated: enough.length,
      too_few_samples: few.length,
      ...(fewOver.length ? { too_few_samples_over_slo: fewOver.map((f) => ({ call: f.call, window_s: [f.fromS, f.toS] as const, samples: f.samples, p99_s: round(f.p99S) })) } : {}),
    };
  }
  return out;
}

export type WindowWorst = { window_s: readonly [number, number] } & Partial<Record<SloClassId, { p99_s: number; call: string }>>;

/** Per window (in time order), per SLO class, the slowest call kind with at least minSamples: how latency moved during the run. */
export function worstByWindow(figures: readonly WindowFigure[], minSamples: number): WindowWorst[] {
  const windows = new Map<number, WindowWorst>();
  for (const f of figures) {
    let w = windows.get(f.fromS);
    if (!w) windows.set(f.fromS, (w = { window_s: [f.fromS, f.toS] as const }));
    const c = sloClassOf(f.kind);
    if (!c || f.samples < minSamples) continue;
    if (!w[c] || f.p99S > w[c].p99_s) w[c] = { p99_s: f.p99S, call: f.call };
  }
  const out = [...windows.values()].sort((a, b) => a.window_s[0] - b.window_s[0]);
  for (const w of out) for (const c of SLO_CLASSES) if (w[c.id]) w[c.id] = { p99_s: round(w[c.id]!.p99_s), call: w[c.id]!.call };
  return out;
}

/** Human-readable lines: one per class, worst window p99 against the SLO. */
export function formatVerdicts(title: string, v: Record<SloClassId, ClassVerdict>): string[] {
  const lines = [title];
  for (const c of SLO_CLASSES) {
    const r = v[c.id];
    const figure = r.worst_p99_s === undefined ? 'no call kind with enough samples' : `${Math.round(r.worst_p99_s * 1000)} ms, ${r.worst_call}, window ${r.worst_window_s![0]}-${r.worst_window_s![1]} s, ${r.worst_samples} samples`;
    const verdict = r.met === undefined ? '' : r.met ? ' — met' : ' — NOT MET';
    lines.push(`  ${c.description}: p99 ≤ ${c.sloSeconds} s: worst ${figure}${verdict} (${r.evaluated} evaluated, ${r.too_few_samples} with too few samples${r.too_few_samples_over_slo ? `, ${r.too_few_samples_over_slo.length} of them over the SLO` : ''})`);
  }
  return lines;
}
