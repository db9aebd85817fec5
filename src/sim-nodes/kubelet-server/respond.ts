// Plain-text answers, as the kubelet writes its errors.
import type { ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';

const REASON: Record<number, string> = { 400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 405: 'Method Not Allowed', 500: 'Internal Server Error' };

export function writeText(res: ServerResponse, code: number, text: string): void {
  const body = text.endsWith('\n') ? text : `${text}\n`;
  res.writeHead(code, { 'Content-Type': 'text/plain; charset=utf-8', 'Content-Length': Buffer.byteLength(body), 'X-Content-Type-Options': 'nosniff' });
  res.end(body);
}

/** The same on a raw socket (an upgrade request that is refused). */
export function writeTextToSocket(socket: Duplex, code: number, text: string): void {
  const body = text.endsWith('\n') ? text : `${text}\n`;
  socket.end(
    `HTTP/1.1 ${code} ${REASON[code] ?? 'Error'}\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\n` +
      `X-Content-Type-Options: nosniff\r\nConnection: close\r\n\r\n${body}`,
  );
}
