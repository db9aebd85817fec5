// PodSpec and PodTemplateSpec validation (upstream ValidatePodSpec / ValidatePodTemplateSpec), the
// pod-only checks (annotations, create and update rules, status updates), shared with the kinds
// that embed pod templates.
import { forbidden, invalid, notSupported, required, type FieldError } from '../../field-errors.js';
import { validateLabels } from '../../meta/labels.js';
import { validateAnnotations } from '../../validation/object-meta.js';
import {
  inclusiveRangeError,
  isDNS1123Label,
  isDNS1123Subdomain,
  isQualifiedName,
  isValidGroupID,
  isValidIP,
  isValidUserID,
  maxLenError,
  nameIsDNSSubdomain,
  regexError,
  utf8Length,
} from '../../validation/names.js';
import {
  DEFAULT_POD_VALIDATION_OPTIONS,
  validateAppArmorProfileField,
  validateContainerOnlyForPod,
  validateContainers,
  validateEphemeralContainers,
  validateInitContainers,
  validateSeccompProfileField,
  validateWindowsSecurityContextOptions,
  type ContainerContext,
  type PodValidationOptions,
} from './container-validation.js';
import { validateResourceRequirements } from './resources.js';
import { validateAffinity, validateTolerations, validateTopologySpreadConstraints } from './scheduling-validation.js';
import { GoValue, arr, goQuote, idx, int, invalidGo, invalidStrings, isObj, isSet, jsonDiff, key, obj, pushMsgs, semanticEqual, str, sub, type Obj } from './util.js';
import { validateLocalDescendingPath, validateVolumes } from './volume-validation.js';

export type { PodValidationOptions } from './container-validation.js';

const RESTART_POLICIES = ['Always', 'OnFailure', 'Never'];
const DNS_POLICIES = ['ClusterFirstWithHostNet', 'ClusterFirst', 'Default', 'None'];
const MAX_INT32 = 2147483647;

function validateRestartPolicy(v: unknown, path: string): FieldError[] {
  const p = str(v);
  if (RESTART_POLICIES.includes(p)) return [];
  return p ? [notSupported(path, v, RESTART_POLICIES)] : [required(path, '')];
}

function validateDNSPolicy(v: unknown, path: string): FieldError[] {
  const p = str(v);
  if (DNS_POLICIES.includes(p)) return [];
  return p ? [notSupported(path, v, DNS_POLICIES)] : [required(path, '')];
}

// ---------------------------------------------------------------------------------------------
// DNS config

const SUBDOMAIN_WITH_UNDERSCORE_FMT = '_?[a-z0-9]([-_a-z0-9]*[a-z0-9])?(\\._?[a-z0-9]([-_a-z0-9]*[a-z0-9])?)*';
const SUBDOMAIN_WITH_UNDERSCORE_RE = /^_?[a-z0-9]([-_a-z0-9]*[a-z0-9])?(\._?[a-z0-9]([-_a-z0-9]*[a-z0-9])?)*$/;
const SUBDOMAIN_WITH_UNDERSCORE_ERR =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '_', '-' or '.', and must start and end with an alphanumeric character";

function isDNS1123SubdomainWithUnderscore(v: string): string[] {
  const errs: string[] = [];
  if (utf8Length(v) > 253) errs.push(maxLenError(253));
  if (!SUBDOMAIN_WITH_UNDERSCORE_RE.test(v)) errs.push(regexError(SUBDOMAIN_WITH_UNDERSCORE_ERR, SUBDOMAIN_WITH_UNDERSCORE_FMT, 'example.com'));
  return errs;
}

function validatePodDNSConfig(spec: Obj, path: string, opts: Required<PodValidationOptions>): FieldError[] {
  const errs: FieldError[] = [];
  const cfg = spec.dnsConfig;
  if (spec.dnsPolicy === 'None') {
    if (!isSet(cfg)) return [required(path, 'must provide `dnsConfig` when `dnsPolicy` is None')];
    if (arr(obj(cfg).nameservers).length === 0) return [required(sub(path, 'nameservers'), 'must provide at least one DNS nameserver when `dnsPolicy` is None')];
  }
  if (!isSet(cfg)) return errs;
  const c = obj(cfg);
  const ns = arr(c.nameservers);
  if (ns.length > 3) errs.push(invalidStrings(sub(path, 'nameservers'), ns, 'must not have more than 3 nameservers'));
  ns.forEach((n, i) => pushMsgs(errs, idx(sub(path, 'nameservers'), i), str(n), isValidIP(str(n))));
  const searches = arr(c.searches).map(str);
  if (searches.length > 32) errs.push(invalidStrings(sub(path, 'searches'), searches, 'must not have more than 32 search paths'));
  if (searches.join(' ').length > 2048) errs.push(invalidStrings(sub(path, 'searches'), searches, 'must not have more than 2048 characters (including spaces) in the search list'));
  searches.forEach((s, i) => {
    const p = idx(sub(path, 'searches'), i);
    if (opts.allowRelaxedDNSSearchValidation) {
      if (s !== '.') {
        const t = s.endsWith('.') ? s.slice(0, -1) : s;
        pushMsgs(errs, p, t, isDNS1123SubdomainWithUnderscore(t));
      }
    } else {
      const t = s.endsWith('.') ? s.slice(0, -1) : s;
      pushMsgs(errs, p, t, isDNS1123Subdomain(t));
    }
  });
  arr(c.options).forEach((o, i) => {
    if (!str(obj(o).name)) errs.push(required(idx(sub(path, 'options'), i), 'must not be empty'));
  });
  return errs;
}

