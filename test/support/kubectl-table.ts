// Reading and re-rendering kubectl's table output in tests: cells are separated by at least
// two spaces (kubectl pads each column to its widest cell plus three), the last is unpadded.

/** The cells of each line of kubectl output (blank lines dropped). */
export function parseKubectlTable(out: string): string[][] {
  return out
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => l.trimEnd().split(/ {2,}/));
}

/** Renders rows the way kubectl aligns them, to compare whole outputs. */
export function renderKubectlTable(rows: readonly (readonly string[])[]): string {
  const widths: number[] = [];
  for (const r of rows) r.forEach((c, i) => (widths[i] = Math.max(widths[i] ?? 0, c.length)));
  return rows.map((r) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]! + 3))).join('').trimEnd()).join('\n') + '\n';
}
