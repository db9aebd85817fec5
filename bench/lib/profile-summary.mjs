// Summarises a V8 .cpuprofile (node --cpu-prof): the functions with the most self time and the
// most total (self + callees) time, as a share of all samples that are not idle.
// Usage: node bench/lib/profile-summary.mjs FILE.cpuprofile [--top 40] [--match TEXT] [--until NAME] [--after NAME]
// --match keeps only functions whose name or file contains TEXT; --until counts only the samples
// before the first one inside a function called NAME (e.g. the start-up), --after only those from
// the first one inside NAME on (e.g. `--after handleCreate`: the work after start-up).
import { readFileSync } from 'node:fs';

const file = process.argv[2];
const argOf = (n, d) => (process.argv.includes(`--${n}`) ? process.argv[process.argv.indexOf(`--${n}`) + 1] : d);
const top = Number(argOf('top', '40'));
const match = argOf('match');
const prof = JSON.parse(readFileSync(file, 'utf8'));

const byId = new Map(prof.nodes.map((n) => [n.id, n]));
const parent = new Map();
for (const n of prof.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
const until = argOf('until');
const inside = (id, name) => {
  for (let cur = id; cur !== undefined; cur = parent.get(cur)) if (byId.get(cur).callFrame.functionName === name) return true;
  return false;
};
let samples = prof.samples;
let elapsedMs = (prof.endTime - prof.startTime) / 1000;
if (until) {
  const stop = samples.findIndex((id) => inside(id, until));
  if (stop >= 0) {
    elapsedMs = prof.timeDeltas.slice(0, stop).reduce((a, b) => a + b, 0) / 1000;
    samples = samples.slice(0, stop);
  }
}
const after = argOf('after');
if (after) {
  const start = samples.findIndex((id) => inside(id, after));
  if (start >= 0) {
    elapsedMs = prof.timeDeltas.slice(start + 1, samples.length).reduce((a, b) => a + b, 0) / 1000;
    samples = samples.slice(start);
  }
}
const counts = new Map();
for (const id of samples) counts.set(id, (counts.get(id) ?? 0) + 1);

const label = (n) => {
  const cf = n.callFrame;
  const where = cf.url ? `${cf.url.replace(/^.*\/(dist|node_modules)\//, '$1/')}:${cf.lineNumber + 1}` : '';
  return `${cf.functionName || '(anonymous)'} ${where}`.trim();
};
const idle = new Set(['(idle)', '(program)', '(garbage collector)']);
let busy = 0;
let gc = 0;
const self = new Map();
const total = new Map();
for (const [id, k] of counts) {
  const n = byId.get(id);
  const name = n.callFrame.functionName;
  if (name === '(garbage collector)') gc += k;
  if (name === '(idle)' || name === '(program)') continue;
  busy += k;
  const l = label(n);
  self.set(l, (self.get(l) ?? 0) + k);
  const seen = new Set();
  for (let cur = id; cur !== undefined; cur = parent.get(cur)) {
    const cl = label(byId.get(cur));
    if (seen.has(cl)) continue;
    seen.add(cl);
    total.set(cl, (total.get(cl) ?? 0) + k);
  }
}
const us = (elapsedMs * 1000) / samples.length;
const show = (title, m) => {
  console.log(`\n${title}`);
  const rows = [...m].filter(([l]) => !idle.has(l.split(' ')[0]) || title.startsWith('self')).filter(([l]) => !match || l.includes(match));
  for (const [l, k] of rows.sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`${((100 * k) / busy).toFixed(1).padStart(5)}%  ${l}`);
};
console.log(`${samples.length} samples over ${elapsedMs.toFixed(0)} ms (~${us.toFixed(0)} µs each); busy ${((busy * us) / 1000).toFixed(0)} ms, of which GC ${((100 * gc) / busy).toFixed(1)}%`);
show('self time', self);
show('total time', total);
