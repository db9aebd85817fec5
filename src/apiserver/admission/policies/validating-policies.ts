// ValidatingAdmissionPolicy (upstream's validating admission policy plugin): for a request, every
// binding whose policy exists and whose policy's matchConstraints and own matchResources cover it
// (rules, excludeResourceRules, resourceNames, namespace and object selectors) is evaluated with
// each of its parameter objects (or none): the policy's matchConditions, its variables, then its
// validations. A false validation gives the binding's validationActions: Deny refuses the request
// (`... is forbidden: ValidatingAdmissionPolicy 'P' with binding 'B' denied request: MESSAGE`, the
// validation's reason and code, 422 Invalid by default), Warn adds a warning, Audit an annotation
// of the request's audit line (as do the policy's auditAnnotations). Errors (an expression that fails, parameters that cannot be found with
// parameterNotFoundAction Deny, a paramKind the server does not serve) follow the policy's
// failurePolicy. Policies and bindings are read from one storage watch each.
import { StatusError, type StatusReason } from '../../../api/errors.js';
import { labelSelectorFromObject, type LabelSelector } from '../../../api/meta/labels.js';
import type { KObj } from '../../../api/resource-info.js';
import type { ResourceStore } from '../../registry/store.js';
import type { AdmissionAttributes } from '../webhooks/attributes.js';
import { CachedObjects, decodeByName } from '../webhooks/configuration-cache.js';
import { CelAdmission } from './cel-admission.js';
import { namespaceOf } from '../namespace-of.js';
import { anyRuleMatches, isExemptFromWebhooks, namespaceSelectorApplies, namespaceSelectorMatches, objectSelectorMatches, targetOf } from '../webhooks/rules.js';
import type { Authorizer } from '../../auth/authorizer.js';

type Obj = Record<string, any>;

export interface PolicyAdmissionDeps {
  readonly policies: () => ResourceStore | undefined;
  readonly bindings: () => ResourceStore | undefined;
  readonly namespaces: () => ResourceStore | undefined;
  /** The store of a kind, for paramKind. */
  readonly storeOfKind: (apiVersion: string, kind: string) => ResourceStore | undefined;
  readonly authorizer?: Authorizer;
}

/** The request converted to another served version of its resource that `covers` accepts, if any. */
export type EquivalentView = (covers: (seen: AdmissionAttributes) => boolean) => Promise<AdmissionAttributes | undefined>;

interface Bound {
  readonly policy: KObj;
  readonly binding: KObj;
}

/** A failed validation, or an error, of one binding. */
interface Failure {
  readonly bound: Bound;
  readonly message: string;
  readonly reason: string;
  /** The validation's index in spec.validations (-1 for an error of the whole binding). */
  readonly index: number;
  /** An error (not a false validation): the policy's failurePolicy decides. */
  readonly error: boolean;
}

const MATCH_ALL = [{ operations: ['*'], apiGroups: ['*'], apiVersions: ['*'], resources: ['*/*'] }];

const REASON_CODES: Record<string, number> = { Unauthorized: 401, Forbidden: 403, RequestEntityTooLarge: 413, Invalid: 422 };

const nameOf = (o: KObj): string => String((o.metadata as Obj | undefined)?.name ?? '');

/** upstream extractResourceName: the request's name, else the object's name or generateName, else "Unknown". */
function requestName(a: AdmissionAttributes): string {
  if (a.name) return a.name;
  const meta = (a.object?.metadata ?? {}) as Obj;
  return meta.name || meta.generateName || 'Unknown';
}

/** Whether a MatchResources covers the request (its namespace and object selectors aside). */
function rulesCover(m: Obj, a: AdmissionAttributes): boolean {
  const t = targetOf(a);
  const named = (rules: unknown) =>
    Array.isArray(rules) &&
    rules.some((r: Obj) => anyRuleMatches([r], t) && (!Array.isArray(r.resourceNames) || r.resourceNames.length === 0 || r.resourceNames.includes(a.name)));
  if (!named(m.resourceRules)) return false;
  return !named(m.excludeResourceRules);
}

