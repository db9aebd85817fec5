// Builds the object filter of a list or watch from its labelSelector and fieldSelector.
import { newBadRequest } from '../../api/errors.js';
import { parseFieldSelector } from '../../api/meta/fields.js';
import { parseLabelSelector } from '../../api/meta/labels.js';
import type { KindStrategy, KObj } from '../../api/resource-info.js';
import type { ObjectFilter } from './list.js';

export const MATCH_ALL: ObjectFilter = { empty: true, matches: () => true };

/** The fields a field selector may use for this kind, with their values for obj. */
export function fieldsOf(strategy: KindStrategy, obj: KObj): Record<string, string> {
  const meta = (obj.metadata ?? {}) as Record<string, unknown>;
  const fields: Record<string, string> = {
    'metadata.name': typeof meta.name === 'string' ? meta.name : '',
  };
  if (strategy.info.namespaced) fields['metadata.namespace'] = typeof meta.namespace === 'string' ? meta.namespace : '';
  return strategy.selectableFields ? { ...fields, ...strategy.selectableFields(obj) } : fields;
}

export function buildFilter(strategy: KindStrategy, labelSelector: string | null, fieldSelector: string | null): ObjectFilter {
  const labels = labelSelector ? parseLabelSelector(labelSelector) : undefined;
  const fields = fieldSelector ? parseFieldSelector(fieldSelector) : undefined;
  const labelsEmpty = !labels || labels.empty();
  const fieldsEmpty = !fields || fields.requirements.length === 0;
  if (labelsEmpty && fieldsEmpty) return MATCH_ALL;
  if (fields) {
    const known = new Set(Object.keys(fieldsOf(strategy, {})));
    for (const r of fields.requirements) {
      if (!known.has(r.field)) throw newBadRequest(`field label not supported: ${r.field}`);
    }
  }
  const exactName = fields?.requiresExactMatch('metadata.name');
  return {
    empty: false,
    exactName: exactName === undefined || exactName === null ? undefined : exactName,
    matchesLabels: fieldsEmpty && labels ? (l) => labels.matches(l) : undefined,
    matches(obj: KObj): boolean {
      if (labels && !labelsEmpty) {
        const l = (obj.metadata as Record<string, unknown> | undefined)?.labels as Record<string, string> | undefined;
        if (!labels.matches(l ?? {})) return false;
      }
      if (fields && !fieldsEmpty && !fields.matches(fieldsOf(strategy, obj))) return false;
      return true;
    },
  };
}
