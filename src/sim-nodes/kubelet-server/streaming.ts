// The kubelet endpoint's streaming handlers: exec, attach and port-forward for simulated
// containers. The server (kubelet-server.ts) has authenticated the caller and found the pod;
// these answer the upgrade. Until the transports are wired in, each answers 501.
import type { StreamingRequest } from './types.js';

function answerNotImplemented(request: StreamingRequest, what: string): Promise<void> {
  const body = `${what} is not implemented by simulated nodes yet\n`;
  request.socket.end(
    `HTTP/1.1 501 Not Implemented\r\nContent-Type: text/plain; charset=utf-8\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
  return Promise.resolve();
}

export const handleExec = (request: StreamingRequest): Promise<void> => answerNotImplemented(request, 'exec');
export const handleAttach = (request: StreamingRequest): Promise<void> => answerNotImplemented(request, 'attach');
export const handlePortForward = (request: StreamingRequest): Promise<void> => answerNotImplemented(request, 'port-forward');
