// Messages between the cluster PKI and its certificate-generation thread.
import type { CertAndKey, ClientCertOptions, ServingCertOptions } from './certs.js';

export type CertRequest =
  | { readonly id: number; readonly fn: 'createCA'; readonly commonName: string }
  | { readonly id: number; readonly fn: 'createServingCert'; readonly ca: CertAndKey; readonly opts: ServingCertOptions }
  | { readonly id: number; readonly fn: 'createClientCert'; readonly ca: CertAndKey; readonly opts: ClientCertOptions };

export type CertReply =
  | { readonly id: number; readonly ok: true; readonly value: CertAndKey }
  | { readonly id: number; readonly ok: false; readonly message: string };
