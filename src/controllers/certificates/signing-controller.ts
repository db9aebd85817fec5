// The CSR signing controller (upstream's certificatesigningrequest-signing-controller, csrsigning):
// approved, not failed, not yet issued CertificateSigningRequests for the kubernetes.io signers it
// knows (kube-apiserver-client, kube-apiserver-client-kubelet, kubelet-serving) get a certificate
// from the cluster CA in status.certificate; a request its signer refuses (wrong usages, a kubelet
// request not for a system:node: identity ...) gets a Failed condition instead. Requests for other
// signers are not its business and are left alone.
import type { CertificateSigningRequest } from '../../api/types/certificates-v1.js';
import { CERTIFICATESIGNINGREQUESTS, isNotFound, type Clock, type SharedInformer } from '../../client/index.js';
import { parseCertificateRequest, type ParsedCertificateRequest } from '../../pki/certificate-request.js';
import type { CsrSigningConfig } from '../runtime/csr-signing-config.js';
import { Controller, type ControllerContext, type Runnable } from '../runtime/index.js';
import { SIGNER_NAMES, signerProblem } from './signer-checks.js';
import { keyUsagesOf, requestedDuration, validityWindow } from './signing-policy.js';

export const CSR_SIGNING_CONTROLLER_NAME = 'certificatesigningrequest-signing-controller';

const hasTrue = (csr: Readonly<CertificateSigningRequest>, type: string) => (csr.status?.conditions ?? []).some((c) => c.type === type && c.status === 'True');
const hasType = (csr: Readonly<CertificateSigningRequest>, type: string) => (csr.status?.conditions ?? []).some((c) => c.type === type);
/** Approved and not denied (upstream IsCertificateRequestApproved). */
const isApproved = (csr: Readonly<CertificateSigningRequest>) => hasType(csr, 'Approved') && !hasType(csr, 'Denied');

const apiTime = (ms: number) => new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');

export class CsrSigningController implements Runnable {
  readonly name = CSR_SIGNING_CONTROLLER_NAME;
  readonly controller: Controller;
  private readonly csrs: SharedInformer<CertificateSigningRequest>;
  private readonly clock: Clock;

  constructor(
    private readonly ctx: ControllerContext,
    private readonly config: CsrSigningConfig,
  ) {
    this.clock = ctx.clock;
    this.csrs = ctx.informers.forResource(CERTIFICATESIGNINGREQUESTS);
    this.controller = new Controller({ name: this.name, reconcile: (k, s) => this.sync(k, s), workers: ctx.workers(this.name), clock: ctx.clock, logger: ctx.logger });
    const consider = (csr: Readonly<CertificateSigningRequest>) => {
      if (this.wantsCertificate(csr)) this.controller.enqueue(csr);
    };
    this.csrs.addEventHandler({ onAdd: consider, onUpdate: (_o, csr) => consider(csr) });
  }

  run(signal: AbortSignal): Promise<void> {
    return this.controller.run(signal);
  }

  private wantsCertificate(csr: Readonly<CertificateSigningRequest>): boolean {
    if (csr.status?.certificate) return false;
    if (!isApproved(csr) || hasTrue(csr, 'Failed')) return false;
    return SIGNER_NAMES.includes(csr.spec?.signerName ?? '');
  }

  async sync(name: string, signal: AbortSignal): Promise<void> {
    const cached = this.csrs.lister.get(name);
    if (!cached || !this.wantsCertificate(cached)) return;
    const csr = structuredClone(cached) as CertificateSigningRequest;
    const spec = csr.spec ?? {};
    const pem = Buffer.from(spec.request ?? '', 'base64').toString('latin1');
    let req: ParsedCertificateRequest;
    try {
      req = parseCertificateRequest(pem);
    } catch (e) {
      throw new Error(`unable to parse csr ${JSON.stringify(name)}: ${(e as Error).message}`);
    }
    const usages = spec.usages ?? [];
    const problem = signerProblem(spec.signerName ?? '', req, usages);
    const status = (csr.status ??= {});
    if (problem !== undefined) {
      status.conditions = [
        ...(status.conditions ?? []),
        { type: 'Failed', status: 'True', reason: 'SignerValidationFailure', message: problem, lastUpdateTime: apiTime(this.clock.now()) },
      ];
    } else {
      const now = this.clock.now();
      const window = validityWindow(now, requestedDuration(spec.expirationSeconds, this.config.durationMs), this.config.ca.notAfter.getTime());
      const certPem = this.config.ca.signRequest({
        subject: req.subject,
        subjectPublicKeyInfo: req.subjectPublicKeyInfo,
        ...(req.subjectAltName ? { subjectAltName: req.subjectAltName } : {}),
        ...keyUsagesOf(usages),
        ...window,
      });
      status.certificate = Buffer.from(certPem).toString('base64');
    }
    try {
      await this.ctx.client.resource(CERTIFICATESIGNINGREQUESTS).updateStatus(csr, { signal });
    } catch (e) {
      if (isNotFound(e)) return;
      throw e;
    }
  }
}

/** Needs the cluster CA (--cluster-signing-cert-file and --cluster-signing-key-file); upstream skips the controller without one. */
export function newCsrSigningController(ctx: ControllerContext): Runnable {
  const config = ctx.csrSigning;
  if (config) return new CsrSigningController(ctx, config);
  return {
    name: CSR_SIGNING_CONTROLLER_NAME,
    run: async () =>
      ctx.logger.warn({ controller: CSR_SIGNING_CONTROLLER_NAME }, 'no cluster signing certificate and key (--cluster-signing-cert-file, --cluster-signing-key-file); not signing certificate signing requests'),
  };
}
