// Seat accounting across priority levels: each Limited level's nominal share of the server's
// seats, the part of it that it may lend, and whether a level may start one more request now.
import type { PriorityLevelConfig } from './types.js';

export interface SeatLimits {
  /** ceil(total × shares / Σ shares of the Limited levels). */
  readonly nominal: number;
  /** Seats never lent to other levels: nominal − round(nominal × lendablePercent / 100). */
  readonly guaranteed: number;
  /** Most seats the level may hold, borrowing included. */
  readonly max: number;
}

export function computeSeatLimits(levels: readonly PriorityLevelConfig[], totalSeats: number): Map<string, SeatLimits> {
  const limited = levels.filter((l) => l.spec.type === 'Limited' && l.spec.limited);
  const shares = limited.reduce((sum, l) => sum + l.spec.limited!.nominalConcurrencyShares, 0);
  const out = new Map<string, SeatLimits>();
  for (const l of limited) {
    const spec = l.spec.limited!;
    const nominal = shares > 0 ? Math.ceil((totalSeats * spec.nominalConcurrencyShares) / shares) : 0;
    const lendable = Math.round((nominal * (spec.lendablePercent ?? 0)) / 100);
    const max = spec.borrowingLimitPercent === undefined ? Infinity : nominal + Math.round((nominal * spec.borrowingLimitPercent) / 100);
    out.set(l.name, { nominal, guaranteed: nominal - lendable, max });
  }
  return out;
}

export interface SeatUse {
  readonly limits: SeatLimits;
  readonly executing: number;
}

/**
 * Whether `level` may take one more seat: always within its guaranteed seats; beyond them only while
 * the seats held or reserved by all levels (each at least its guaranteed part) stay under the total.
 */
export function maySeat(level: SeatUse, all: Iterable<SeatUse>, totalSeats: number): boolean {
  if (level.executing < level.limits.guaranteed) return true;
  if (level.executing >= level.limits.max) return false;
  let reserved = 0;
  for (const l of all) reserved += Math.max(l.executing, l.limits.guaranteed);
  return reserved < totalSeats;
}
