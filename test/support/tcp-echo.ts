// Plain TCP helpers for the port-forward tests: a local echo server (what a forwarded pod port
// reaches on a simulated node), one request/answer exchange with it, and a port nothing listens on.
import { once } from 'node:events';
import net from 'node:net';

/** Answers every chunk it receives with `echo:` and the chunk; listens on 127.0.0.1. */
export function echoServer(): Promise<net.Server> {
  const server = net.createServer((c) => {
    c.on('data', (d) => c.write(`echo:${d}`));
    c.on('end', () => c.end());
    c.on('error', () => c.destroy());
  });
  server.listen(0, '127.0.0.1');
  return once(server, 'listening').then(() => server);
}

/** Sends `msg`, half-closes, and resolves with everything received until the connection closes. */
export function talk(port: number, msg: string): Promise<string> {
  return new Promise((resolve) => {
    let got = '';
    const c = net.connect(port, '127.0.0.1', () => c.end(msg));
    c.on('data', (d) => (got += d.toString()));
    c.on('close', () => resolve(got));
    c.on('error', () => undefined);
  });
}

/** A port nothing listens on (bound, then released). */
export async function closedPort(): Promise<number> {
  const s = net.createServer().listen(0, '127.0.0.1');
  await once(s, 'listening');
  const port = (s.address() as net.AddressInfo).port;
  await new Promise((r) => s.close(r));
  return port;
}
