// Dynamic admission webhooks (upstream's MutatingAdmissionWebhook and ValidatingAdmissionWebhook
// plugins): for a write, the webhooks whose rules and selectors match are called — mutating ones
// one after another, applying their JSON patches, then validating ones in parallel — with their
// failure policy, timeout and dry-run rules, and only when their matchConditions hold.
import { randomUUID } from 'node:crypto';
import { newBadRequest, newInternalError, StatusError, type StatusReason } from '../../../api/errors.js';
import type { Labels } from '../../../api/meta/labels.js';
import type { KObj } from '../../../api/resource-info.js';
import type { BodyDecoder } from '../../handlers/context.js';
import { applyJsonPatch } from '../../patch/json-patch.js';
import type { ResourceStore } from '../../registry/store.js';
import type { AdmissionAttributes } from './attributes.js';
import type { RegisteredWebhook, WebhookConfigurationCache, WebhookKind } from './configuration-cache.js';
import { webhookTarget } from '../../webhook/client-config.js';
import { postJson, WebhookCallError, type WebhookTarget } from '../../webhook/https-call.js';
import { buildReview, parseReviewResponse, reviewVersionOf, type ReviewResponse } from './review.js';
import { anyRuleMatches, isExemptFromWebhooks, namespaceSelectorApplies, namespaceSelectorMatches, objectSelectorMatches, targetOf, type RuleTarget } from './rules.js';
import type { ServiceStores } from '../../webhook/service-endpoint.js';
import type { Authorizer } from '../../auth/authorizer.js';
import { MatchConditions } from './match-conditions.js';
import { namespaceOf } from '../namespace-of.js';
import type { ValidatingAdmissionPolicies } from '../policies/validating-policies.js';

type Obj = Record<string, any>;

export interface WebhookAdmissionDeps {
  readonly configurations: WebhookConfigurationCache;
  readonly services: ServiceStores;
  readonly namespaces: () => ResourceStore | undefined;
  /** Type-checks a patched object as a request body would be (unknown fields dropped). */
  readonly decoder: BodyDecoder;
  /** Every served version of a group's resource, preferred first (for matchPolicy Equivalent). */
  readonly versionsOf?: (group: string, resource: string) => readonly ResourceStore[];
  /** Answers the authorizer checks of match conditions (none: every check is "no opinion"). */
  readonly authorizer?: Authorizer;
  /** ValidatingAdmissionPolicies, evaluated before the validating webhooks (as upstream orders the plugins). */
  readonly policies?: ValidatingAdmissionPolicies;
}

/** A webhook that matched, and the store of the version it is to see the object in when that is not the request's. */
interface Match {
  readonly webhook: RegisteredWebhook;
  readonly as?: ResourceStore;
}

/**
 * An object of one version of a resource as another version: through the storage form, or with
 * one call of the kind's conversion webhook.
 */
async function convertObject(from: ResourceStore, to: ResourceStore, o: KObj): Promise<KObj> {
  const external = to.externalConversion;
  if (external) return (await external.convert([o], to.apiVersion))[0]!;
  const rv = (o.metadata as Obj | undefined)?.resourceVersion as string | undefined;
  const out = to.decode(from.encode(o), 0);
  const meta = out.metadata as Obj;
  if (rv === undefined) delete meta.resourceVersion;
  else meta.resourceVersion = rv;
  return out;
}

/** A failure to reach the webhook or to understand it, which failurePolicy Ignore forgives. */
class CallFailure extends Error {}

const NO_SIDE_EFFECTS_ON_DRY_RUN = ['None', 'NoneOnDryRun'];

/** upstream ToStatusErr: the webhook's Status with its message prefixed, at least 400. */
export function deniedError(name: string, status: Obj | undefined): StatusError {
  const s = status ?? {};
  const code = typeof s.code === 'number' && s.code >= 400 ? s.code : 400;
  const denied = `admission webhook "${name}" denied the request`;
  const message = typeof s.message === 'string' && s.message ? `${denied}: ${s.message}` : typeof s.reason === 'string' && s.reason ? `${denied}: ${s.reason}` : `${denied} without explanation`;
  return new StatusError(code, (typeof s.reason === 'string' ? s.reason : '') as StatusReason, message, s.details && typeof s.details === 'object' ? s.details : undefined);
}

export function dryRunUnsupported(name: string): StatusError {
  return newBadRequest(`admission webhook "${name}" does not support dry run`);
}

export class WebhookAdmission {
  private readonly conditions: MatchConditions;

