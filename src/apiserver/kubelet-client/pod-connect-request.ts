// What the API server asks a pod's kubelet for, from a pods/log, pods/exec, pods/attach or
// pods/portforward request: the container (checked against the pod's spec as upstream does)
// and the kubelet path and query.
import { newBadRequest, newInvalid } from '../../api/errors.js';
import { forbidden, invalid, type FieldError } from '../../api/field-errors.js';
import { parseBoolParam } from '../http/query-params.js';

type Obj = Record<string, any>;

export type ConnectSubresource = 'log' | 'exec' | 'attach' | 'portforward';

export const CONNECT_SUBRESOURCES: ReadonlySet<string> = new Set<ConnectSubresource>(['log', 'exec', 'attach', 'portforward']);

/** The kubelet path and query (no scheme or host). */
export interface KubeletRequestTarget {
  readonly path: string;
  readonly query: URLSearchParams;
}

/** Every container name of the pod in upstream's visiting order: init, regular, ephemeral. */
function containerNames(pod: Obj): string[] {
  const names: string[] = [];
  for (const list of [pod.spec?.initContainers, pod.spec?.containers, pod.spec?.ephemeralContainers]) {
    if (Array.isArray(list)) for (const c of list) if (typeof c?.name === 'string') names.push(c.name);
  }
  return names;
}

/** The container a request addresses: the one named, or the pod's only container; 400 otherwise. */
export function resolveContainer(pod: Obj, requested: string): string {
  const name = String(pod.metadata?.name ?? '');
  if (requested === '') {
    const regular: Obj[] = Array.isArray(pod.spec?.containers) ? pod.spec.containers : [];
    if (regular.length === 1) return String(regular[0]!.name);
    if (regular.length === 0) throw newBadRequest(`a container name must be specified for pod ${name}`);
    throw newBadRequest(`a container name must be specified for pod ${name}, choose one of: [${containerNames(pod).join(' ')}]`);
  }
  if (!containerNames(pod).includes(requested)) throw newBadRequest(`container ${requested} is not valid for pod ${name}`);
  return requested;
}

/** A boolean query parameter as upstream's options decoder reads it, `fallback` when absent. */
export const boolParam = (q: URLSearchParams, name: string, fallback = false): boolean => parseBoolParam(q, name) ?? fallback;

function intParam(q: URLSearchParams, name: string): number | undefined {
  const v = q.get(name);
  if (v === null || v === '') return undefined;
  if (!/^[+-]?\d+$/.test(v)) throw newBadRequest(`strconv.ParseInt: parsing ${JSON.stringify(v)}: invalid syntax`);
  return Number(v);
}

/** An RFC 3339 time as the kubelet receives it (whole seconds, UTC). */
function timeParam(q: URLSearchParams, name: string): string | undefined {
  const v = q.get(name);
  if (v === null || v === '') return undefined;
  const ms = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/.test(v) ? Date.parse(v) : NaN;
  if (Number.isNaN(ms)) throw newBadRequest(`parsing time ${JSON.stringify(v)} as "2006-01-02T15:04:05Z07:00": cannot parse ${JSON.stringify(v)} as a time`);
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

/**
 * pods/log: the options validated as upstream's ValidatePodLogOptions (422 PodLogOptions),
 * then the kubelet's /containerLogs query.
 */
export function logOptionsQuery(podName: string, q: URLSearchParams): URLSearchParams {
  const tailLines = intParam(q, 'tailLines');
  const limitBytes = intParam(q, 'limitBytes');
  const sinceSeconds = intParam(q, 'sinceSeconds');
  const sinceTime = timeParam(q, 'sinceTime');
  const errs: FieldError[] = [];
  if (tailLines !== undefined && tailLines < 0) errs.push(invalid('tailLines', tailLines, 'must be greater than or equal to 0'));
  if (limitBytes !== undefined && limitBytes < 1) errs.push(invalid('limitBytes', limitBytes, 'must be greater than 0'));
  if (sinceSeconds !== undefined && sinceTime !== undefined) errs.push(forbidden('', 'at most one of `sinceTime` or `sinceSeconds` may be specified'));
  else if (sinceSeconds !== undefined && sinceSeconds < 1) errs.push(invalid('sinceSeconds', sinceSeconds, 'must be greater than 0'));
  if (errs.length) throw newInvalid({ group: '', kind: 'PodLogOptions' }, podName, errs);
  const out = new URLSearchParams();
  if (boolParam(q, 'follow')) out.set('follow', 'true');
  if (boolParam(q, 'previous')) out.set('previous', 'true');
  if (boolParam(q, 'timestamps')) out.set('timestamps', 'true');
  if (sinceSeconds !== undefined) out.set('sinceSeconds', String(sinceSeconds));
  if (sinceTime !== undefined) out.set('sinceTime', sinceTime);
  if (tailLines !== undefined) out.set('tailLines', String(tailLines));
  if (limitBytes !== undefined) out.set('limitBytes', String(limitBytes));
  return out;
}

/** pods/exec and pods/attach: the streams asked for (stdout and stderr default to on, as upstream's v1 defaults). */
export function streamOptionsQuery(q: URLSearchParams, exec: boolean): URLSearchParams {
  const out = new URLSearchParams();
  if (boolParam(q, 'stdin')) out.set('input', '1');
  if (boolParam(q, 'stdout', true)) out.set('output', '1');
  if (boolParam(q, 'stderr', true)) out.set('error', '1');
  if (boolParam(q, 'tty')) out.set('tty', '1');
  if (exec) for (const c of q.getAll('command')) out.append('command', c);
  return out;
}

/** pods/portforward: the ports, when the query names any (kubectl sends them in stream headers instead). */
export function portForwardQuery(q: URLSearchParams): URLSearchParams {
  const out = new URLSearchParams();
  const ports = q.getAll('ports').flatMap((p) => p.split(','));
  for (const p of ports) {
    const n = Number(p);
    if (!/^\d+$/.test(p) || n < 1 || n > 65535) throw newBadRequest(`invalid port ${JSON.stringify(p)}`);
  }
  if (ports.length) out.set('port', ports.join(','));
  return out;
}

/** The kubelet path and query for a connect request on a pod (container already resolved where one applies). */
export function kubeletTarget(sub: ConnectSubresource, pod: Obj, container: string, query: URLSearchParams): KubeletRequestTarget {
  const ns = encodeURIComponent(String(pod.metadata?.namespace ?? ''));
  const name = encodeURIComponent(String(pod.metadata?.name ?? ''));
  const c = encodeURIComponent(container);
  switch (sub) {
    case 'log':
      return { path: `/containerLogs/${ns}/${name}/${c}`, query };
    case 'exec':
      return { path: `/exec/${ns}/${name}/${c}`, query };
    case 'attach':
      return { path: `/attach/${ns}/${name}/${c}`, query };
    case 'portforward':
      return { path: `/portForward/${ns}/${name}`, query };
  }
}
