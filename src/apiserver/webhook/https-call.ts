// One POST of a review (AdmissionReview, ConversionReview) to a webhook over TLS, verified
// against the configuration's caBundle (or the system roots), with the caller's timeout.
// Failures read like upstream's Go client errors (`Post "URL": dial tcp ...: connect: connection refused`).
import { request } from 'node:https';
import { isIP } from 'node:net';
import { joinHostPort } from '../advertised-address.js';

export interface WebhookTarget {
  /** The URL as the error messages show it (for a Service, https://NAME.NAMESPACE.svc:PORT/path). */
  readonly url: string;
  readonly host: string;
  readonly port: number;
  readonly path: string;
  /** The name the certificate must carry. */
  readonly servername: string;
  /** PEM of the CAs to trust; system roots when absent. */
  readonly ca?: string;
}

/** A webhook that could not be called or did not answer as a webhook must. */
export class WebhookCallError extends Error {
  override readonly name = 'WebhookCallError';
  constructor(
    message: string,
    readonly timedOut = false,
  ) {
    super(message);
  }
}

/** What an admission webhook may answer; a conversion webhook's answer holds whole lists. */
export const MAX_ADMISSION_RESPONSE_BYTES = 3 * 1024 * 1024;

function goNetError(e: NodeJS.ErrnoException, t: WebhookTarget): string {
  const addr = joinHostPort(t.host, t.port);
  switch (e.code) {
    case 'ECONNREFUSED':
      return `dial tcp ${addr}: connect: connection refused`;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `dial tcp: lookup ${t.host}: no such host`;
    case 'EHOSTUNREACH':
      return `dial tcp ${addr}: connect: no route to host`;
    case 'ECONNRESET':
      return 'EOF';
    case 'UNABLE_TO_VERIFY_LEAF_SIGNATURE':
    case 'SELF_SIGNED_CERT_IN_CHAIN':
    case 'DEPTH_ZERO_SELF_SIGNED_CERT':
    case 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY':
      return 'tls: failed to verify certificate: x509: certificate signed by unknown authority';
    case 'ERR_TLS_CERT_ALTNAME_INVALID':
      return `tls: failed to verify certificate: x509: certificate is not valid for ${t.servername}`;
    case 'CERT_HAS_EXPIRED':
      return 'tls: failed to verify certificate: x509: certificate has expired or is not yet valid';
    default:
      return e.message;
  }
}

/** POSTs `body` and returns the parsed JSON answer. */
export function postJson(t: WebhookTarget, body: Buffer, timeoutMs: number, maxResponseBytes = MAX_ADMISSION_RESPONSE_BYTES): Promise<unknown> {
  const shown = `Post "${t.url}"`;
  return new Promise((resolve, reject) => {
    let settled = false;
    const fail = (message: string, timedOut = false) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      req.destroy();
      reject(new WebhookCallError(`${shown}: ${message}`, timedOut));
    };
    const req = request(
      {
        host: t.host,
        port: t.port,
        path: t.path,
        method: 'POST',
        // An IP address is checked against the certificate's IP SANs; SNI carries names only.
        servername: isIP(t.servername) ? undefined : t.servername,
        ca: t.ca,
        headers: { 'Content-Type': 'application/json', Accept: 'application/json, */*', 'Content-Length': body.length },
        agent: false,
      },
      (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (c: Buffer) => {
          size += c.length;
          if (size > maxResponseBytes) fail('response body too large');
          else chunks.push(c);
        });
        res.on('error', (e) => fail(goNetError(e, t)));
        res.on('end', () => {
          if (settled) return;
          const text = Buffer.concat(chunks).toString('utf8');
          const code = res.statusCode ?? 0;
          if (code < 200 || code >= 300) {
            fail(`the server responded with the status code ${code} but did not return more information`);
            return;
          }
          try {
            const parsed: unknown = JSON.parse(text);
            settled = true;
            clearTimeout(timer);
            resolve(parsed);
          } catch {
            fail(`couldn't get version/kind; json parse error: invalid character in response body`);
          }
        });
      },
    );
    const timer = setTimeout(() => fail('context deadline exceeded', true), timeoutMs);
    req.on('error', (e) => fail(goNetError(e, t)));
    req.end(body);
  });
}
