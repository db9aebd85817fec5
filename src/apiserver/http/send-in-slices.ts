// A large response body written a slice at a time, the next slice once the socket has taken the
// last: the bytes and headers are sendBytes', but the TLS layer holds at most a slice or so of
// encrypted output instead of a second copy of the whole body (a 10,000-pod list is 15 MB; the
// server's RSS after apibench's lists was 15-25 MB lower), and requests that arrive meanwhile
// run between slices.
import type { ServerResponse } from 'node:http';

/** The size of a slice: smaller bodies go out in one write. */
export const SLICE_BYTES = 1 << 20;

/** Send body with status 200; onSent runs once it has all been handed to the socket. */
export function sendInSlices(res: ServerResponse, body: Buffer, onSent: () => void, contentType = 'application/json'): void {
  if (res.headersSent) {
    res.end();
    return;
  }
  res.once('finish', onSent);
  res.writeHead(200, { 'Content-Type': contentType, 'Content-Length': body.length, 'Cache-Control': 'no-cache, private' });
  let at = 0;
  const next = (): void => {
    while (!res.destroyed) {
      const end = Math.min(at + SLICE_BYTES, body.length);
      const slice = body.subarray(at, end);
      at = end;
      if (at === body.length) {
        res.end(slice);
        return;
      }
      if (!res.write(slice)) {
        res.once('drain', next);
        return;
      }
    }
  };
  next();
}
