// Scheduler resource arithmetic (upstream's framework.Resource): CPU in millicores, memory and
// storage in bytes, pods as a count, and "scalar" resources (extended, hugepages, attachable volumes).
// Quantities are parsed once, when a pod or node enters the scheduler.
import { parseQuantity, scaledValue } from '../../api/kinds/core/quantity.js';

export type ResourceList = Readonly<Record<string, string | number>>;

export const CPU = 'cpu';
export const MEMORY = 'memory';
export const PODS = 'pods';
export const EPHEMERAL_STORAGE = 'ephemeral-storage';

/** Whether name is native (no domain, or in the kubernetes.io domain). */
const isNativeResource = (name: string): boolean => !name.includes('/') || name.includes('kubernetes.io/');

/** Extended resources: domain-qualified names outside kubernetes.io (not quota "requests." names). */
export const isExtendedResourceName = (name: string): boolean => !isNativeResource(name) && !name.startsWith('requests.');

/** Resources the scheduler tracks as scalars (upstream's IsScalarResourceName). */
export const isScalarResourceName = (name: string): boolean =>
  isExtendedResourceName(name) || name.startsWith('hugepages-') || name.includes('kubernetes.io/') || name.startsWith('attachable-volumes-');

const DECIMAL_EXP: Readonly<Record<string, number>> = { '': 0, n: -9, u: -6, m: -3, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };
const BINARY_MULT: Readonly<Record<string, number>> = { Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50 };
const SIMPLE = /^([0-9]{1,15})(?:\.([0-9]{1,6}))?([numkMGTPE]|[KMGTP]i)?$/;

/**
 * The common quantity spellings ("100m", "1.5", "512Mi", "2G") scaled by 10^scale and rounded up,
 * computed exactly with plain numbers; undefined when the text needs the general parser.
 */
function fastScaled(text: string, scale: number): number | undefined {
  const m = SIMPLE.exec(text);
  if (!m) return undefined;
  const whole = m[1]!;
  const frac = m[2] ?? '';
  const suffix = m[3] ?? '';
  const mantissa = Number(whole + frac);
  const bin = BINARY_MULT[suffix];
  if (bin !== undefined) {
    if (frac) return undefined;
    const v = mantissa * bin;
    if (!Number.isSafeInteger(v)) return undefined;
    if (scale === 0) return v;
    if (scale === -3 && Number.isSafeInteger(v * 1000)) return v * 1000;
    return undefined;
  }
  const exp = (DECIMAL_EXP[suffix] ?? 0) - frac.length - scale;
  if (exp >= 0) {
    const v = mantissa * 10 ** exp;
    return Number.isSafeInteger(v) ? v : undefined;
  }
  const d = 10 ** -exp;
  if (!Number.isSafeInteger(d)) return undefined;
  return Math.ceil(mantissa / d) === Math.floor(mantissa / d) ? mantissa / d : Math.floor(mantissa / d) + 1;
}

function scaled(v: string | number | undefined, scale: number): number {
  if (v === undefined) return 0;
  if (typeof v === 'string') {
    const fast = fastScaled(v, scale);
    if (fast !== undefined) return fast;
  }
  const q = parseQuantity(v);
  return q ? Number(scaledValue(q, scale)) : 0;
}

/** Quantity.MilliValue, as a JS number (exact below 2^53). */
export const milliValue = (v: string | number | undefined): number => scaled(v, -3);

/** Quantity.Value (rounded up), as a JS number. */
export const value = (v: string | number | undefined): number => scaled(v, 0);

export class Resource {
  milliCPU = 0;
  memory = 0;
  ephemeralStorage = 0;
  allowedPodNumber = 0;
  scalar: Map<string, number> | undefined;

  static from(list: ResourceList | undefined | null): Resource {
    const r = new Resource();
    if (list) r.addList(list);
    return r;
  }

  addList(list: ResourceList): void {
    for (const name of Object.keys(list)) {
      const q = list[name];
      switch (name) {
        case CPU:
          this.milliCPU += milliValue(q);
          break;
        case MEMORY:
          this.memory += value(q);
          break;
        case PODS:
          this.allowedPodNumber += value(q);
          break;
        case EPHEMERAL_STORAGE:
          this.ephemeralStorage += value(q);
          break;
        default:
          if (isScalarResourceName(name)) this.addScalar(name, value(q));
      }
    }
  }

  addScalar(name: string, n: number): void {
    if (!this.scalar) this.scalar = new Map();
    this.scalar.set(name, (this.scalar.get(name) ?? 0) + n);
  }

  getScalar(name: string): number {
    return this.scalar?.get(name) ?? 0;
  }

  /** this += r × sign */
  add(r: Resource, sign = 1): void {
    this.milliCPU += sign * r.milliCPU;
    this.memory += sign * r.memory;
    this.ephemeralStorage += sign * r.ephemeralStorage;
    this.allowedPodNumber += sign * r.allowedPodNumber;
    if (r.scalar) for (const [k, v] of r.scalar) this.addScalar(k, sign * v);
  }

  /** Each resource becomes the larger of the two (upstream's SetMaxResource). */
  setMax(r: Resource): void {
    this.milliCPU = Math.max(this.milliCPU, r.milliCPU);
    this.memory = Math.max(this.memory, r.memory);
    this.ephemeralStorage = Math.max(this.ephemeralStorage, r.ephemeralStorage);
    if (r.scalar) {
      for (const [k, v] of r.scalar) {
        if (!this.scalar) this.scalar = new Map();
        this.scalar.set(k, Math.max(this.scalar.get(k) ?? 0, v));
      }
    }
  }

  clone(): Resource {
    const c = new Resource();
    c.milliCPU = this.milliCPU;
    c.memory = this.memory;
    c.ephemeralStorage = this.ephemeralStorage;
    c.allowedPodNumber = this.allowedPodNumber;
    if (this.scalar) c.scalar = new Map(this.scalar);
    return c;
  }

  isZero(): boolean {
    if (this.milliCPU !== 0 || this.memory !== 0 || this.ephemeralStorage !== 0) return false;
    if (this.scalar) for (const v of this.scalar.values()) if (v !== 0) return false;
    return true;
  }
}
