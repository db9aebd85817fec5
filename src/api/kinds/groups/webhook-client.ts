// The client configuration of a webhook (URL or in-cluster Service), shared by CRD conversion
// webhooks and admission webhooks: upstream's k8s.io/apiserver util/webhook validation.
import { invalid, required, type FieldError } from '../../field-errors.js';
import { isDNS1035Label, isDNS1123Subdomain, isValidPortNum } from '../../validation/names.js';
import { goStrings } from './go-format.js';
import { arr, has, invalidGo, isNum, str, type Obj } from './util.js';

/** An https URL with a host and no user information, fragment or query. */
export function validateWebhookURL(u: string, path: string): FieldError[] {
  const form = '; desired format: https://host[/path]';
  let url: URL;
  try {
    url = new URL(u);
  } catch {
    return [required(path, `url must be a valid URL: parse ${JSON.stringify(u)}: invalid URI for request${form}`)];
  }
  const errs: FieldError[] = [];
  const scheme = url.protocol.replace(/:$/, '');
  if (scheme !== 'https') errs.push(invalid(path, scheme, `'https' is the only allowed URL scheme${form}`));
  if (url.host.length === 0) errs.push(invalid(path, url.host, `host must be specified${form}`));
  if (url.username || url.password) errs.push(invalid(path, url.password ? `${url.username}:${url.password}` : url.username, 'user information is not permitted in the URL'));
  if (url.hash.length > 1) errs.push(invalid(path, url.hash.slice(1), 'fragments are not permitted in the URL'));
  if (url.search.length > 1) errs.push(invalid(path, url.search.slice(1), 'query parameters are not permitted in the URL'));
  return errs;
}

/** A Service reference: name, namespace, a valid port (default 443) and a path of DNS subdomain segments. */
export function validateWebhookService(svc: Obj, path: string): FieldError[] {
  const errs: FieldError[] = [];
  if (str(svc.name).length === 0) errs.push(required(`${path}.name`, 'service name is required'));
  if (str(svc.namespace).length === 0) errs.push(required(`${path}.namespace`, 'service namespace is required'));
  const port = isNum(svc.port) ? svc.port : 443;
  const portErrs = isValidPortNum(port);
  if (portErrs.length > 0) errs.push(invalid(`${path}.port`, port, `port is not valid: ${portErrs.join(', ')}`));
  if (!has(svc.path)) return errs;
  const urlPath = str(svc.path);
  if (urlPath === '/' || urlPath.length === 0) return errs;
  if (urlPath === '//') {
    errs.push(invalid(`${path}.path`, urlPath, 'segment[0] may not be empty'));
    return errs;
  }
  if (!urlPath.startsWith('/')) errs.push(invalid(`${path}.path`, urlPath, "must start with a '/'"));
  let check = urlPath.slice(1);
  if (check.endsWith('/')) check = check.slice(0, -1);
  check.split('/').forEach((step, i) => {
    if (step === '') {
      errs.push(invalid(`${path}.path`, urlPath, `segment[${i}] may not be empty`));
      return;
    }
    for (const m of isDNS1123Subdomain(step)) errs.push(invalid(`${path}.path`, urlPath, `segment[${i}]: ${m}`));
  });
  return errs;
}

/** The review versions (AdmissionReview, ConversionReview) a webhook client may be sent. */
export const ACCEPTED_REVIEW_VERSIONS = ['v1', 'v1beta1'];

/**
 * A webhook's list of review versions: DNS-1035 labels without duplicates and, when
 * requireRecognized, at least one this server sends; emptyDetail is the Required error's detail.
 */
export function validateReviewVersions(versions: unknown, requireRecognized: boolean, path: string, emptyDetail?: string): FieldError[] {
  const list = arr(versions).map(String);
  if (list.length === 0) return [required(path, emptyDetail)];
  const errs: FieldError[] = [];
  const seen = new Set<string>();
  let accepted = false;
  list.forEach((v, i) => {
    if (seen.has(v)) {
      errs.push(invalid(`${path}[${i}]`, v, 'duplicate version'));
      return;
    }
    seen.add(v);
    for (const m of isDNS1035Label(v)) errs.push(invalid(`${path}[${i}]`, v, m));
    if (ACCEPTED_REVIEW_VERSIONS.includes(v)) accepted = true;
  });
  if (requireRecognized && !accepted) {
    errs.push(invalidGo(path, list, goStrings(list), `must include at least one of ${ACCEPTED_REVIEW_VERSIONS.join(', ')}`));
  }
  return errs;
}
