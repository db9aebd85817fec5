// Quantities as the HPA computes with them: milli-units (Quantity.MilliValue) and back.
import { formatQuantity, parseQuantity, scaledValue } from '../../api/kinds/core/quantity.js';

/** The quantity in thousandths, rounded up (0 for text that is not a quantity). */
export function milliValue(q: string | number | undefined): number {
  const parsed = parseQuantity(q);
  return parsed ? Number(scaledValue(parsed, -3)) : 0;
}

/** resource.NewMilliQuantity(v, DecimalSI).String(). */
export function milliQuantity(v: number): string {
  const parsed = parseQuantity(`${Math.trunc(v)}m`);
  return parsed ? formatQuantity(parsed) : '0';
}
