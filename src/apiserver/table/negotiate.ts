// Whether a get/list/watch asks for a meta.k8s.io Table: the first alternative of the Accept
// header we can serve wins; plain JSON (or nothing we know) means the object itself.
import { newBadRequest } from '../../api/errors.js';

export type IncludeObject = 'None' | 'Metadata' | 'Object';

export interface TableRequest {
  /** meta.k8s.io version of the Table and of PartialObjectMetadata rows. */
  readonly version: 'v1' | 'v1beta1';
  readonly includeObject: IncludeObject;
}

interface MediaRange {
  readonly type: string;
  readonly params: Readonly<Record<string, string>>;
}

function parseAccept(accept: string): MediaRange[] {
  const out: MediaRange[] = [];
  for (const part of accept.split(',')) {
    const [type, ...rest] = part.split(';');
    const t = type!.trim().toLowerCase();
    if (!t) continue;
    const params: Record<string, string> = {};
    for (const p of rest) {
      const eq = p.indexOf('=');
      if (eq < 0) continue;
      params[p.slice(0, eq).trim().toLowerCase()] = p.slice(eq + 1).trim().replace(/^"(.*)"$/, '$1');
    }
    out.push({ type: t, params });
  }
  return out;
}

const JSONISH = new Set(['application/json', 'application/*', '*/*']);
const PLAIN = new Set(['application/json', 'application/yaml', 'application/vnd.kubernetes.protobuf', 'application/*', '*/*']);

/** The Table version asked for, or undefined for the plain object. */
export function tableVersionOf(accept: string | undefined): 'v1' | 'v1beta1' | undefined {
  if (!accept || !accept.includes('Table')) return undefined;
  for (const m of parseAccept(accept)) {
    const as = m.params.as;
    if (as === undefined) {
      if (PLAIN.has(m.type)) return undefined;
      continue;
    }
    if (as !== 'Table' || !JSONISH.has(m.type)) continue;
    if ((m.params.g ?? 'meta.k8s.io') !== 'meta.k8s.io') continue;
    const v = m.params.v ?? 'v1';
    if (v === 'v1' || v === 'v1beta1') return v;
  }
  return undefined;
}

/** The Table request of a get, list or watch, or undefined when the client wants objects. */
export function tableRequestOf(accept: string | undefined, query: URLSearchParams): TableRequest | undefined {
  const version = tableVersionOf(accept);
  if (!version) return undefined;
  const inc = query.get('includeObject') || 'Metadata';
  if (inc !== 'None' && inc !== 'Metadata' && inc !== 'Object') {
    throw newBadRequest(`includeObject: Unsupported value: ${JSON.stringify(inc)}: supported values: "Metadata", "None", "Object"`);
  }
  return { version, includeObject: inc };
}