export class ValidatingAdmissionPolicies {
  private readonly policies: CachedObjects<KObj>;
  private readonly bindings: CachedObjects<KObj>;
  private readonly cel: CelAdmission;

  constructor(private readonly deps: PolicyAdmissionDeps) {
    this.policies = new CachedObjects(deps.policies, decodeByName);
    this.bindings = new CachedObjects(deps.bindings, decodeByName);
    this.cel = new CelAdmission(deps.authorizer);
  }

  async start(): Promise<void> {
    await Promise.all([this.policies.start(), this.bindings.start()]);
  }

  stop(): void {
    this.policies.stop();
    this.bindings.stop();
  }

  /** False when no policy or no binding is stored (and the caches know it). */
  active(): boolean {
    return this.policies.maybeAny && this.bindings.maybeAny;
  }

  /**
   * Evaluates every binding that covers the request; throws the first denial. `equivalent` gives
   * the request converted to another served version of its resource that a policy's rules name.
   */
  async validate(a: AdmissionAttributes, equivalent?: EquivalentView): Promise<void> {
    if (!this.active() || isExemptFromWebhooks(a.info.group, a.info.resource)) return;
    const [policies, bindings] = await Promise.all([this.policies.items(), this.bindings.items()]);
    if (policies.length === 0 || bindings.length === 0) return;
    const byName = new Map(policies.map((p) => [nameOf(p), p]));
    let namespace: { object: KObj | undefined } | undefined;
    const nsObject = async () => (namespace ??= { object: await namespaceOf(this.deps.namespaces, a) }).object;
    const failures: Failure[] = [];
    for (const binding of bindings) {
      const policy = byName.get(String((binding.spec as Obj | undefined)?.policyName ?? ''));
      if (!policy) continue;
      const bound = { policy, binding };
      const seen = await this.covers(obj((policy.spec as Obj | undefined)?.matchConstraints), a, nsObject, equivalent);
      if (!seen) continue;
      const own = (binding.spec as Obj | undefined)?.matchResources;
      // A binding's matchResources without resourceRules narrows by its selectors and exclusions only.
      if (own && typeof own === 'object' && !(await this.covers({ ...own, resourceRules: Array.isArray(own.resourceRules) && own.resourceRules.length ? own.resourceRules : MATCH_ALL }, a, nsObject, equivalent))) continue;
      failures.push(...(await this.evaluate(bound, seen, await nsObject())));
    }
    this.decide(failures, a);
  }

  /** The request as the MatchResources covers it (converted for an equivalent version), or undefined. */
  private async covers(m: Obj, a: AdmissionAttributes, nsObject: () => Promise<KObj | undefined>, equivalent: EquivalentView | undefined): Promise<AdmissionAttributes | undefined> {
    let seen: AdmissionAttributes | undefined = a;
    if (!rulesCover(m, a)) seen = m.matchPolicy === 'Exact' || !equivalent ? undefined : await equivalent((view) => rulesCover(m, view));
    if (!seen || !objectSelectorMatches(m.objectSelector, a)) return undefined;
    if (namespaceSelectorApplies(m.namespaceSelector, a)) {
      const labels = ((await nsObject())?.metadata as Obj | undefined)?.labels ?? {};
      if (!namespaceSelectorMatches(m.namespaceSelector, labels)) return undefined;
    }
    return seen;
  }

  /** The failures of one binding, for each of its parameter objects. */
  private async evaluate(bound: Bound, a: AdmissionAttributes, namespaceObject: KObj | undefined): Promise<Failure[]> {
    const spec = obj(bound.policy.spec);
    const fail = (message: string): Failure[] => (spec.failurePolicy === 'Ignore' ? [] : [{ bound, message, reason: 'Invalid', index: -1, error: true }]);
    let params: (KObj | null)[] = [null];
    if (spec.paramKind && typeof spec.paramKind === 'object') {
      const found = await this.params(bound, a);
      if (typeof found === 'string') return fail(`failed to configure binding: ${found}`);
      if (found.length === 0) {
        const action = (bound.binding.spec as Obj | undefined)?.paramRef?.parameterNotFoundAction;
        return action === 'Allow' ? [] : fail('failed to configure binding: no params found for policy binding with `Deny` parameterNotFoundAction');
      }
      params = found;
    }
    const out: Failure[] = [];
    for (const p of params) {
      const r = await this.cel.evaluatePolicy(spec, a, p, namespaceObject);
      for (const e of r.errors) out.push(...fail(e));
      for (const f of r.failures) out.push({ bound, message: f.message, reason: f.reason, index: f.index, error: false });
      for (const [key, value] of Object.entries(r.annotations)) annotate(a, `${nameOf(bound.policy)}/${key}`, value);
    }
    return out;
  }