// ---------------------------------------------------------------------------------------------
// Pod security context

const SYSCTL_SEGMENT = '[a-z0-9]([-_a-z0-9]*[a-z0-9])?';
const SYSCTL_REGEX_TEXT = `^(${SYSCTL_SEGMENT}[\\./])*${SYSCTL_SEGMENT}$`;
const SYSCTL_RE = new RegExp(SYSCTL_REGEX_TEXT);

function sysctlNamespace(name: string): 'net' | 'ipc' | 'uts' | '' {
  // Names may use '/' as the separator (then dots are literal); compare in dotted form.
  const n = name.includes('/') && !name.startsWith('/') ? name.replace(/\./g, '\u0000').replace(/\//g, '.').replace(/\u0000/g, '/') : name;
  if (n === 'kernel.sem') return 'ipc';
  if (n === 'kernel.domainname' || n === 'kernel.hostname') return 'uts';
  if (n.startsWith('kernel.shm') || n.startsWith('kernel.msg') || n.startsWith('fs.mqueue.')) return 'ipc';
  if (n.startsWith('net.')) return 'net';
  return '';
}

const FS_GROUP_CHANGE_POLICIES = ['Always', 'OnRootMismatch'];

function validatePodSecurityContext(spec: Obj, path: string, opts: Required<PodValidationOptions>): FieldError[] {
  if (!isSet(spec.securityContext)) return [];
  const sc = obj(spec.securityContext);
  const errs: FieldError[] = [];
  if (isSet(sc.fsGroup)) pushMsgs(errs, sub(path, 'fsGroup'), sc.fsGroup, isValidGroupID(int(sc.fsGroup) ?? -1));
  if (isSet(sc.runAsUser)) pushMsgs(errs, sub(path, 'runAsUser'), sc.runAsUser, isValidUserID(int(sc.runAsUser) ?? -1));
  if (isSet(sc.runAsGroup)) pushMsgs(errs, sub(path, 'runAsGroup'), sc.runAsGroup, isValidGroupID(int(sc.runAsGroup) ?? -1));
  arr(sc.supplementalGroups).forEach((g, i) => pushMsgs(errs, idx(sub(path, 'supplementalGroups'), i), g, isValidGroupID(int(g) ?? -1)));
  if (sc.shareProcessNamespace === true && spec.hostPID === true) {
    errs.push(invalid(sub(path, 'shareProcessNamespace'), true, 'ShareProcessNamespace and HostPID cannot both be enabled'));
  }
  const seen = new Set<string>();
  arr(sc.sysctls).forEach((s, i) => {
    const name = str(obj(s).name);
    const np = sub(idx(sub(path, 'sysctls'), i), 'name');
    if (!name) errs.push(required(np, ''));
    else if (name.length > 253 || !SYSCTL_RE.test(name)) errs.push(invalid(np, name, `must have at most 253 characters and match regex ${SYSCTL_REGEX_TEXT}`));
    else if (seen.has(name)) errs.push({ type: 'FieldValueDuplicate', field: np, value: name, showValue: true });
    if (!opts.allowNamespacedSysctlsForHostNetAndHostIPC) {
      const ns = sysctlNamespace(name);
      if (spec.hostNetwork === true && ns === 'net') errs.push(invalid(np, name, "may not be specified when 'hostNetwork' is true"));
      else if (spec.hostIPC === true && ns === 'ipc') errs.push(invalid(np, name, "may not be specified when 'hostIPC' is true"));
    }
    seen.add(name);
  });
  if (isSet(sc.fsGroupChangePolicy) && !FS_GROUP_CHANGE_POLICIES.includes(str(sc.fsGroupChangePolicy))) {
    errs.push(notSupported(sub(path, 'fsGroupChangePolicy'), sc.fsGroupChangePolicy, FS_GROUP_CHANGE_POLICIES));
  }
  errs.push(...validateSeccompProfileField(sc.seccompProfile, sub(path, 'seccompProfile')));
  errs.push(...validateWindowsSecurityContextOptions(sc.windowsOptions, sub(path, 'windowsOptions')));
  errs.push(...validateAppArmorProfileField(sc.appArmorProfile, sub(path, 'appArmorProfile')));
  if (isSet(sc.supplementalGroupsPolicy) && !['Merge', 'Strict'].includes(str(sc.supplementalGroupsPolicy))) {
    errs.push(notSupported(sub(path, 'supplementalGroupsPolicy'), sc.supplementalGroupsPolicy, ['Merge', 'Strict']));
  }
  if (isSet(sc.seLinuxChangePolicy) && !['MountOption', 'Recursive'].includes(str(sc.seLinuxChangePolicy))) {
    errs.push(notSupported(sub(path, 'seLinuxChangePolicy'), sc.seLinuxChangePolicy, ['MountOption', 'Recursive']));
  }
  return errs;
}

// ---------------------------------------------------------------------------------------------
// OS-specific rules

function allContainers(spec: Obj, path: string): Array<[Obj, string]> {
  const out: Array<[Obj, string]> = [];
  for (const f of ['initContainers', 'containers', 'ephemeralContainers']) {
    arr(spec[f]).forEach((c, i) => out.push([obj(c), idx(sub(path, f), i)]));
  }
  return out;
}

function validateOS(spec: Obj, path: string): FieldError[] {
  const os = obj(spec.os);
  const op = sub(path, 'os');
  const name = str(os.name);
  if (!name) return [required(sub(op, 'name'), 'cannot be empty')];
  if (name !== 'linux' && name !== 'windows') return [notSupported(op, os.name, ['linux', 'windows'])];
  const errs: FieldError[] = [];
  const sc = obj(spec.securityContext);
  const scp = sub(path, 'securityContext');
  if (name === 'linux') {
    if (isSet(sc.windowsOptions)) errs.push(forbidden(sub(scp, 'windowsOptions'), 'windows options cannot be set for a linux pod'));
    for (const [c, cp] of allContainers(spec, path)) {
      if (isSet(obj(c.securityContext).windowsOptions)) errs.push(forbidden(sub(sub(cp, 'securityContext'), 'windowsOptions'), 'windows options cannot be set for a linux pod'));
    }
    return errs;
  }
  const cannot = 'cannot be set for a windows pod';
  if (isSet(spec.securityContext)) {
    if (isSet(sc.appArmorProfile)) errs.push(forbidden(sub(scp, 'appArmorProfile'), cannot));
    if (isSet(sc.seLinuxOptions)) errs.push(forbidden(sub(scp, 'seLinuxOptions'), cannot));
    if (isSet(spec.hostUsers)) errs.push(forbidden(sub(path, 'hostUsers'), cannot));
    if (spec.hostPID === true) errs.push(forbidden(sub(path, 'hostPID'), cannot));
    if (spec.hostIPC === true) errs.push(forbidden(sub(path, 'hostIPC'), cannot));
    for (const f of ['seccompProfile', 'fsGroup', 'fsGroupChangePolicy']) if (isSet(sc[f])) errs.push(forbidden(sub(scp, f), cannot));
    if (arr(sc.sysctls).length) errs.push(forbidden(sub(scp, 'sysctls'), cannot));
    if (isSet(spec.shareProcessNamespace)) errs.push(forbidden(sub(path, 'shareProcessNamespace'), cannot));
    for (const f of ['runAsUser', 'runAsGroup', 'supplementalGroups', 'supplementalGroupsPolicy', 'seLinuxChangePolicy']) if (isSet(sc[f])) errs.push(forbidden(sub(scp, f), cannot));
  }
  for (const [c, cp] of allContainers(spec, path)) {
    if (!isSet(c.securityContext)) continue;
    const csc = obj(c.securityContext);
    const p = sub(cp, 'securityContext');
    for (const f of ['appArmorProfile', 'seLinuxOptions', 'seccompProfile', 'capabilities', 'readOnlyRootFilesystem', 'privileged', 'allowPrivilegeEscalation', 'procMount', 'runAsUser', 'runAsGroup']) {
      if (isSet(csc[f])) errs.push(forbidden(sub(p, f), cannot));
    }
  }
  return errs;
}

// ---------------------------------------------------------------------------------------------
// PodSpec

export interface PodSpecValidationOptions extends PodValidationOptions {
  /** The pod's name, when validating a Pod (used for ephemeral volume claim names). */
  readonly podName?: string;
}

/** Upstream ValidatePodSpec. `path` is where the spec sits ("spec", "spec.template.spec", ...). */
export function validatePodSpec(specRaw: unknown, path: string, options: PodSpecValidationOptions = {}): FieldError[] {
  const opts = { ...DEFAULT_POD_VALIDATION_OPTIONS, ...options };
  const spec = obj(specRaw);
  const errs: FieldError[] = [];
  if (!isSet(spec.terminationGracePeriodSeconds)) errs.push(required(sub(path, 'terminationGracePeriodSeconds'), ''));
  const hostUsers = obj(spec.securityContext).hostUsers !== false && spec.hostUsers !== false;
  const vols = validateVolumes(spec.volumes, options.podName ?? '', sub(path, 'volumes'), opts);
  errs.push(...vols.errors);
  const claimNames = new Set<string>();
  for (const c of arr(spec.resourceClaims)) if (str(obj(c).name)) claimNames.add(str(obj(c).name));
  errs.push(...validatePodResourceClaims(spec.resourceClaims, sub(path, 'resourceClaims')));
  const ctx: ContainerContext = {
    volumes: vols.volumes,
    podClaimNames: claimNames,
    gracePeriod: int(spec.terminationGracePeriodSeconds),
    podRestartPolicy: str(spec.restartPolicy),
    hostUsers,
    opts,
  };
  errs.push(...validateContainers(spec.containers, ctx, sub(path, 'containers')));
  errs.push(...validateInitContainers(spec.initContainers, spec.containers, ctx, sub(path, 'initContainers')));
  errs.push(...validateEphemeralContainers(spec.ephemeralContainers, spec.containers, spec.initContainers, ctx, sub(path, 'ephemeralContainers')));
  if (spec.hostNetwork === true) {
    arr(spec.containers).forEach((c, i) => {
      arr(obj(c).ports).forEach((pt, j) => {
        const hp = int(obj(pt).hostPort) ?? 0;
        const cp = int(obj(pt).containerPort) ?? 0;
        if ((opts.resourceIsPod || hp !== 0) && hp !== cp) {
          errs.push(invalid(sub(idx(sub(idx(sub(path, 'containers'), i), 'ports'), j), 'hostPort'), hp, 'must match `containerPort` when `hostNetwork` is true'));
        }
      });
    });
  }
  errs.push(...validateRestartPolicy(spec.restartPolicy, sub(path, 'restartPolicy')));
  errs.push(...validateDNSPolicy(spec.dnsPolicy, sub(path, 'dnsPolicy')));
  errs.push(...validateLabels(isObj(spec.nodeSelector) ? spec.nodeSelector : undefined, sub(path, 'nodeSelector')));
  errs.push(...validatePodSecurityContext(spec, sub(path, 'securityContext'), opts));
  arr(spec.imagePullSecrets).forEach((s, i) => {
    const ref = obj(s);
    if (Object.keys(ref).some((k) => k !== 'name' && isSet(ref[k]))) {
      errs.push(invalidGo(idx(sub(path, 'imagePullSecrets'), i), ref, `core.LocalObjectReference{Name:${goQuote(str(ref.name))}}`, 'only name may be set'));
    }
  });
  errs.push(...validateAffinity(spec.affinity, sub(path, 'affinity'), opts));
  errs.push(...validatePodDNSConfig(spec, sub(path, 'dnsConfig'), opts));
  arr(spec.readinessGates).forEach((g, i) => {
    const ct = str(obj(g).conditionType);
    pushMsgs(errs, sub(idx(sub(path, 'readinessGates'), i), 'conditionType'), ct, isQualifiedName(ct));
  });
  const gates = new Set<string>();
  arr(spec.schedulingGates).forEach((g, i) => {
    const name = str(obj(g).name);
    const p = idx(sub(path, 'schedulingGates'), i);
    pushMsgs(errs, p, name, isQualifiedName(name));
    if (gates.has(name)) errs.push({ type: 'FieldValueDuplicate', field: p, value: name, showValue: true });
    gates.add(name);
  });
  errs.push(...validateTopologySpreadConstraints(spec.topologySpreadConstraints, sub(path, 'topologySpreadConstraints'), opts.allowInvalidTopologySpreadConstraintLabelSelector));
  if (obj(spec.securityContext).hostUsers === false || spec.hostUsers === false) {
    if (spec.hostNetwork === true) errs.push(forbidden(sub(path, 'hostNetwork'), 'when `pod.Spec.HostUsers` is false'));
    if (spec.hostPID === true) errs.push(forbidden(sub(path, 'HostPID'), 'when `pod.Spec.HostUsers` is false'));
    if (spec.hostIPC === true) errs.push(forbidden(sub(path, 'HostIPC'), 'when `pod.Spec.HostUsers` is false'));
  }
  const nameField = (f: string) => {
    const v = str(spec[f]);
    if (v) pushMsgs(errs, sub(path, f), v, nameIsDNSSubdomain(v, false));
  };
  nameField('serviceAccountName');
  nameField('nodeName');
  if (isSet(spec.activeDeadlineSeconds)) {
    const v = int(spec.activeDeadlineSeconds) ?? 0;
    if (v < 1 || v > MAX_INT32) errs.push(invalid(sub(path, 'activeDeadlineSeconds'), v, inclusiveRangeError(1, MAX_INT32)));
  }
  for (const f of ['hostname', 'subdomain']) {
    const v = str(spec[f]);
    if (v) pushMsgs(errs, sub(path, f), v, isDNS1123Label(v));
  }
  errs.push(...validateTolerations(spec.tolerations, sub(path, 'tolerations')));
  arr(spec.hostAliases).forEach((h, i) => {
    const ha = obj(h);
    const p = idx(sub(path, 'hostAliases'), i);
    pushMsgs(errs, sub(p, 'ip'), str(ha.ip), isValidIP(str(ha.ip)));
    arr(ha.hostnames).forEach((n, j) => pushMsgs(errs, idx(sub(p, 'hostnames'), j), str(n), isDNS1123Subdomain(str(n))));
  });
  nameField('priorityClassName');
  if (isSet(spec.runtimeClassName)) pushMsgs(errs, sub(path, 'runtimeClassName'), str(spec.runtimeClassName), nameIsDNSSubdomain(str(spec.runtimeClassName), false));
  if (isSet(spec.preemptionPolicy)) {
    const pp = str(spec.preemptionPolicy);
    if (!pp) errs.push(required(sub(path, 'preemptionPolicy'), ''));
    else if (pp !== 'PreemptLowerPriority' && pp !== 'Never') errs.push(notSupported(sub(path, 'preemptionPolicy'), spec.preemptionPolicy, ['PreemptLowerPriority', 'Never']));
  }
  if (isSet(spec.overhead)) errs.push(...validateResourceRequirements({ limits: spec.overhead }, sub(path, 'overhead')));
  if (isSet(spec.os)) errs.push(...validateOS(spec, path));
  return errs;
}

function validatePodResourceClaims(claims: unknown, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const names = new Set<string>();
  arr(claims).forEach((raw, i) => {
    const c = obj(raw);
    const p = idx(path, i);
    const name = str(c.name);
    if (!name) errs.push(required(sub(p, 'name'), ''));
    else if (names.has(name)) errs.push({ type: 'FieldValueDuplicate', field: sub(p, 'name'), value: name, showValue: true });
    else {
      pushMsgs(errs, sub(p, 'name'), name, isDNS1123Label(name));
      names.add(name);
    }
    const printed = `core.PodResourceClaim{Name:${goQuote(name)}, ...}`;
    if (isSet(c.resourceClaimName) && isSet(c.resourceClaimTemplateName)) {
      errs.push(invalidGo(p, c, printed, 'at most one of `resourceClaimName` or `resourceClaimTemplateName` may be specified'));
    }
    if (!isSet(c.resourceClaimName) && !isSet(c.resourceClaimTemplateName)) {
      errs.push(invalidGo(p, c, printed, 'must specify one of: `resourceClaimName`, `resourceClaimTemplateName`'));
    }
    for (const f of ['resourceClaimName', 'resourceClaimTemplateName']) {
      if (isSet(c[f])) pushMsgs(errs, sub(p, f), str(c[f]), nameIsDNSSubdomain(str(c[f]), false));
    }
  });
  return errs;
}

// ---------------------------------------------------------------------------------------------
// Pod-specific annotations

const MIRROR_POD = 'kubernetes.io/config.mirror';
const TOLERATIONS_ANNOTATION = 'scheduler.alpha.kubernetes.io/tolerations';
const DELETION_COST = 'controller.kubernetes.io/pod-deletion-cost';
const SECCOMP_POD = 'seccomp.security.alpha.kubernetes.io/pod';
const SECCOMP_CONTAINER_PREFIX = 'container.seccomp.security.alpha.kubernetes.io/';
const APPARMOR_PREFIX = 'container.apparmor.security.beta.kubernetes.io/';

function validSeccompAnnotation(p: string, path: string): FieldError[] {
  if (p === 'runtime/default' || p === 'docker/default' || p === 'unconfined') return [];
  if (p.startsWith('localhost/')) return validateLocalDescendingPath(p.slice('localhost/'.length), path);
  return [invalid(path, p, 'must be a valid seccomp profile')];
}

function validDeletionCost(v: string): boolean {
  if (!v) return false;
  if (!(v[0] === '-' || v === '0' || (v[0]! >= '1' && v[0]! <= '9'))) return false;
  if (!/^-?[0-9]+$/.test(v)) return false;
  const n = Number(v);
  return n >= -2147483648 && n <= MAX_INT32;
}

function podHasContainer(spec: Obj, name: string): boolean {
  return ['initContainers', 'containers', 'ephemeralContainers'].some((f) => arr(spec[f]).some((c) => str(obj(c).name) === name));
}

/** Annotations with meaning for pods: mirror pods, tolerations, deletion cost, seccomp and AppArmor. */
export function validatePodSpecificAnnotations(annotations: unknown, spec: Obj, path: string, opts: PodValidationOptions = {}): FieldError[] {
  const a = obj(annotations);
  const errs: FieldError[] = [];
  if (MIRROR_POD in a && !str(spec.nodeName)) errs.push(invalid(key(path, MIRROR_POD), str(a[MIRROR_POD]), 'must set spec.nodeName if mirror pod annotation is set'));
  if (str(a[TOLERATIONS_ANNOTATION])) {
    let tolerations: unknown;
    try {
      tolerations = JSON.parse(str(a[TOLERATIONS_ANNOTATION]));
    } catch (e) {
      errs.push(invalid(path, TOLERATIONS_ANNOTATION, (e as Error).message));
    }
    if (Array.isArray(tolerations)) errs.push(...validateTolerations(tolerations, sub(path, TOLERATIONS_ANNOTATION)));
  }
  if (!opts.allowInvalidPodDeletionCost && DELETION_COST in a && !validDeletionCost(str(a[DELETION_COST]))) {
    errs.push(invalid(key(path, DELETION_COST), str(a[DELETION_COST]), 'must be a 32bit integer'));
  }
  if (SECCOMP_POD in a) errs.push(...validSeccompAnnotation(str(a[SECCOMP_POD]), sub(path, SECCOMP_POD)));
  for (const k of Object.keys(a).sort()) {
    if (k.startsWith(SECCOMP_CONTAINER_PREFIX)) errs.push(...validSeccompAnnotation(str(a[k]), sub(path, k)));
    if (k.startsWith(APPARMOR_PREFIX)) {
      const container = k.slice(APPARMOR_PREFIX.length);
      if (!podHasContainer(spec, container)) errs.push(invalid(key(path, k), container, 'container not found'));
      const p = str(a[k]);
      if (p && p !== 'runtime/default' && p !== 'unconfined' && !p.startsWith('localhost/')) errs.push(invalid(key(path, k), p, `invalid AppArmor profile name: ${goQuote(p)}`));
    }
  }
  return errs;
}

// ---------------------------------------------------------------------------------------------
// Templates

/** Upstream ValidatePodTemplateSpec: template labels, annotations and spec. */
export function validatePodTemplateSpec(templateRaw: unknown, path: string, options: PodValidationOptions = {}): FieldError[] {
  const template = obj(templateRaw);
  const meta = obj(template.metadata);
  const spec = obj(template.spec);
  // Upstream reports template labels and annotations on <path>.labels / <path>.annotations.
  const errs = [
    ...validateLabels(isObj(meta.labels) ? meta.labels : undefined, sub(path, 'labels')),
    ...validateAnnotations(isObj(meta.annotations) ? meta.annotations : undefined, sub(path, 'annotations')),
    ...validatePodSpecificAnnotations(meta.annotations, spec, sub(path, 'annotations'), options),
    ...validatePodSpec(spec, sub(path, 'spec'), options),
  ];
  if (arr(spec.ephemeralContainers).length > 0) errs.push(forbidden(sub(sub(path, 'spec'), 'ephemeralContainers'), 'ephemeral containers not allowed in pod template'));
  return errs;
}

// ---------------------------------------------------------------------------------------------
// Pods

/**
 * The checks of a Pod's metadata and spec shared by create and update (upstream
 * validatePodMetadataAndSpec; the registry has already validated ObjectMeta itself).
 */
export function validatePod(pod: Obj, opts: PodValidationOptions = {}): FieldError[] {
  const meta = obj(pod.metadata);
  const spec = obj(pod.spec);
  const o = { ...opts, resourceIsPod: true };
  const errs = [
    ...validatePodSpecificAnnotations(meta.annotations, spec, 'metadata.annotations', o),
    ...validatePodSpec(spec, 'spec', { ...o, podName: str(meta.name) }),
  ];
  if (!str(spec.serviceAccountName)) {
    arr(spec.volumes).forEach((v, vi) => {
      arr(obj(obj(v).projected).sources).forEach((s, si) => {
        if (isSet(obj(s).serviceAccountToken)) {
          errs.push(forbidden(`spec.volumes[${vi}].projected.sources[${si}].serviceAccountToken`, 'must not be specified when serviceAccountName is not set'));
        }
      });
    });
  }
  for (const f of ['containers', 'initContainers']) arr(spec[f]).forEach((c, i) => errs.push(...validateContainerOnlyForPod(obj(c), idx(`spec.${f}`, i))));
  return errs;
}

/** Upstream ValidatePodCreate (metadata itself is checked by the registry). */
export function validatePodCreate(pod: Obj, opts: PodValidationOptions = {}): FieldError[] {
  const spec = obj(pod.spec);
  const errs = validatePod(pod, opts);
  if (arr(spec.ephemeralContainers).length > 0) errs.push(forbidden('spec.ephemeralContainers', 'cannot be set on create'));
  if (str(spec.nodeName) && arr(spec.schedulingGates).length > 0) errs.push(forbidden('spec.nodeName', 'cannot be set until all schedulingGates have been cleared'));
  return errs;
}

const UPDATABLE_POD_SPEC_FIELDS = [
  '`spec.containers[*].image`',
  '`spec.initContainers[*].image`',
  '`spec.activeDeadlineSeconds`',
  '`spec.tolerations` (only additions to existing tolerations)',
  '`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)',
];

function validateContainerUpdates(next: unknown, prev: unknown, path: string): { errs: FieldError[]; stop: boolean } {
  const n = arr(next);
  if (n.length !== arr(prev).length) return { errs: [forbidden(path, 'pod updates may not add or remove containers')], stop: true };
  const errs: FieldError[] = [];
  n.forEach((c, i) => {
    const image = str(obj(c).image);
    if (!image) errs.push(required(sub(idx(path, i), 'image'), ''));
    if (image.trim().length !== image.length) errs.push(invalid(sub(idx(path, i), 'image'), image, 'must not have leading or trailing whitespace'));
  });
  return { errs, stop: false };
}

function validateOnlyAddedTolerations(next: unknown, prev: unknown, path: string): FieldError[] {
  for (const old of arr(prev)) {
    const found = arr(next).some((t) => semanticEqual({ ...obj(old), tolerationSeconds: obj(t).tolerationSeconds }, t));
    if (!found) return [forbidden(path, 'existing toleration can not be modified except its tolerationSeconds')];
  }
  return validateTolerations(next, path);
}

function validateAnnotationUpdates(pod: Obj, old: Obj, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const na = obj(obj(pod.metadata).annotations);
  const oa = obj(obj(old.metadata).annotations);
  for (const k of Object.keys(oa).sort()) {
    if (k in na && na[k] === oa[k]) continue;
    if (k.startsWith(APPARMOR_PREFIX)) errs.push(forbidden(key(path, k), 'may not remove or update AppArmor annotations'));
    if (k === MIRROR_POD) errs.push(forbidden(key(path, k), 'may not remove or update mirror pod annotation'));
  }
  for (const k of Object.keys(na).sort()) {
    if (k in oa) continue;
    if (k.startsWith(APPARMOR_PREFIX)) errs.push(forbidden(key(path, k), 'may not add AppArmor annotations'));
    if (k === MIRROR_POD) errs.push(forbidden(key(path, k), 'may not add mirror pod annotation'));
  }
  return errs;
}

/**
 * The update rules of upstream ValidatePodUpdate: only images, activeDeadlineSeconds, tolerations
 * (additions) and a few more may change. The checks shared with create (validatePod) are not
 * repeated here: the registry runs validate and validateUpdate on every update.
 */
export function validatePodUpdate(pod: Obj, old: Obj): FieldError[] {
  const errs = validateAnnotationUpdates(pod, old, 'metadata.annotations');
  const spec = obj(pod.spec);
  const oldSpec = obj(old.spec);
  for (const f of ['containers', 'initContainers']) {
    const r = validateContainerUpdates(spec[f], oldSpec[f], `spec.${f}`);
    errs.push(...r.errs);
    if (r.stop) return errs;
  }
  if (isSet(spec.activeDeadlineSeconds)) {
    const v = int(spec.activeDeadlineSeconds) ?? 0;
    if (v < 0 || v > MAX_INT32) return [...errs, invalid('spec.activeDeadlineSeconds', v, inclusiveRangeError(0, MAX_INT32))];
    if (isSet(oldSpec.activeDeadlineSeconds) && (int(oldSpec.activeDeadlineSeconds) ?? 0) < v) {
      return [...errs, invalid('spec.activeDeadlineSeconds', v, 'must be less than or equal to previous value')];
    }
  } else if (isSet(oldSpec.activeDeadlineSeconds)) {
    errs.push(invalid('spec.activeDeadlineSeconds', null, 'must not update from a positive integer to nil value'));
  }
  errs.push(...validateOnlyAddedTolerations(spec.tolerations, oldSpec.tolerations, 'spec.tolerations'));
  // Scheduling gates may only be removed.
  if (arr(spec.schedulingGates).length) {
    const oldGates = new Set(arr(oldSpec.schedulingGates).map((g) => str(obj(g).name)));
    arr(spec.schedulingGates).forEach((g, i) => {
      const name = str(obj(g).name);
      if (!oldGates.has(name)) errs.push(forbidden(`spec.schedulingGates[${i}].name`, `only deletion is allowed, but found new scheduling gate '${name}'`));
    });
  }
  if (semanticEqual(spec, oldSpec)) return errs;
  // Put the mutable fields back to their old values and compare what is left.
  const munged: Obj = structuredClone(spec);
  for (const f of ['containers', 'initContainers']) {
    if (Array.isArray(munged[f])) {
      munged[f] = munged[f].map((c: unknown, i: number) => (isObj(c) ? { ...c, image: obj(arr(oldSpec[f])[i]).image } : c));
    }
  }
  munged.activeDeadlineSeconds = oldSpec.activeDeadlineSeconds;
  munged.schedulingGates = oldSpec.schedulingGates;
  munged.tolerations = oldSpec.tolerations;
  if ((int(oldSpec.terminationGracePeriodSeconds) ?? 0) < 0 && munged.terminationGracePeriodSeconds === 1) {
    munged.terminationGracePeriodSeconds = oldSpec.terminationGracePeriodSeconds;
  }
  if (arr(oldSpec.schedulingGates).length > 0) {
    // Gated pods may add node selectors and node affinity requirements.
    const ns = obj(munged.nodeSelector);
    const oldNs = obj(oldSpec.nodeSelector);
    if (!semanticEqual(ns, oldNs)) {
      if (Object.keys(oldNs).some((k) => ns[k] !== oldNs[k])) {
        errs.push(invalidGo('spec.nodeSelector', ns, goStringMapOf(ns), 'only additions to spec.nodeSelector are allowed (no mutations or deletions)'));
      }
      munged.nodeSelector = oldSpec.nodeSelector;
    }
    const oldNA = obj(oldSpec.affinity).nodeAffinity;
    const newNA = obj(munged.affinity).nodeAffinity;
    if (!semanticEqual(oldNA, newNA)) {
      errs.push(...validateNodeAffinityMutation(newNA, oldNA, 'spec.affinity.nodeAffinity'));
      if (!isSet(munged.affinity)) munged.affinity = { nodeAffinity: oldNA };
      else if (!isSet(oldSpec.affinity) && !isSet(obj(munged.affinity).podAffinity) && !isSet(obj(munged.affinity).podAntiAffinity)) munged.affinity = undefined;
      else munged.affinity = { ...obj(munged.affinity), nodeAffinity: oldNA };
    }
  }
  if (!semanticEqual(munged, oldSpec)) {
    errs.push(forbidden('spec', `pod updates may not change fields other than ${UPDATABLE_POD_SPEC_FIELDS.join(',')}\n${jsonDiff(oldSpec, munged, 'core.PodSpec')}`));
  }
  return errs;
}

const goStringMapOf = (m: Obj): string =>
  `map[string]string{${Object.keys(m)
    .sort()
    .map((k) => `${goQuote(k)}:${goQuote(str(m[k]))}`)
    .join(', ')}}`;

function validateNodeAffinityMutation(next: unknown, prev: unknown, path: string): FieldError[] {
  const oldReq = obj(prev).requiredDuringSchedulingIgnoredDuringExecution;
  if (!isSet(prev) || !isSet(oldReq)) return [];
  const oldTerms = arr(obj(oldReq).nodeSelectorTerms);
  const newTerms = arr(obj(obj(next).requiredDuringSchedulingIgnoredDuringExecution).nodeSelectorTerms);
  const tp = 'requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms';
  if (oldTerms.length > 0 && oldTerms.length !== newTerms.length) {
    return [invalidGo(sub(path, tp), newTerms, '[]core.NodeSelectorTerm{...}', 'no additions/deletions to non-empty NodeSelectorTerms list are allowed')];
  }
  const errs: FieldError[] = [];
  oldTerms.forEach((ot, i) => {
    const o = obj(ot);
    const n = obj(newTerms[i]);
    let ok = true;
    const oe = arr(o.matchExpressions);
    const of = arr(o.matchFields);
    const ne = arr(n.matchExpressions);
    const nf = arr(n.matchFields);
    if (oe.length === 0 && of.length === 0 && (ne.length > 0 || nf.length > 0)) ok = false;
    if (oe.length && (ne.length < oe.length || !semanticEqual(ne.slice(0, oe.length), oe))) ok = false;
    if (of.length && (nf.length < of.length || !semanticEqual(nf.slice(0, of.length), of))) ok = false;
    if (!ok) errs.push(invalidGo(idx(sub(path, tp), i), n, 'core.NodeSelectorTerm{...}', 'only additions are allowed (no mutations or deletions)'));
  });
  return errs;
}

// ---------------------------------------------------------------------------------------------
// Status

function validateContainerStateTransition(next: unknown, prev: unknown, path: string, restartPolicy: string, restartable: (name: string) => boolean): FieldError[] {
  if (restartPolicy === 'Always') return [];
  const errs: FieldError[] = [];
  arr(prev).forEach((o, i) => {
    const terminated = obj(obj(o).state).terminated;
    if (!isSet(terminated)) return;
    if ((int(obj(terminated).exitCode) ?? 0) !== 0 && restartPolicy === 'OnFailure') return;
    if (restartable(str(obj(o).name))) return;
    for (const n of arr(next)) {
      if (str(obj(n).name) === str(obj(o).name) && !isSet(obj(obj(n).state).terminated)) {
        errs.push(forbidden(sub(idx(path, i), 'state'), 'may not be transitioned to non-terminated state'));
      }
    }
  });
  return errs;
}

function validateIPList(list: unknown, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const ips = arr(list).map((x) => str(obj(x).ip));
  ips.forEach((ip, i) => pushMsgs(errs, idx(path, i), ip, isValidIP(ip)));
  if (ips.length > 1) {
    const v4 = ips.filter((ip) => !ip.includes(':')).length;
    const v6 = ips.length - v4;
    if (!(v4 === 1 && v6 === 1) || ips.length > 2) {
      errs.push(invalidGo(path, list, `[]core.PodIP{${ips.map((ip) => `core.PodIP{IP:${goQuote(ip)}}`).join(', ')}}`, 'may specify no more than one IP for each IP family'));
    }
    const seen = new Set<string>();
    ips.forEach((ip, i) => {
      if (seen.has(ip)) errs.push({ type: 'FieldValueDuplicate', field: idx(path, i), value: new GoValue(`core.PodIP{IP:${goQuote(ip)}}`), showValue: true });
      seen.add(ip);
    });
  }
  return errs;
}

/** Upstream ValidatePodStatusUpdate (the status subresource). */
export function validatePodStatusUpdate(pod: Obj, old: Obj): FieldError[] {
  const errs = validateAnnotationUpdates(pod, old, 'metadata.annotations');
  errs.push(...validatePodSpecificAnnotations(obj(pod.metadata).annotations, obj(pod.spec), 'metadata.annotations'));
  const status = obj(pod.status);
  const oldStatus = obj(old.status);
  const spec = obj(pod.spec);
  const oldSpec = obj(old.spec);
  arr(status.conditions).forEach((c, i) => {
    const t = str(obj(c).type);
    if (t === 'PodScheduled' || t === 'Ready' || t === 'Initialized') return;
    pushMsgs(errs, `metadata.conditions[${i}].Type`, t, isQualifiedName(t));
  });
  if (str(spec.nodeName) !== str(oldSpec.nodeName)) errs.push(forbidden('status.nodeName', 'may not be changed directly'));
  const nominated = str(status.nominatedNodeName);
  if (nominated && nominated !== str(oldStatus.nominatedNodeName)) pushMsgs(errs, 'status.nominatedNodeName', nominated, nameIsDNSSubdomain(nominated, false));
  if (str(status.qosClass) !== str(oldStatus.qosClass)) errs.push(invalid('status.qosClass', str(status.qosClass), 'field is immutable'));
  const restartPolicy = str(oldSpec.restartPolicy);
  errs.push(...validateContainerStateTransition(status.containerStatuses, oldStatus.containerStatuses, 'status.containerStatuses', restartPolicy, () => false));
  const restartableInit = (name: string) => arr(oldSpec.initContainers).some((c) => str(obj(c).name) === name && obj(c).restartPolicy === 'Always');
  errs.push(...validateContainerStateTransition(status.initContainerStatuses, oldStatus.initContainerStatuses, 'status.initContainerStatuses', restartPolicy, restartableInit));
  errs.push(...validateContainerStateTransition(status.ephemeralContainerStatuses, oldStatus.ephemeralContainerStatuses, 'status.ephemeralContainerStatuses', 'Never', () => false));
  errs.push(...validateIPList(status.podIPs, 'status.podIPs'));
  const hostIPs = arr(status.hostIPs);
  if (hostIPs.length) {
    const first = str(obj(hostIPs[0]).ip);
    if (str(status.hostIP) !== first) errs.push(invalid('status.hostIPs[0].ip', first, 'must be equal to `hostIP`'));
    errs.push(...validateIPList(hostIPs, 'status.hostIPs'));
  }
  return errs;
}
