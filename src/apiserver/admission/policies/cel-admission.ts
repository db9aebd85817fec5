// One ValidatingAdmissionPolicy's expressions for one request and parameter object: its
// matchConditions (any false: the policy does not apply), its variables in order (available to
// later ones and to the validations as variables.NAME; only those something reads are computed,
// and one that fails is an error only for the expressions that read it), its validations with their messages, and its auditAnnotations.
import type { CelInput } from '@bufbuild/cel';
import type { Compiled } from '../../../api/cel/compile.js';
import type { KObj } from '../../../api/resource-info.js';
import type { Authorizer } from '../../auth/authorizer.js';
import { AdmissionExpressions, requestVariables, resultedInError, type LoadedCel } from '../cel-evaluation.js';
import { compileConditions, evaluateConditions } from '../webhooks/match-conditions.js';
import type { AdmissionAttributes } from '../webhooks/attributes.js';

type Obj = Record<string, any>;

interface Expression {
  readonly expression: string;
  readonly compiled?: Compiled;
  readonly invalid?: string;
}

interface CompiledPolicy {
  readonly conditions: ReturnType<typeof compileConditions>;
  /** Only the variables some validation, message or audit annotation reads (directly or through another variable). */
  readonly variables: readonly (Expression & { readonly name: string })[];
  readonly validations: readonly (Expression & { readonly message?: string; readonly messageExpression?: Expression; readonly reason: string; readonly reads: readonly string[] })[];
  readonly auditAnnotations: readonly (Expression & { readonly key: string })[];
}

/** What one evaluation found: errors (for the failure policy) and false validations. */
export interface PolicyEvaluation {
  readonly errors: string[];
  /** False validations, with their index in spec.validations. */
  readonly failures: { readonly message: string; readonly reason: string; readonly index: number }[];
  /** The auditAnnotations' values by key (a null value adds none). */
  readonly annotations: Record<string, string>;
}

export class CelAdmission {
  private readonly expressions: AdmissionExpressions;
  private readonly compiled = new WeakMap<Obj, CompiledPolicy>();

  constructor(authorizer: Authorizer | undefined) {
    this.expressions = new AdmissionExpressions(authorizer);
  }

  async evaluatePolicy(spec: Obj, a: AdmissionAttributes, params: KObj | null, namespaceObject: KObj | undefined): Promise<PolicyEvaluation> {
    const cel = await this.expressions.load();
    const policy = this.compile(cel, spec);
    const out: PolicyEvaluation = { errors: [], failures: [], annotations: {} };
    const variables = new Map<string, CelInput>();
    const vars: Record<string, CelInput> = {
      ...requestVariables(cel.module, a),
      params: cel.module.jsonToCel(params),
      namespaceObject: cel.module.jsonToCel(a.namespace ? (namespaceObject ?? null) : null),
      variables,
    };
    const conditions = await evaluateConditions(this.expressions, cel, policy.conditions, vars, a);
    if (conditions === false) return out;
    if (conditions.length > 0) return { ...out, errors: conditions };

    const failedVariables = new Map<string, string>();
    for (const v of policy.variables) {
      const r = v.compiled ? await this.expressions.run(cel, v.compiled, vars, a.request.user) : { error: v.invalid ?? 'not compiled' };
      if ('error' in r) failedVariables.set(v.name, resultedInError(v.expression, r.error));
      else variables.set(v.name, r.value as CelInput);
    }
    for (const [index, v] of policy.validations.entries()) {
      const failedRead = v.reads.map((n) => failedVariables.get(n)).find((e) => e !== undefined);
      if (failedRead) {
        out.errors.push(failedRead);
        continue;
      }
      const r = v.compiled ? await this.expressions.run(cel, v.compiled, vars, a.request.user) : { error: v.invalid ?? 'not compiled' };
      if ('error' in r) out.errors.push(resultedInError(v.expression, r.error));
      else if (r.value === false) out.failures.push({ message: await this.message(cel, v, vars, a), reason: v.reason, index });
      else if (r.value !== true) out.errors.push(resultedInError(v.expression, 'expected a bool result'));
    }
    for (const an of policy.auditAnnotations) {
      const r = an.compiled ? await this.expressions.run(cel, an.compiled, vars, a.request.user) : { error: an.invalid ?? 'not compiled' };
      if ('error' in r) out.errors.push(resultedInError(an.expression, r.error));
      else if (typeof r.value === 'string') out.annotations[an.key] = r.value;
      else if (r.value !== null) out.errors.push(resultedInError(an.expression, 'expected a string or null result'));
    }
    return out;
  }

  /** messageExpression's result when it is a usable one, else message, else "failed expression: EXPR". */
  private async message(cel: LoadedCel, v: CompiledPolicy['validations'][number], vars: Record<string, CelInput>, a: AdmissionAttributes): Promise<string> {
    if (v.messageExpression?.compiled) {
      const r = await this.expressions.run(cel, v.messageExpression.compiled, vars, a.request.user);
      if ('value' in r && typeof r.value === 'string') {
        const m = r.value.trim();
        if (m && !m.includes('\n')) return m;
      }
    }
    return v.message?.trim() || `failed expression: ${v.expression.trim()}`;
  }

  private compile(cel: LoadedCel, spec: Obj): CompiledPolicy {
    const cached = this.compiled.get(spec);
    if (cached) return cached;
    const withParams = !!spec.paramKind && typeof spec.paramKind === 'object';
    const names: string[] = [];
    const expression = (text: string, result?: readonly string[]): Expression => {
      const r = cel.env.compile(text.trim(), cel.module.policyVariables(names, withParams), result);
      return { expression: text, ...('invalid' in r ? { invalid: r.invalid } : { compiled: r }) };
    };
    const list = (v: unknown): Obj[] => (Array.isArray(v) ? v.filter((x) => x && typeof x === 'object') : []);
    const { fieldsUsed } = cel.module;
    const readsOf = (e: Expression | undefined): string[] => (e?.compiled ? fieldsUsed(e.compiled.parsed, 'variables') : []);
    const allVariables = list(spec.variables).map((v) => {
      const e = { ...expression(String(v.expression ?? '')), name: String(v.name ?? '') };
      names.push(e.name);
      return e;
    });
    const validations = list(spec.validations).map((v) => {
      const e = expression(String(v.expression ?? ''), ['bool']);
      const me = typeof v.messageExpression === 'string' && v.messageExpression.trim() ? expression(v.messageExpression, ['string']) : undefined;
      const reads = e.compiled ? fieldsUsed(e.compiled.parsed, 'variables') : [];
      return { ...e, message: typeof v.message === 'string' ? v.message : undefined, messageExpression: me, reason: typeof v.reason === 'string' && v.reason ? v.reason : 'Invalid', reads };
    });
    const conditions = compileConditions(list(spec.matchConditions), (t) => cel.env.compile(t, cel.module.policyVariables([], withParams), ['bool']));
    const auditAnnotations = list(spec.auditAnnotations).map((an) => ({ ...expression(String(an.valueExpression ?? ''), ['string', 'null_type']), key: String(an.key ?? '') }));
    // Upstream evaluates a variable when an expression first reads it; here the ones nothing reads are left out.
    const needed = new Set([...validations.flatMap((v) => [...v.reads, ...readsOf(v.messageExpression)]), ...auditAnnotations.flatMap(readsOf)]);
    for (const v of [...allVariables].reverse()) if (needed.has(v.name)) for (const n of readsOf(v)) needed.add(n);
    const variables = allVariables.filter((v) => needed.has(v.name));
    const out = { conditions, variables, validations, auditAnnotations };
    this.compiled.set(spec, out);
    return out;
  }
}
