// Reads the Prometheus text exposition format (version 0.0.4), as an API server's /metrics
// answers it: one sample per line, `name{label="value",...} value [timestamp]`; comment lines
// (# HELP, # TYPE) and blank lines are skipped.

export interface Sample {
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly value: number;
}

export class PrometheusTextError extends Error {}

const UNESCAPES: Record<string, string> = { '\\': '\\', '"': '"', n: '\n' };

/** The value of a sample: a float, or +Inf / -Inf / NaN as the format writes them. */
function parseValue(text: string, line: number): number {
  if (text === '+Inf' || text === 'Inf') return Infinity;
  if (text === '-Inf') return -Infinity;
  if (text === 'NaN') return NaN;
  const v = Number(text);
  if (text === '' || Number.isNaN(v)) throw new PrometheusTextError(`line ${line}: bad sample value '${text}'`);
  return v;
}

/** Parses `{a="x",b="y"}` starting at text[start] === '{'; returns the labels and the index after '}'. */
function parseLabels(text: string, start: number, line: number): { labels: Record<string, string>; end: number } {
  const labels: Record<string, string> = {};
  let i = start + 1;
  for (;;) {
    while (text[i] === ' ' || text[i] === ',') i++;
    if (text[i] === '}') return { labels, end: i + 1 };
    const eq = text.indexOf('=', i);
    if (eq < 0 || text[eq + 1] !== '"') throw new PrometheusTextError(`line ${line}: bad label at column ${i + 1}`);
    const name = text.slice(i, eq).trim();
    let value = '';
    let j = eq + 2;
    for (; j < text.length && text[j] !== '"'; j++) {
      if (text[j] === '\\') {
        const next = text[++j] ?? '';
        value += UNESCAPES[next] ?? `\\${next}`;
      } else value += text[j];
    }
    if (j >= text.length) throw new PrometheusTextError(`line ${line}: unterminated label value`);
    labels[name] = value;
    i = j + 1;
  }
}

/** Every sample of the exposition, in order. */
export function parsePrometheusText(text: string): Sample[] {
  const out: Sample[] = [];
  const lines = text.split('\n');
  for (let n = 0; n < lines.length; n++) {
    const raw = lines[n]!.trim();
    if (raw === '' || raw.startsWith('#')) continue;
    const brace = raw.indexOf('{');
    const space = raw.indexOf(' ');
    let name: string;
    let labels: Record<string, string> = {};
    let rest: string;
    if (brace >= 0 && (space < 0 || brace < space)) {
      name = raw.slice(0, brace);
      const parsed = parseLabels(raw, brace, n + 1);
      labels = parsed.labels;
      rest = raw.slice(parsed.end).trim();
    } else {
      if (space < 0) throw new PrometheusTextError(`line ${n + 1}: sample without a value`);
      name = raw.slice(0, space);
      rest = raw.slice(space + 1).trim();
    }
    // A timestamp may follow the value; it is not needed here.
    out.push({ name, labels, value: parseValue(rest.split(/\s+/)[0] ?? '', n + 1) });
  }
  return out;
}
