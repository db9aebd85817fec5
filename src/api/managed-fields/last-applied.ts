// kubectl's client-side apply annotation and server-side apply (upstream: lastAppliedManager and
// lastAppliedUpdater). When kubectl switches an object from client-side to server-side apply,
// conflicts on fields whose last-applied value is still live are forgiven; and while the
// annotation exists, kubectl's server-side applies keep it current, so that switching back works.
import { compare } from './compare.js';
import type { FieldSet } from './field-set.js';
import { toFieldSet } from './to-field-set.js';
import type { TypeNode } from './type-node.js';
import { isPlainObject } from './values.js';

export const LAST_APPLIED_ANNOTATION = 'kubectl.kubernetes.io/last-applied-configuration';
/** Only kubectl's own server-side applies take part (other managers opt out by name). */
export const KUBECTL_APPLIER = 'kubectl';

function lastAppliedOf(obj: Record<string, unknown>): string | undefined {
  const meta = obj.metadata;
  if (!isPlainObject(meta) || !isPlainObject(meta.annotations)) return undefined;
  const v = meta.annotations[LAST_APPLIED_ANNOTATION];
  return typeof v === 'string' && v !== '' ? v : undefined;
}

/** The fields of the live object's last-applied configuration that still have their applied value. */
export function fieldsStillAsLastApplied(live: Record<string, unknown>, root: TypeNode, apiVersion: string): FieldSet | undefined {
  const text = lastAppliedOf(live);
  if (text === undefined) return undefined;
  let applied: unknown;
  try {
    applied = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!isPlainObject(applied) || applied.apiVersion !== apiVersion) return undefined;
  const c = compare(applied, live, root);
  return toFieldSet(applied, root).difference(c.modified).difference(c.added).difference(c.removed);
}

function sortedJson(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortedJson);
  if (!isPlainObject(v)) return v;
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(v).sort()) out[k] = sortedJson(v[k]);
  return out;
}

/** The annotation for an applied configuration: its JSON (keys sorted), without the annotation itself. */
export function buildLastApplied(config: Record<string, unknown>): string {
  const copy = structuredClone(config);
  if (isPlainObject(copy.metadata) && isPlainObject(copy.metadata.annotations)) delete copy.metadata.annotations[LAST_APPLIED_ANNOTATION];
  return JSON.stringify(sortedJson(copy)) + '\n';
}

/** After kubectl's server-side apply: refresh the annotation when the object carries one. */
export function syncLastApplied(obj: Record<string, unknown>, config: Record<string, unknown>, manager: string): void {
  if (manager !== KUBECTL_APPLIER || lastAppliedOf(obj) === undefined) return;
  (obj.metadata as { annotations: Record<string, unknown> }).annotations[LAST_APPLIED_ANNOTATION] = buildLastApplied(config);
}
