// JSON as CEL values when nothing types them (cel-go's view of an unstructured object): whole
// numbers are ints, other numbers doubles, objects maps, arrays lists.
import type { CelInput } from '@bufbuild/cel';

export function jsonToCel(v: unknown): CelInput {
  if (v === null || v === undefined) return null;
  if (typeof v === 'number') return Number.isInteger(v) ? BigInt(v) : v;
  if (Array.isArray(v)) return v.map(jsonToCel);
  if (typeof v === 'object') return new Map(Object.entries(v as Record<string, unknown>).map(([k, x]) => [k, jsonToCel(x)]));
  return v as CelInput;
}
