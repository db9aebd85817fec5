// Whether a CRD schema has x-kubernetes-validations (CEL) rules, without loading CEL: kinds
// without rules never load the evaluator.
import { asSchema, isObject, own, sAdditionalProperties, sItems, sProperties, type Schema } from '../schema-util.js';

type Obj = Record<string, unknown>;

/** The x-kubernetes-validations entries of one schema node. */
export const rulesOf = (s: Schema): Obj[] => {
  const v = own(s, 'x-kubernetes-validations');
  return Array.isArray(v) ? v.filter(isObject) : [];
};

/** Whether any node of `schema` carries x-kubernetes-validations. */
export function schemaHasRules(schema: unknown): boolean {
  const s = asSchema(schema);
  if (!s) return false;
  if (rulesOf(s).length) return true;
  if (schemaHasRules(sItems(s))) return true;
  if (schemaHasRules(sAdditionalProperties(s)?.schema)) return true;
  return (sProperties(s) ?? []).some(([, p]) => schemaHasRules(p));
}
