// Answers certificate requests arriving on a port (the certificate thread's parent port): each
// request is one batch (see cert-batch.ts), each reply its certificates or the error.
import type { MessagePort } from 'node:worker_threads';
import { issueCertBatch } from './cert-batch.js';
import type { CertReply, CertRequest } from './certs-protocol.js';

/**
 * Serves batches on `port`. `beforeReply` runs after each batch, before its reply is posted: the
 * parent may stop the thread as soon as it has the reply.
 */
export function serveCertRequests(port: MessagePort, beforeReply: () => void = () => undefined): void {
  port.on('message', (req: CertRequest) => {
    issueCertBatch(req.batch).then(
      (value) => {
        beforeReply();
        port.postMessage({ id: req.id, ok: true, value } satisfies CertReply);
      },
      (e: unknown) => {
        beforeReply();
        port.postMessage({ id: req.id, ok: false, message: e instanceof Error ? e.message : String(e) } satisfies CertReply);
      },
    );
  });
}
