// Terminal size messages on a resize stream: JSON objects {"Width":W,"Height":H} one after the
// other (kubectl's encoder ends each with a newline), in chunks that may split or join them.
import type { TerminalSize } from '../session.js';

const MAX_PENDING = 4096;

export class ResizeDecoder {
  private pending = '';

  /** Feeds bytes; returns every complete size they finish. Garbage between objects is skipped. */
  push(chunk: Buffer): TerminalSize[] {
    this.pending += chunk.toString('utf8');
    const sizes: TerminalSize[] = [];
    for (;;) {
      const start = this.pending.indexOf('{');
      if (start < 0) {
        this.pending = '';
        break;
      }
      const end = this.pending.indexOf('}', start);
      if (end < 0) {
        this.pending = this.pending.slice(start);
        if (this.pending.length > MAX_PENDING) this.pending = '';
        break;
      }
      const text = this.pending.slice(start, end + 1);
      this.pending = this.pending.slice(end + 1);
      const size = parseSize(text);
      if (size) sizes.push(size);
    }
    return sizes;
  }
}

function parseSize(text: string): TerminalSize | null {
  try {
    const v = JSON.parse(text) as { Width?: unknown; Height?: unknown };
    const width = typeof v.Width === 'number' ? v.Width : 0;
    const height = typeof v.Height === 'number' ? v.Height : 0;
    return Number.isInteger(width) && Number.isInteger(height) && width >= 0 && height >= 0 ? { width, height } : null;
  } catch {
    return null;
  }
}
