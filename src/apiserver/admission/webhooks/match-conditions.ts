// A webhook's matchConditions (upstream's matchconditions.Matcher): evaluated in order on the
// request as the webhook would see it. Any condition false: the webhook is not called. Otherwise
// an evaluation error skips the webhook with failurePolicy Ignore and refuses the request with
// Fail (403, "... is forbidden: expression '...' resulted in error: ..."). Compiled programs are
// kept per stored webhook; the CEL package is loaded only when a webhook has conditions.
import type { CelInput } from '@bufbuild/cel';
import { newForbidden, type StatusError } from '../../../api/errors.js';
import type { Compiled } from '../../../api/cel/compile.js';
import type { Authorizer } from '../../auth/authorizer.js';
import { AdmissionExpressions, aggregate, requestVariables, resultedInError, type LoadedCel } from '../cel-evaluation.js';
import type { AdmissionAttributes } from './attributes.js';

type Obj = Record<string, unknown>;

interface Condition {
  readonly expression: string;
  readonly compiled?: Compiled;
  readonly invalid?: string;
}

export type ConditionOutcome = { readonly call: true } | { readonly call: false } | { readonly refuse: StatusError };

/** The conditions in order: false when one is false, else their errors (empty: all true). */
export async function evaluateConditions(
  expressions: AdmissionExpressions,
  cel: LoadedCel,
  conditions: readonly Condition[],
  vars: Record<string, CelInput>,
  a: AdmissionAttributes,
): Promise<false | string[]> {
  const errors: string[] = [];
  for (const c of conditions) {
    const result = c.compiled ? await expressions.run(cel, c.compiled, vars, a.request.user) : { error: c.invalid ?? 'not compiled' };
    if ('error' in result) errors.push(resultedInError(c.expression, result.error));
    else if (result.value === false) return false;
    else if (result.value !== true) errors.push(resultedInError(c.expression, 'expected a bool result'));
  }
  return errors;
}

/** Each condition of a list compiled by `compile`, keeping why one does not compile. */
export function compileConditions(list: readonly unknown[], compile: (expression: string) => Compiled | { invalid: string }): Condition[] {
  return list.map((raw) => {
    const mc = (raw && typeof raw === 'object' ? raw : {}) as Obj;
    const expression = typeof mc.expression === 'string' ? mc.expression : '';
    const r = compile(expression.trim());
    return { expression, ...('invalid' in r ? { invalid: r.invalid } : { compiled: r }) };
  });
}

export class MatchConditions {
  private readonly expressions: AdmissionExpressions;
  private readonly compiled = new WeakMap<Obj, Condition[]>();

  constructor(authorizer: Authorizer | undefined) {
    this.expressions = new AdmissionExpressions(authorizer);
  }

  /** Whether the webhook is to be called for this request, or the refusal its conditions give. */
  async evaluate(hook: Obj, a: AdmissionAttributes): Promise<ConditionOutcome> {
    const list = Array.isArray(hook.matchConditions) ? (hook.matchConditions as unknown[]) : [];
    if (list.length === 0) return { call: true };
    const cel = await this.expressions.load();
    let conditions = this.compiled.get(hook);
    if (!conditions) this.compiled.set(hook, (conditions = compileConditions(list, (e) => cel.env.compileCondition(e))));
    const errors = await evaluateConditions(this.expressions, cel, conditions, requestVariables(cel.module, a), a);
    if (errors === false) return { call: false };
    if (errors.length === 0) return { call: true };
    if (hook.failurePolicy === 'Ignore') return { call: false };
    return { refuse: newForbidden({ group: a.info.group, resource: a.info.resource }, a.name, aggregate(errors)) };
  }
}
