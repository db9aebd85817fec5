// What a forwarded connection reaches on a simulated node: the same port on the host the
// operator configured. A failure to connect is reported on the connection's error stream in
// the kubelet's words, which kubectl prints after "an error occurred forwarding L -> P: ".
import { connect } from 'node:net';
import type { PortForwardSession, PortForwardStream } from '../../client/httpstream/session.js';

export function forwardToHost(session: PortForwardSession, host: string, podUid: string): void {
  session.onStream((stream) => dial(stream, host, podUid));
}

function dial(stream: PortForwardStream, host: string, podUid: string): void {
  const target = connect({ host, port: stream.port });
  let connected = false;
  target.once('connect', () => {
    connected = true;
    stream.data.pipe(target);
    target.pipe(stream.data);
  });
  target.on('error', (err: NodeJS.ErrnoException) => {
    if (!connected) {
      const family = target.remoteFamily === 'IPv6' || host.includes(':') ? 'tcp6' : 'tcp4';
      const where = host.includes(':') ? `[${host}]:${stream.port}` : `${host}:${stream.port}`;
      stream.reportError(`error forwarding port ${stream.port} to pod ${podUid}, uid : dial ${family} ${where}: connect: ${errnoText(err)}`);
    }
    stream.data.destroy();
  });
  stream.data.on('error', () => target.destroy());
  stream.data.on('close', () => target.destroy());
}

function errnoText(err: NodeJS.ErrnoException): string {
  switch (err.code) {
    case 'ECONNREFUSED':
      return 'connection refused';
    case 'ETIMEDOUT':
      return 'connection timed out';
    case 'EHOSTUNREACH':
      return 'no route to host';
    default:
      return err.message;
  }
}
