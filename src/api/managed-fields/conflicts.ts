// Apply conflicts and upstream's 409 for them (fieldmanager/internal/conflict.go).
import { StatusError } from '../errors.js';
import type { ManagerEntry } from './managers.js';
import { pathString, type Path } from './path-element.js';

export interface Conflict {
  readonly manager: ManagerEntry;
  readonly path: Path;
}

/** `"name"`, with the subresource, and `using <apiVersion>` for updaters (time left out as upstream's identifier does). */
export function printManager(m: ManagerEntry): string {
  let s = JSON.stringify(m.manager);
  if (m.subresource) s += ` with subresource ${JSON.stringify(m.subresource)}`;
  if (m.operation === 'Update') s += ` using ${m.apiVersion}`;
  return s;
}

export function conflictMessage(conflicts: readonly Conflict[]): string {
  if (conflicts.length === 1) {
    const c = conflicts[0]!;
    return `Apply failed with 1 conflict: conflict with ${printManager(c.manager)}: ${pathString(c.path)}`;
  }
  const byManager = new Map<string, string[]>();
  for (const c of conflicts) {
    const key = printManager(c.manager);
    byManager.set(key, [...(byManager.get(key) ?? []), pathString(c.path)]);
  }
  const lines: string[] = [];
  for (const key of [...byManager.keys()].sort()) {
    lines.push(`conflicts with ${key}:`);
    for (const p of byManager.get(key)!) lines.push(`- ${p}`);
  }
  return `Apply failed with ${conflicts.length} conflicts: ${lines.join('\n')}`;
}

export function newApplyConflict(conflicts: readonly Conflict[]): StatusError {
  const causes = conflicts.map((c) => ({ reason: 'FieldManagerConflict', message: `conflict with ${printManager(c.manager)}`, field: pathString(c.path) }));
  return new StatusError(409, 'Conflict', conflictMessage(conflicts), { causes });
}