  constructor(private readonly deps: WebhookAdmissionDeps) {
    this.conditions = new MatchConditions(deps.authorizer);
  }

  /** False when no webhook configuration and no policy binding is stored (and the caches know it). */
  active(): boolean {
    return this.deps.configurations.maybeAny() || !!this.deps.policies?.active();
  }

  /** Runs the mutating webhooks; returns the changed object, or undefined when none changed it. */
  async mutate(store: ResourceStore, a: AdmissionAttributes): Promise<KObj | undefined> {
    if (isExemptFromWebhooks(a.info.group, a.info.resource)) return undefined;
    const hooks = await this.matching('mutating', a);
    if (hooks.length === 0) return undefined;
    let current = a.object;
    let changed = false;
    // When each webhook last saw the object (index into `versions`), for reinvocation.
    const seen = new Map<Match, number>();
    let version = 0;
    const call = async (m: Match) => {
      const shown = m.as ? await this.converted(store, m.as, { ...a, object: current }) : { ...a, object: current };
      const outcome = await this.conditions.evaluate(m.webhook.hook, shown);
      if ('refuse' in outcome) throw outcome.refuse;
      if (!outcome.call) return;
      const r = await this.call(m.webhook, shown);
      seen.set(m, version);
      // Patches change objects only: a delete has none and a connect's options are not stored.
      if (!r?.patch || current === undefined || shown.object === undefined || a.operation === 'CONNECT') return;
      let next = this.applyPatch(m.as ?? store, shown.object, r.patch, a);
      if (m.as) {
        next = await convertObject(m.as, store, next);
        store.strategy.defaults?.(next);
      }
      if (JSON.stringify(next) !== JSON.stringify(current)) {
        current = next;
        changed = true;
        version++;
        seen.set(m, version);
      }
    };
    for (const m of hooks) await call(m);
    // reinvocationPolicy IfNeeded: once more for a webhook whose object a later one changed.
    if (changed) {
      for (const m of hooks) {
        if (m.webhook.hook.reinvocationPolicy === 'IfNeeded' && (seen.get(m) ?? version) < version) await call(m);
      }
    }
    return changed ? current : undefined;
  }

  /** Runs the validating webhooks in parallel; throws the first refusal (in webhook order). */
  async validate(store: ResourceStore, a: AdmissionAttributes): Promise<void> {
    if (isExemptFromWebhooks(a.info.group, a.info.resource)) return;
    await this.deps.policies?.validate(a, (covers) => this.equivalentView(store, a, covers));
    const hooks = await this.matching('validating', a);
    if (hooks.length === 0) return;
    // Match conditions are evaluated in webhook order before any call, as upstream does.
    const calls: { readonly webhook: RegisteredWebhook; readonly shown: AdmissionAttributes }[] = [];
    for (const m of hooks) {
      const shown = m.as ? await this.converted(store, m.as, a) : a;
      const outcome = await this.conditions.evaluate(m.webhook.hook, shown);
      if ('refuse' in outcome) throw outcome.refuse;
      if (outcome.call) calls.push({ webhook: m.webhook, shown });
    }
    const results = await Promise.allSettled(calls.map((c) => this.call(c.webhook, c.shown)));
    for (const r of results) if (r.status === 'rejected') throw r.reason;
  }

  /** The request as a webhook matched at another version of the resource sees it. */
  private async converted(store: ResourceStore, as: ResourceStore, a: AdmissionAttributes): Promise<AdmissionAttributes> {
    return {
      ...a,
      info: as.info,
      requestInfo: a.info,
      object: a.object && (await convertObject(store, as, a.object)),
      oldObject: a.oldObject && (await convertObject(store, as, a.oldObject)),
    };
  }

  /** The request as seen at another served version of its resource that `covers` accepts (matchPolicy Equivalent of policies). */
  private async equivalentView(store: ResourceStore, a: AdmissionAttributes, covers: (seen: AdmissionAttributes) => boolean): Promise<AdmissionAttributes | undefined> {
    const other = this.otherVersion(a, (s) => covers({ ...a, info: s.info }));
    return other && this.converted(store, other, a);
  }

  /** With matchPolicy Equivalent, a webhook whose rules name another served version of the resource. */
  private equivalent(h: RegisteredWebhook, a: AdmissionAttributes, target: RuleTarget): ResourceStore | undefined {
    if (h.hook.matchPolicy === 'Exact') return undefined;
    return this.otherVersion(a, (s) => anyRuleMatches(h.hook.rules, { ...target, version: s.info.version }));
  }

