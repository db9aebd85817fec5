// metav1.LabelSelector → matcher for scheduler use: a selector that cannot be parsed (the apiserver
// normally rejects those) selects nothing, and the error is reported to the caller.
import { labelSelectorFromObject, nothing, type LabelSelector, type LabelSelectorMatcher } from '../../api/meta/labels.js';
import type * as metav1 from '../../api/types/meta-v1.js';

export function selectorOf(sel: metav1.LabelSelector | null | undefined, errors?: string[]): LabelSelectorMatcher {
  try {
    return labelSelectorFromObject(sel as LabelSelector | null | undefined);
  } catch (e) {
    errors?.push(e instanceof Error ? e.message : String(e));
    return nothing();
  }
}
