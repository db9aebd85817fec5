// Messages between the cluster PKI and its certificate-generation thread: one request carries
// everything a start needs (a CA to create or to sign with, and the leaves), so the thread never
// waits for the main thread between two certificates.
import type { CertAndKey, ClientCertOptions, ServingCertOptions } from './certs.js';

export interface CertBatchRequest {
  /** The CA that signs the leaves: an existing one, or the common name of one to create first. */
  readonly ca: { readonly existing: CertAndKey } | { readonly create: string };
  readonly serving?: ServingCertOptions;
  readonly clients: readonly ClientCertOptions[];
}

export interface CertBatch {
  readonly ca: CertAndKey;
  readonly serving?: CertAndKey;
  /** In the order of the request's clients. */
  readonly clients: readonly CertAndKey[];
}

export type CertRequest = { readonly id: number; readonly batch: CertBatchRequest };

export type CertReply =
  | { readonly id: number; readonly ok: true; readonly value: CertBatch }
  | { readonly id: number; readonly ok: false; readonly message: string };
