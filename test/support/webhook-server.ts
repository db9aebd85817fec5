// A real HTTPS webhook (admission or CRD conversion) for tests: a node:https server whose
// certificate a fresh test CA signed (for 127.0.0.1, localhost and the given Service DNS names),
// listening on every IPv4 address. Each path answers with the function registered for it, in a
// review of the kind and version it was sent (AdmissionReview, ConversionReview); every review
// received is kept for assertions.
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { networkInterfaces } from 'node:os';
import { createCA, createServingCert } from '../../src/apiserver/pki/certs.js';

type Obj = Record<string, any>;

/** What a path answers for a review's request: the response fields (uid is filled in), or a delay first. */
export type WebhookHandler = (request: Obj) => Obj | Promise<Obj>;

export interface TestWebhookServer {
  readonly port: number;
  /**
   * A non-loopback address of this host the server also listens on, for Endpoints (which may not
   * name a loopback address).
   */
  readonly hostAddress: string;
  /** base64 of the CA's PEM, for clientConfig.caBundle. */
  readonly caBundle: string;
  /** Reviews received, per path. */
  readonly received: Map<string, Obj[]>;
  url(path: string): string;
  handle(path: string, handler: WebhookHandler): void;
  close(): Promise<void>;
}

export async function startWebhookServer(dnsNames: string[] = []): Promise<TestWebhookServer> {
  const ca = await createCA('webhook-test-ca');
  const cert = await createServingCert(ca, { sans: { dns: ['localhost', ...dnsNames], ips: ['127.0.0.1'] } });
  const handlers = new Map<string, WebhookHandler>();
  const received = new Map<string, Obj[]>();
  const server: Server = createServer({ cert: cert.certPem, key: cert.keyPem }, (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', async () => {
      const path = (req.url ?? '/').split('?')[0]!;
      const review = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Obj;
      const list = received.get(path) ?? [];
      list.push(review);
      received.set(path, list);
      const h = handlers.get(path);
      if (!h) {
        res.writeHead(404).end();
        return;
      }
      const response = await h(review.request);
      if (res.destroyed) return;
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ apiVersion: review.apiVersion, kind: review.kind ?? 'AdmissionReview', response: { uid: review.request.uid, ...response } }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '0.0.0.0', resolve));
  const hostAddress = Object.values(networkInterfaces()).flat().find((a) => a && !a.internal && a.family === 'IPv4')?.address ?? '127.0.0.1';
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    hostAddress,
    caBundle: Buffer.from(ca.certPem).toString('base64'),
    received,
    url: (path) => `https://127.0.0.1:${port}${path}`,
    handle: (path, handler) => void handlers.set(path, handler),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A JSONPatch answer: allowed, with the operations base64-encoded as upstream expects. */
export const jsonPatchResponse = (ops: unknown[]): Obj => ({ allowed: true, patchType: 'JSONPatch', patch: Buffer.from(JSON.stringify(ops)).toString('base64') });
