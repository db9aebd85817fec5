// Answers a request Node's HTTP parser refused (malformed request line, headers too large) and
// closes the connection the way Go's net/http does: write the Status, half-close, and keep
// reading and discarding what the client still sends for a short while before closing. Closing
// at once with unread bytes makes the kernel send a reset, and a client still writing its body
// then sees ECONNRESET instead of the answer.
import type { Duplex } from 'node:stream';

/** How long a refused connection drains before it is closed (Go waits 500 ms). */
export const LINGER_MS = 500;

const answered = new WeakSet<Duplex>();

export function answerUnparsableRequest(err: NodeJS.ErrnoException & { rawPacket?: Buffer }, socket: Duplex): void {
  // The parser stays attached and reports every later chunk again; one answer per connection.
  if (answered.has(socket)) return;
  answered.add(socket);
  if (!socket.writable) {
    socket.destroy();
    return;
  }
  const tooLarge = err.code === 'HPE_HEADER_OVERFLOW';
  const status = tooLarge
    ? { code: 431, reason: 'RequestHeaderFieldsTooLarge', message: 'request header fields too large' }
    : { code: 400, reason: 'BadRequest', message: 'malformed HTTP request' };
  const head = err.rawPacket?.subarray(0, 5).toString('latin1') === 'HEAD ';
  const body = head ? '' : JSON.stringify({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', ...status });
  // Stop feeding the parser; discard the rest of the request.
  socket.removeAllListeners('data');
  socket.on('data', () => undefined);
  socket.on('error', () => socket.destroy());
  socket.resume();
  socket.end(
    `HTTP/1.1 ${status.code} ${tooLarge ? 'Request Header Fields Too Large' : 'Bad Request'}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
  const linger = setTimeout(() => socket.destroy(), LINGER_MS);
  linger.unref();
  socket.once('close', () => clearTimeout(linger));
}
