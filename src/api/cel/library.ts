// Kubernetes' CEL libraries that k8ts has, shared by CRD validation rules and admission
// expressions: CEL's standard library, the strings extension, and of Kubernetes' own libraries
// the list functions (isSorted, sum, min, max, indexOf, lastIndexOf) and the regex functions
// (find, findAll). Kubernetes' quantity, URL, IP/CIDR, semver and format libraries are not
// here: an expression calling them does not compile.
import { celEnv, celMethod, CelScalar, listType, type CelEnv, type CelList, type CelValue } from '@bufbuild/cel';
import { strings } from '@bufbuild/cel/ext';

const DYN_LIST = listType(CelScalar.DYN);
const STRING_LIST = listType(CelScalar.STRING);

/** Orders two CEL values of one comparable type (int, uint, double, string, bool), as CEL's `<` does. */
function compare(a: CelValue, b: CelValue): number {
  const x = typeof a === 'object' && a !== null && 'value' in a ? (a as { value: bigint }).value : a;
  const y = typeof b === 'object' && b !== null && 'value' in b ? (b as { value: bigint }).value : b;
  if ((typeof x === 'bigint' || typeof x === 'number') && (typeof y === 'bigint' || typeof y === 'number')) return x < y ? -1 : x > y ? 1 : 0;
  if (typeof x === typeof y && (typeof x === 'string' || typeof x === 'boolean')) return x < (y as typeof x) ? -1 : x > (y as typeof x) ? 1 : 0;
  throw new Error('no such overload');
}

const items = (l: CelList): CelValue[] => [...l];

function extreme(l: CelList, sign: 1 | -1, name: string): CelValue {
  const all = items(l);
  if (all.length === 0) throw new Error(`${name}(list) called on empty list`);
  return all.reduce((best, v) => (compare(v, best) * sign > 0 ? v : best));
}

function sum(l: CelList): CelValue {
  const all = items(l);
  if (all.length === 0) return 0n;
  if (all.every((v) => typeof v === 'bigint')) return (all as bigint[]).reduce((a, b) => a + b, 0n);
  if (all.every((v) => typeof v === 'number')) return (all as number[]).reduce((a, b) => a + b, 0);
  throw new Error('no such overload');
}

/** JSON text of a CEL value, ints marked so that 1 and 1.0 differ. */
const shown = (v: CelValue): string => JSON.stringify(v, (_k, x: unknown) => (typeof x === 'bigint' ? `${x}n` : x));

const sameValue = (a: CelValue, b: CelValue): boolean => {
  try {
    return compare(a, b) === 0;
  } catch {
    return shown(a) === shown(b);
  }
};

function regexOf(pattern: string): RegExp {
  try {
    return new RegExp(pattern, 'gu');
  } catch (e) {
    throw new Error(`error parsing regexp: ${(e as Error).message}`);
  }
}

export const kubernetesFuncs = [
  celMethod('isSorted', DYN_LIST, [], CelScalar.BOOL, function () {
    const all = items(this);
    return all.every((v, i) => i === 0 || compare(all[i - 1]!, v) <= 0);
  }),
  celMethod('sum', DYN_LIST, [], CelScalar.DYN, function () {
    return sum(this) as never;
  }),
  celMethod('min', DYN_LIST, [], CelScalar.DYN, function () {
    return extreme(this, -1, 'min') as never;
  }),
  celMethod('max', DYN_LIST, [], CelScalar.DYN, function () {
    return extreme(this, 1, 'max') as never;
  }),
  celMethod('indexOf', DYN_LIST, [CelScalar.DYN], CelScalar.INT, function (x) {
    return BigInt(items(this).findIndex((v) => sameValue(v, x)));
  }),
  celMethod('lastIndexOf', DYN_LIST, [CelScalar.DYN], CelScalar.INT, function (x) {
    const all = items(this);
    for (let i = all.length - 1; i >= 0; i--) if (sameValue(all[i]!, x)) return BigInt(i);
    return -1n;
  }),
  celMethod('find', CelScalar.STRING, [CelScalar.STRING], CelScalar.STRING, function (pattern) {
    return this.match(regexOf(pattern))?.[0] ?? '';
  }),
  celMethod('findAll', CelScalar.STRING, [CelScalar.STRING], STRING_LIST, function (pattern) {
    return [...this.matchAll(regexOf(pattern))].map((m) => m[0]);
  }),
  celMethod('findAll', CelScalar.STRING, [CelScalar.STRING, CelScalar.INT], STRING_LIST, function (pattern, limit) {
    const all = [...this.matchAll(regexOf(pattern))].map((m) => m[0]);
    return limit < 0n ? all : all.slice(0, Number(limit));
  }),
];

/** The environment every validation rule is planned in. */
export const VALIDATION_ENV: CelEnv = celEnv({ funcs: [...strings, ...kubernetesFuncs] });
