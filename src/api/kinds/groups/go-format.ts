// Go's %#v rendering of the values upstream passes to field errors (maps, slices, label selectors,
// IntOrString and a few internal structs). Kubernetes 1.33 prints a bad value that is neither a
// simple scalar nor a Stringer with %#v, after dereferencing one pointer level.
import { compareStrings, goQuote } from '../../validation/names.js';
import { arr, has, isObj, obj, str, type Obj } from './util.js';

/** A pointer field inside a struct: (*T)(nil), or an address (which upstream prints as a real one). */
export const goPtr = (type: string, v: unknown): string => `(*${type})(${has(v) ? '0xc000000000' : 'nil'})`;

/** map[string]string{"a":"b", "c":"d"}; a missing map is map[string]string(nil). */
export function goMapStringString(m: unknown): string {
  if (!isObj(m)) return 'map[string]string(nil)';
  const keys = Object.keys(m).sort(compareStrings);
  return `map[string]string{${keys.map((k) => `${goQuote(k)}:${goQuote(String(m[k]))}`).join(', ')}}`;
}

/** []T{"a", "b"} for a slice of a string type T; a missing slice is []T(nil). */
export function goStringSliceOf(type: string, v: unknown): string {
  if (!Array.isArray(v)) return `[]${type}(nil)`;
  return `[]${type}{${v.map((s) => goQuote(String(s))).join(', ')}}`;
}

function goRequirement(r: unknown): string {
  const o = obj(r);
  return `v1.LabelSelectorRequirement{Key:${goQuote(str(o.key))}, Operator:${goQuote(str(o.operator))}, Values:${goStringSliceOf('string', o.values)}}`;
}

/** %#v of a metav1.LabelSelector value. */
export function goLabelSelector(sel: unknown): string {
  const s = obj(sel);
  const exprs = Array.isArray(s.matchExpressions)
    ? `[]v1.LabelSelectorRequirement{${s.matchExpressions.map(goRequirement).join(', ')}}`
    : '[]v1.LabelSelectorRequirement(nil)';
  return `v1.LabelSelector{MatchLabels:${goMapStringString(s.matchLabels)}, MatchExpressions:${exprs}}`;
}

/** A *metav1.LabelSelector as a bad value: dereferenced, or "null" when nil. */
export const goLabelSelectorPtr = (sel: unknown): string => (has(sel) ? goLabelSelector(sel) : '"null"');

/** %#v of an intstr.IntOrString decoded from JSON (a number or a string). */
export function goIntOrString(v: unknown): string {
  if (typeof v === 'string') return `intstr.IntOrString{Type:1, IntVal:0, StrVal:${goQuote(v)}}`;
  return `intstr.IntOrString{Type:0, IntVal:${typeof v === 'number' ? v : 0}, StrVal:""}`;
}

/** %#v of a struct with a string Type and a pointer RollingUpdate (the update strategies). */
export function goStrategy(goType: string, rollingType: string, s: Obj): string {
  return `${goType}{Type:${goQuote(str(s.type))}, RollingUpdate:${goPtr(rollingType, s.rollingUpdate)}}`;
}

/** %#v of a []string-like slice that may hold any JSON. */
export const goStrings = (v: unknown): string => goStringSliceOf('string', has(v) ? arr(v).map(String) : undefined);
