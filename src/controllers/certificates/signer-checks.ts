// Which requests each kubernetes.io signer of the controller manager accepts (upstream's
// isKubeAPIServerClient, isKubeletClient and isKubeletServing): an error message means the
// request is for this signer but it will not sign it (a Failed condition), undefined that it will.
import { GeneralNames, type Extension } from '@peculiar/asn1-x509';
import { AsnConvert } from '@peculiar/asn1-schema';
import type { ParsedCertificateRequest } from '../../pki/certificate-request.js';

export const KUBE_APISERVER_CLIENT_SIGNER = 'kubernetes.io/kube-apiserver-client';
export const KUBE_APISERVER_CLIENT_KUBELET_SIGNER = 'kubernetes.io/kube-apiserver-client-kubelet';
export const KUBELET_SERVING_SIGNER = 'kubernetes.io/kubelet-serving';
/** The signers this controller manager signs for, with its cluster CA. */
export const SIGNER_NAMES: readonly string[] = [KUBE_APISERVER_CLIENT_SIGNER, KUBE_APISERVER_CLIENT_KUBELET_SIGNER, KUBELET_SERVING_SIGNER];

interface SanCounts {
  dns: number;
  ip: number;
  email: number;
  uri: number;
}

function sanCounts(ext: Extension | undefined): SanCounts {
  const out = { dns: 0, ip: 0, email: 0, uri: 0 };
  if (!ext) return out;
  for (const n of AsnConvert.parse(ext.extnValue, GeneralNames)) {
    if (n.dNSName !== undefined) out.dns++;
    else if (n.iPAddress !== undefined) out.ip++;
    else if (n.rfc822Name !== undefined) out.email++;
    else if (n.uniformResourceIdentifier !== undefined) out.uri++;
  }
  return out;
}

const sameSet = (a: ReadonlySet<string>, b: readonly string[]) => a.size === b.length && b.every((x) => a.has(x));
/** Go's %v of a sorted []string. */
const goList = (xs: readonly string[]) => `[${[...xs].sort().join(' ')}]`;

function apiServerClientProblem(usages: readonly string[]): string | undefined {
  let clientAuth = false;
  for (const u of usages) {
    if (u === 'digital signature' || u === 'key encipherment') continue;
    if (u === 'client auth') clientAuth = true;
    else return `invalid usage for client certificate: ${u}`;
  }
  return clientAuth ? undefined : 'missing required usage for client certificate: client auth';
}

const KUBELET_CLIENT_USAGES = ['client auth', 'digital signature', 'key encipherment'];
const KUBELET_CLIENT_USAGES_NO_RSA = ['client auth', 'digital signature'];
const KUBELET_SERVING_USAGES = ['digital signature', 'key encipherment', 'server auth'];
const KUBELET_SERVING_USAGES_NO_RSA = ['digital signature', 'server auth'];

const onlySystemNodes = (req: ParsedCertificateRequest) => req.organizations.length === 1 && req.organizations[0] === 'system:nodes';

function kubeletClientProblem(req: ParsedCertificateRequest, usages: ReadonlySet<string>): string | undefined {
  if (!onlySystemNodes(req)) return 'subject organization is not system:nodes';
  const san = sanCounts(req.subjectAltName);
  if (san.dns > 0) return 'DNS subjectAltNames are not allowed';
  if (san.email > 0) return 'Email subjectAltNames are not allowed';
  if (san.ip > 0) return 'IP subjectAltNames are not allowed';
  if (san.uri > 0) return 'URI subjectAltNames are not allowed';
  if (!req.commonName.startsWith('system:node:')) return 'subject common name does not begin with system:node:';
  if (!sameSet(usages, KUBELET_CLIENT_USAGES) && !sameSet(usages, KUBELET_CLIENT_USAGES_NO_RSA)) return `usages did not match ${goList(KUBELET_CLIENT_USAGES)}`;
  return undefined;
}

function kubeletServingProblem(req: ParsedCertificateRequest, usages: ReadonlySet<string>): string | undefined {
  if (!onlySystemNodes(req)) return 'subject organization is not system:nodes';
  const san = sanCounts(req.subjectAltName);
  if (san.dns === 0 && san.ip === 0) return 'DNS or IP subjectAltName is required';
  if (san.email > 0) return 'Email subjectAltNames are not allowed';
  if (san.uri > 0) return 'URI subjectAltNames are not allowed';
  if (!sameSet(usages, KUBELET_SERVING_USAGES) && !sameSet(usages, KUBELET_SERVING_USAGES_NO_RSA)) return `usages did not match ${goList(KUBELET_SERVING_USAGES)}`;
  if (!req.commonName.startsWith('system:node:')) return 'subject common name does not begin with system:node:';
  return undefined;
}

/** Why `signerName`'s signer refuses the request, or undefined when it signs it. */
export function signerProblem(signerName: string, req: ParsedCertificateRequest, usages: readonly string[]): string | undefined {
  switch (signerName) {
    case KUBE_APISERVER_CLIENT_SIGNER:
      return apiServerClientProblem(usages);
    case KUBE_APISERVER_CLIENT_KUBELET_SIGNER:
      return kubeletClientProblem(req, new Set(usages));
    case KUBELET_SERVING_SIGNER:
      return kubeletServingProblem(req, new Set(usages));
    default:
      throw new Error(`unrecognized signerName: ${JSON.stringify(signerName)}`);
  }
}