  /** The first other served version of the request's resource that `accepts` (none for CONNECT). */
  private otherVersion(a: AdmissionAttributes, accepts: (s: ResourceStore) => boolean): ResourceStore | undefined {
    if (a.operation === 'CONNECT' || !this.deps.versionsOf) return undefined;
    return this.deps.versionsOf(a.info.group, a.info.resource).find((s) => s.info.version !== a.info.version && accepts(s));
  }

  private async matching(kind: WebhookKind, a: AdmissionAttributes): Promise<Match[]> {
    const all = await this.deps.configurations.webhooks(kind);
    if (all.length === 0) return [];
    const target = targetOf(a);
    let nsLabels: Labels | undefined;
    const out: Match[] = [];
    for (const h of all) {
      const exact = anyRuleMatches(h.hook.rules, target);
      const as = exact ? undefined : this.equivalent(h, a, target);
      if (!exact && !as) continue;
      if (!objectSelectorMatches(h.hook.objectSelector, a)) continue;
      if (namespaceSelectorApplies(h.hook.namespaceSelector, a)) {
        nsLabels ??= await this.namespaceLabels(a);
        if (!namespaceSelectorMatches(h.hook.namespaceSelector, nsLabels)) continue;
      }
      out.push({ webhook: h, as });
    }
    return out;
  }

  /** The labels the namespaceSelector sees: a namespace's own (new) labels, or the object's namespace's. */
  private async namespaceLabels(a: AdmissionAttributes): Promise<Labels> {
    return (((await namespaceOf(this.deps.namespaces, a))?.metadata as Obj | undefined)?.labels ?? {}) as Labels;
  }

  /** Calls one webhook; a refusal throws, a failure throws or is ignored per failurePolicy. */
  private async call(h: RegisteredWebhook, a: AdmissionAttributes): Promise<ReviewResponse | undefined> {
    const name = String(h.hook.name ?? '');
    if (a.dryRun && !NO_SIDE_EFFECTS_ON_DRY_RUN.includes(String(h.hook.sideEffects ?? ''))) throw dryRunUnsupported(name);
    let response: ReviewResponse;
    try {
      response = await this.send(h, a);
    } catch (e) {
      if (!(e instanceof CallFailure)) throw e;
      if (h.hook.failurePolicy === 'Ignore') return undefined;
      throw newInternalError(`failed calling webhook "${name}": ${e.message}`);
    }
    a.request.warnings.push(...response.warnings);
    if (!response.allowed) throw deniedError(name, response.status);
    return response;
  }

  private async send(h: RegisteredWebhook, a: AdmissionAttributes): Promise<ReviewResponse> {
    const version = reviewVersionOf(h.hook);
    const uid = randomUUID();
    const timeoutSeconds = typeof h.hook.timeoutSeconds === 'number' ? h.hook.timeoutSeconds : 10;
    let target: WebhookTarget;
    try {
      target = await webhookTarget(h.hook.clientConfig, this.deps.services, `timeout=${timeoutSeconds}s`);
    } catch (e) {
      if (e instanceof WebhookCallError) throw new CallFailure(`failed to call webhook: ${e.message}`);
      throw new CallFailure(`could not get REST client: ${(e as Error).message}`);
    }
    let body: unknown;
    try {
      body = await postJson(target, Buffer.from(JSON.stringify(buildReview(a, version, uid))), timeoutSeconds * 1000);
    } catch (e) {
      if (e instanceof WebhookCallError) throw new CallFailure(`failed to call webhook: ${e.message}`);
      throw e;
    }
    const parsed = parseReviewResponse(body, version, uid);
    if (typeof parsed === 'string') throw new CallFailure(`received invalid webhook response: ${parsed}`);
    return parsed;
  }

  /** The object after a webhook's JSON patch, type-checked and defaulted as upstream re-decodes it. */
  private applyPatch(store: ResourceStore, current: KObj, patch: Buffer, a: AdmissionAttributes): KObj {
    let patched: unknown;
    try {
      patched = applyJsonPatch(current, JSON.parse(patch.toString('utf8')));
    } catch (e) {
      throw newInternalError((e as Error).message);
    }
    if (!patched || typeof patched !== 'object' || Array.isArray(patched)) throw newInternalError('the patched object is not an object');
    const decoded = this.deps.decoder.decode(store, patched, 'Ignore', a.request.warnings);
    store.strategy.defaults?.(decoded);
    return decoded;
  }
}

