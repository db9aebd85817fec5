// Certificate generation on a worker thread (see certs-thread.ts), with the same calls as
// certs.ts. The thread starts on the first call and never keeps the process alive.
import { Worker } from 'node:worker_threads';
import type { CertAndKey, ClientCertOptions, ServingCertOptions } from './certs.js';
import type { CertReply, CertRequest } from './certs-protocol.js';

type Call = CertRequest extends infer R ? (R extends { id: number } ? Omit<R, 'id'> : never) : never;

export class ThreadCertGenerator {
  private worker?: Worker;
  private nextId = 1;
  private readonly pending = new Map<number, { resolve(v: CertAndKey): void; reject(e: Error): void }>();

  createCA(commonName: string): Promise<CertAndKey> {
    return this.call({ fn: 'createCA', commonName });
  }

  createServingCert(ca: CertAndKey, opts: ServingCertOptions): Promise<CertAndKey> {
    return this.call({ fn: 'createServingCert', ca, opts });
  }

  createClientCert(ca: CertAndKey, opts: ClientCertOptions): Promise<CertAndKey> {
    return this.call({ fn: 'createClientCert', ca, opts });
  }

  async close(): Promise<void> {
    await this.worker?.terminate();
    this.worker = undefined;
  }

  private call(c: Call): Promise<CertAndKey> {
    const w = (this.worker ??= this.start());
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      w.postMessage({ ...c, id });
    });
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
