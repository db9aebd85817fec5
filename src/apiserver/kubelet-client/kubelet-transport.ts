// The API server's connections to kubelets: TLS with its kubelet client certificate, plain
// requests streamed through (logs), and upgrades handed back as a raw socket.
import https from 'node:https';
import tls from 'node:tls';
import type { IncomingMessage } from 'node:http';
import type { KubeletClientConfig } from './kubelet-client-config.js';
import { hostPort, type KubeletLocation } from './node-connection.js';

/** Dial timeout, upstream's 30 s. */
const DIAL_TIMEOUT_MS = 30_000;

export class KubeletTransport {
  /** Keep-alive connections to kubelets, with the client certificate. */
  readonly agent: https.Agent;

  constructor(readonly config: KubeletClientConfig) {
    this.agent = new https.Agent({
      cert: config.cert,
      key: config.key,
      ca: config.ca,
      rejectUnauthorized: config.ca !== undefined,
      keepAlive: true,
      maxFreeSockets: 16,
    });
  }

  get preferredAddressTypes(): readonly string[] {
    return this.config.preferredAddressTypes;
  }

  url(loc: KubeletLocation, path: string, query: URLSearchParams): string {
    const q = query.toString();
    return `https://${hostPort(loc)}${path}${q ? `?${q}` : ''}`;
  }

  /**
   * Sends a plain request; resolves with the kubelet's response (its body not yet read). The
   * dial timeout ends with the response head: a followed log may stay quiet for any time.
   * `insecure`: do not verify the kubelet's certificate even with a CA (the client's
   * insecureSkipTLSVerifyBackend).
   */
  request(method: string, loc: KubeletLocation, path: string, query: URLSearchParams, signal: AbortSignal, insecure = false): Promise<IncomingMessage> {
    return new Promise((resolve, reject) => {
      const q = query.toString();
      const req = https.request(
        {
          method,
          host: loc.host,
          port: loc.port,
          path: `${path}${q ? `?${q}` : ''}`,
          agent: insecure && this.config.ca !== undefined ? this.insecureAgent() : this.agent,
          servername: isIpAddress(loc.host) ? undefined : loc.host,
          signal,
          timeout: DIAL_TIMEOUT_MS,
        },
        (res) => {
          req.setTimeout(0);
          resolve(res);
        },
      );
      req.once('timeout', () => req.destroy(Object.assign(new Error('i/o timeout'), { code: 'ETIMEDOUT' })));
      req.once('error', reject);
      req.end();
    });
  }

  /** Opens a TLS connection for an upgrade; resolves once the handshake is done. */
  dial(loc: KubeletLocation): Promise<tls.TLSSocket> {
    return new Promise((resolve, reject) => {
      const socket = tls.connect({
        host: loc.host,
        port: loc.port,
        cert: this.config.cert,
        key: this.config.key,
        ca: this.config.ca,
        rejectUnauthorized: this.config.ca !== undefined,
        servername: isIpAddress(loc.host) ? undefined : loc.host,
        ALPNProtocols: ['http/1.1'],
      });
      const timer = setTimeout(() => socket.destroy(Object.assign(new Error('i/o timeout'), { code: 'ETIMEDOUT' })), DIAL_TIMEOUT_MS);
      socket.once('secureConnect', () => {
        clearTimeout(timer);
        socket.off('error', reject);
        resolve(socket);
      });
      socket.once('error', (e) => {
        clearTimeout(timer);
        reject(e);
      });
    });
  }

  private insecure: https.Agent | undefined;

  private insecureAgent(): https.Agent {
    this.insecure ??= new https.Agent({ cert: this.config.cert, key: this.config.key, rejectUnauthorized: false, keepAlive: true, maxFreeSockets: 16 });
    return this.insecure;
  }

  close(): void {
    this.agent.destroy();
    this.insecure?.destroy();
  }
}

function isIpAddress(host: string): boolean {
  return /^[\d.]+$/.test(host) || host.includes(':');
}
