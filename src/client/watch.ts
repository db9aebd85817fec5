// Watch streams: newline-delimited JSON events read from a streaming response.
import { StatusError } from '../api/errors.js';
import { statusErrorFrom } from './errors.js';
import type { TransportResponse } from './transport.js';
import type { WatchEvent } from './types.js';

/**
 * Yields each event of a watch response until the server ends the stream or the signal aborts
 * (both end the iteration quietly). Breaking out of the loop closes the connection.
 */
export async function* decodeWatchStream<T>(res: TransportResponse, signal?: AbortSignal): AsyncGenerator<WatchEvent<T>> {
  let rest = '';
  const decoder = new TextDecoder();
  try {
    for await (const chunk of res.body) {
      rest += decoder.decode(chunk, { stream: true });
      let i: number;
      while ((i = rest.indexOf('\n')) >= 0) {
        const line = rest.slice(0, i);
        rest = rest.slice(i + 1);
        if (line.trim()) yield JSON.parse(line) as WatchEvent<T>;
      }
    }
    if (rest.trim()) yield JSON.parse(rest) as WatchEvent<T>;
  } catch (e) {
    if (signal?.aborted) return;
    if (isStreamReset(e)) return;
    throw e;
  } finally {
    res.abort();
  }
}

/** The StatusError an ERROR watch event carries (410 Expired when the start revision is compacted). */
export function watchErrorOf(ev: WatchEvent<unknown>): StatusError {
  return statusErrorFrom(500, ev.object);
}

function isStreamReset(e: unknown): boolean {
  const code = (e as { code?: unknown })?.code;
  return code === 'ECONNRESET' || code === 'ERR_STREAM_PREMATURE_CLOSE' || (e as Error)?.message === 'aborted';
}
