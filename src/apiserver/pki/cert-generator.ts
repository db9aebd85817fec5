// Certificate generation on a worker thread (see certs-thread.ts). The thread starts on the
// first call and never keeps the process alive.
import { Worker } from 'node:worker_threads';
import type { CertBatch, CertBatchRequest, CertReply } from './certs-protocol.js';

export class ThreadCertGenerator {
  private worker?: Worker;
  private nextId = 1;
  private readonly pending = new Map<number, { resolve(v: CertBatch): void; reject(e: Error): void }>();

  /** Issues a batch of certificates (see cert-batch.ts) on the thread. */
  issue(batch: CertBatchRequest): Promise<CertBatch> {
    const w = (this.worker ??= this.start());
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      w.postMessage({ id, batch });
    });
  }

  async close(): Promise<void> {
    await this.worker?.terminate();
    this.worker = undefined;
  }

  private start(): Worker {
    const w = new Worker(new URL('./certs-thread.js', import.meta.url));
    w.unref();
    w.on('message', (m: CertReply) => {
      const p = this.pending.get(m.id);
      if (!p) return;
      this.pending.delete(m.id);
      if (m.ok) p.resolve(m.value);
      else p.reject(new Error(m.message));
    });
    const fail = (e: Error) => {
      for (const p of this.pending.values()) p.reject(e);
      this.pending.clear();
    };
    w.on('error', fail);
    w.on('exit', (code) => fail(new Error(`certificate thread exited (code ${code})`)));
    return w;
  }
}