  /** The binding's parameter objects, or why they cannot be read. */
  private async params(bound: Bound, a: AdmissionAttributes): Promise<KObj[] | string> {
    const kind = obj(obj(bound.policy.spec).paramKind);
    const ref = (bound.binding.spec as Obj | undefined)?.paramRef;
    if (!ref || typeof ref !== 'object') return 'paramRef is required when paramKind is specified';
    const store = this.deps.storeOfKind(String(kind.apiVersion ?? ''), String(kind.kind ?? ''));
    if (!store) return `paramKind kind \`${String(kind.kind ?? '')}\` not found`;
    let namespace = '';
    if (store.info.namespaced) {
      namespace = typeof ref.namespace === 'string' && ref.namespace ? ref.namespace : a.namespace;
      if (!namespace) return 'cannot use a namespaced paramKind without a namespace for a cluster-scoped request';
    }
    if (typeof ref.name === 'string' && ref.name) {
      const kv = await store.deps.storage.get(store.key(namespace, ref.name));
      return kv ? [store.decodeKv(kv)] : [];
    }
    const sel = labelSelectorFromObject((ref.selector ?? {}) as LabelSelector);
    const page = await store.deps.storage.list(store.listPrefix(namespace));
    return page.items.map((kv) => store.decodeKv(kv)).filter((o) => sel.matches(((o.metadata as Obj | undefined)?.labels ?? {}) as Record<string, string>));
  }

  /** Warnings for Warn, an audit annotation for Audit, the first Deny as the request's error. */
  private decide(failures: readonly Failure[], a: AdmissionAttributes): void {
    let denial: Failure | undefined;
    const audited: Obj[] = [];
    for (const f of failures) {
      const actions: string[] = Array.isArray((f.bound.binding.spec as Obj | undefined)?.validationActions) ? (f.bound.binding.spec as Obj).validationActions : [];
      if (actions.includes('Warn')) a.request.warnings.push(`Validation failed for ValidatingAdmissionPolicy '${nameOf(f.bound.policy)}' with binding '${nameOf(f.bound.binding)}': ${f.message}`);
      if (actions.includes('Audit')) audited.push({ message: f.message, policy: nameOf(f.bound.policy), binding: nameOf(f.bound.binding), expressionIndex: Math.max(f.index, 0), validationActions: actions });
      if (actions.includes('Deny')) denial ??= f;
    }
    if (audited.length > 0) annotate(a, 'validation.policy.admission.k8s.io/validation_failure', JSON.stringify(audited));
    if (!denial) return;
    const message = `ValidatingAdmissionPolicy '${nameOf(denial.bound.policy)}' with binding '${nameOf(denial.bound.binding)}' denied request: ${denial.message}`;
    const reason = denial.reason || 'Invalid';
    const gr = a.info.group ? `${a.info.resource}.${a.info.group}` : a.info.resource;
    const name = requestName(a);
    throw new StatusError(REASON_CODES[reason] ?? 422, reason as StatusReason, `${gr} "${name}" is forbidden: ${message}`, {
      name,
      group: a.info.group,
      kind: a.info.resource,
      causes: [{ message }],
    });
  }
}

function annotate(a: AdmissionAttributes, key: string, value: string): void {
  const audit = a.request.audit;
  if (audit) (audit.auditAnnotations ??= {})[key] = value;
}

const obj = (v: unknown): Obj => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : {});
