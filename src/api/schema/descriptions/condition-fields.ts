// The fields every "XCondition" type outside core/v1 shares (type, status, reason, message,
// transition times), in our own words; each group's table adds the condition types it knows.
import type { DescriptionTable } from './index.js';

const CONDITION_TEXT = {
  status: 'True, False or Unknown.',
  reason: 'A short CamelCase word for why the condition is in its current status.',
  message: 'A human-readable explanation of the current status.',
  lastTransitionTime: 'When status last changed from one value to another.',
  lastUpdateTime: 'When the condition was last written, even if its status did not change.',
  lastProbeTime: 'When the condition was last checked.',
} as const;

/**
 * The description table of a condition type: `what` is the type's own text, `types` the
 * text of its type field (naming the known condition types). Only the fields listed are
 * included, so that every entry names a real field.
 */
export function conditionFields(what: string, types: string, fields: readonly (keyof typeof CONDITION_TEXT)[]): DescriptionTable {
  const out: Record<string, string> = { '': what, type: types };
  for (const f of fields) out[f] = CONDITION_TEXT[f];
  return out;
}
