// Containers (regular, init and ephemeral): ports, environment, mounts, probes and lifecycle
// handlers, resources, security context, and the container defaults.
import { forbidden, invalid, notSupported, required, type FieldError } from '../../field-errors.js';
import {
  isDNS1123Label,
  isEnvVarName,
  isHTTPHeaderName,
  isRelaxedEnvVarName,
  isValidGroupID,
  isValidPortName,
  isValidPortNum,
  isValidUserID,
  nameIsDNSSubdomain,
} from '../../validation/names.js';
import { defaultResourceList, validateResourceRequirements } from './resources.js';
import { GoValue, arr, idx, int, invalidGo, isObj, isSet, obj, pushMsgs, semanticEqual, str, sub, type Obj } from './util.js';
import { defaultFieldRef, imageTag, validateEnvVarValueFrom, validateLocalDescendingPath, validatePullPolicy } from './volume-validation.js';

/** Upstream's PodValidationOptions, with Kubernetes 1.33's defaults for the feature-gated ones. */
export interface PodValidationOptions {
  /** The top-level object is a Pod (not a template in another kind). */
  readonly resourceIsPod?: boolean;
  readonly allowInvalidPodDeletionCost?: boolean;
  readonly allowInvalidLabelValueInSelector?: boolean;
  readonly allowIndivisibleHugePagesValues?: boolean;
  readonly allowInvalidTopologySpreadConstraintLabelSelector?: boolean;
  readonly allowNonLocalProjectedTokenPath?: boolean;
  readonly allowNamespacedSysctlsForHostNetAndHostIPC?: boolean;
  readonly allowRelaxedEnvironmentVariableValidation?: boolean;
  readonly allowRelaxedDNSSearchValidation?: boolean;
  readonly allowPodLifecycleSleepActionZeroValue?: boolean;
  readonly allowSidecarResizePolicy?: boolean;
  readonly allowInvalidLabelValueInRequiredNodeAffinity?: boolean;
}

export const DEFAULT_POD_VALIDATION_OPTIONS: Required<PodValidationOptions> = {
  resourceIsPod: false,
  allowInvalidPodDeletionCost: false,
  allowInvalidLabelValueInSelector: false,
  allowIndivisibleHugePagesValues: false,
  allowInvalidTopologySpreadConstraintLabelSelector: false,
  allowNonLocalProjectedTokenPath: false,
  allowNamespacedSysctlsForHostNetAndHostIPC: false,
  // Beta and on by default in 1.33: RelaxedEnvironmentVariableValidation, RelaxedDNSSearchValidation,
  // PodLifecycleSleepActionAllowZero, InPlacePodVerticalScaling.
  allowRelaxedEnvironmentVariableValidation: true,
  allowRelaxedDNSSearchValidation: true,
  allowPodLifecycleSleepActionZeroValue: true,
  allowSidecarResizePolicy: true,
  allowInvalidLabelValueInRequiredNodeAffinity: false,
};

type Opts = Required<PodValidationOptions>;

export interface ContainerContext {
  readonly volumes: ReadonlyMap<string, Obj>;
  readonly podClaimNames: ReadonlySet<string>;
  /** spec.terminationGracePeriodSeconds, when set. */
  readonly gracePeriod: number | undefined;
  readonly podRestartPolicy: string;
  readonly hostUsers: boolean;
  readonly opts: Opts;
}

const PROTOCOLS = ['SCTP', 'TCP', 'UDP'];
const NEGATIVE = 'must be greater than or equal to 0';

export function validateContainerPorts(ports: unknown, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const names = new Set<string>();
  arr(ports).forEach((raw, i) => {
    const port = obj(raw);
    const p = idx(path, i);
    const name = str(port.name);
    if (name) {
      const msgs = isValidPortName(name);
      if (msgs.length) pushMsgs(errs, sub(p, 'name'), name, msgs);
      else if (names.has(name)) errs.push({ type: 'FieldValueDuplicate', field: sub(p, 'name'), value: name, showValue: true });
      else names.add(name);
    }
    const cp = int(port.containerPort) ?? 0;
    if (cp === 0) errs.push(required(sub(p, 'containerPort'), ''));
    else pushMsgs(errs, sub(p, 'containerPort'), cp, isValidPortNum(cp));
    const hp = int(port.hostPort) ?? 0;
    if (hp !== 0) pushMsgs(errs, sub(p, 'hostPort'), hp, isValidPortNum(hp));
    errs.push(...validateProtocol(port.protocol, sub(p, 'protocol')));
  });
  return errs;
}

/** A port protocol: required, one of SCTP, TCP, UDP. */
export function validateProtocol(protocol: unknown, path: string): FieldError[] {
  if (!isSet(protocol) || protocol === '') return [required(path, '')];
  return typeof protocol === 'string' && PROTOCOLS.includes(protocol) ? [] : [notSupported(path, protocol, PROTOCOLS)];
}

function envNameMessages(name: string, opts: Opts): string[] {
  return opts.allowRelaxedEnvironmentVariableValidation ? isRelaxedEnvVarName(name) : isEnvVarName(name);
}

export function validateEnv(env: unknown, path: string, opts: Opts): FieldError[] {
  const errs: FieldError[] = [];
  arr(env).forEach((raw, i) => {
    const ev = obj(raw);
    const p = idx(path, i);
    const name = str(ev.name);
    if (!name) errs.push(required(sub(p, 'name'), ''));
    else pushMsgs(errs, sub(p, 'name'), name, envNameMessages(name, opts));
    errs.push(...validateEnvVarValueFrom(ev, sub(p, 'valueFrom')));
  });
  return errs;
}

export function validateEnvFrom(envFrom: unknown, path: string, opts: Opts): FieldError[] {
  const errs: FieldError[] = [];
  arr(envFrom).forEach((raw, i) => {
    const ev = obj(raw);
    const p = idx(path, i);
    const prefix = str(ev.prefix);
    if (prefix) pushMsgs(errs, sub(p, 'prefix'), prefix, envNameMessages(prefix, opts));
    let n = 0;
    for (const kind of ['configMapRef', 'secretRef']) {
      if (!isSet(ev[kind])) continue;
      n++;
      const name = str(obj(ev[kind]).name);
      const np = sub(sub(p, kind), 'name');
      if (!name) errs.push(required(np, ''));
      else pushMsgs(errs, np, name, nameIsDNSSubdomain(name, true));
    }
    if (n === 0) errs.push(invalid(path, '', 'must specify one of: `configMapRef` or `secretRef`'));
    else if (n > 1) errs.push(invalid(path, '', 'may not have more than one field specified at a time'));
  });
  return errs;
}

const MOUNT_PROPAGATIONS = ['Bidirectional', 'HostToContainer', 'None'];
const isPrivileged = (c: Obj) => obj(c.securityContext).privileged === true;

function validateVolumeMounts(c: Obj, ctx: ContainerContext, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const devices = new Map<string, string>();
  for (const d of arr(c.volumeDevices)) devices.set(str(obj(d).name), str(obj(d).devicePath));
  const devicePaths = new Set(devices.values());
  const mountPoints = new Set<string>();
  arr(c.volumeMounts).forEach((raw, i) => {
    const m = obj(raw);
    const p = idx(path, i);
    const name = str(m.name);
    const mountPath = str(m.mountPath);
    const subPath = str(m.subPath);
    const subPathExpr = str(m.subPathExpr);
    if (!name) errs.push(required(sub(p, 'name'), ''));
    if (!ctx.volumes.has(name)) errs.push({ type: 'FieldValueNotFound', field: sub(p, 'name'), value: name, showValue: true });
    if (!mountPath) errs.push(required(sub(p, 'mountPath'), ''));
    if (mountPoints.has(mountPath)) errs.push(invalid(sub(p, 'mountPath'), mountPath, 'must be unique'));
    mountPoints.add(mountPath);
    if (devices.has(name)) errs.push(invalid(sub(p, 'name'), name, 'must not already exist in volumeDevices'));
    if (devicePaths.has(mountPath)) errs.push(invalid(sub(p, 'mountPath'), mountPath, 'must not already exist as a path in volumeDevices'));
    if (isSet(ctx.volumes.get(name)?.image)) {
      if (subPath) errs.push(invalid(sub(p, 'subPath'), subPath, 'not allowed in image volume sources'));
      if (subPathExpr) errs.push(invalid(sub(p, 'subPathExpr'), subPathExpr, 'not allowed in image volume sources'));
    }
    if (subPath) errs.push(...validateLocalDescendingPath(subPath, sub(path, 'subPath')));
    if (subPathExpr) {
      if (subPath) errs.push(invalid(sub(p, 'subPathExpr'), subPathExpr, 'subPathExpr and subPath are mutually exclusive'));
      errs.push(...validateLocalDescendingPath(subPathExpr, sub(path, 'subPathExpr')));
    }
    if (isSet(m.mountPropagation)) {
      const mp = str(m.mountPropagation);
      const pp = sub(path, 'mountPropagation');
      if (!MOUNT_PROPAGATIONS.includes(mp)) errs.push(notSupported(pp, m.mountPropagation, MOUNT_PROPAGATIONS));
      if (mp === 'Bidirectional' && !isPrivileged(c)) errs.push(forbidden(pp, 'Bidirectional mount propagation is available only to privileged containers'));
    }
    if (isSet(m.recursiveReadOnly)) {
      const rp = sub(path, 'recursiveReadOnly');
      const rro = str(m.recursiveReadOnly);
      if (rro === 'Enabled' || rro === 'IfPossible') {
        if (m.readOnly !== true) errs.push(forbidden(rp, 'may only be specified when readOnly is true'));
        if (isSet(m.mountPropagation) && m.mountPropagation !== 'None') errs.push(forbidden(rp, 'may only be specified when mountPropagation is None or not specified'));
      } else if (rro !== 'Disabled') {
        errs.push(notSupported(rp, m.recursiveReadOnly, ['Disabled', 'Enabled', 'IfPossible']));
      }
    }
  });
  return errs;
}

function validateVolumeDevices(c: Obj, ctx: ContainerContext, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const mounts = new Map<string, string>();
  for (const m of arr(c.volumeMounts)) mounts.set(str(obj(m).name), str(obj(m).mountPath));
  const mountPaths = new Set(mounts.values());
  const paths = new Set<string>();
  const names = new Set<string>();
  arr(c.volumeDevices).forEach((raw, i) => {
    const d = obj(raw);
    const p = idx(path, i);
    const name = str(d.name);
    const devPath = str(d.devicePath);
    const vol = ctx.volumes.get(name);
    const isPVC = vol !== undefined && (isSet(vol.persistentVolumeClaim) || isSet(vol.ephemeral));
    if (!name) errs.push(required(sub(p, 'name'), ''));
    if (names.has(name)) errs.push(invalid(sub(p, 'name'), name, 'must be unique'));
    if (vol && !isPVC) errs.push(invalid(sub(p, 'name'), name, 'can only use volume source type of PersistentVolumeClaim or Ephemeral for block mode'));
    if (!vol) errs.push({ type: 'FieldValueNotFound', field: sub(p, 'name'), value: name, showValue: true });
    if (!devPath) errs.push(required(sub(p, 'devicePath'), ''));
    if (paths.has(devPath)) errs.push(invalid(sub(p, 'devicePath'), devPath, 'must be unique'));
    if (devPath && devPath.split('/').includes('..')) errs.push(invalid(sub(p, 'devicePath'), devPath, "can not contain backsteps ('..')"));
    else paths.add(devPath);
    if (mounts.has(name)) errs.push(invalid(sub(p, 'name'), name, 'must not already exist in volumeMounts'));
    if (mountPaths.has(devPath)) errs.push(invalid(sub(p, 'devicePath'), devPath, 'must not already exist as a path in volumeMounts'));
    if (name) names.add(name);
  });
  return errs;
}

/** An int-or-string port: a number in range or an IANA service name. */
export function validatePortNumOrName(port: unknown, path: string): FieldError[] {
  if (typeof port === 'string') return isValidPortName(port).map((m) => invalid(path, port, m));
  const n = int(port) ?? 0;
  return isValidPortNum(n).map((m) => invalid(path, n, m));
}

const HTTP_SCHEMES = ['HTTP', 'HTTPS'];

function validateHandler(h: Obj, ctx: ContainerContext, path: string, kinds: readonly string[]): FieldError[] {
  const errs: FieldError[] = [];
  let n = 0;
  for (const kind of kinds) {
    if (!isSet(h[kind])) continue;
    const p = sub(path, kind);
    if (n > 0) {
      errs.push(forbidden(p, 'may not specify more than 1 handler type'));
      continue;
    }
    n++;
    const a = obj(h[kind]);
    switch (kind) {
      case 'exec':
        if (arr(a.command).length === 0) errs.push(required(sub(p, 'command'), ''));
        break;
      case 'httpGet':
        if (!str(a.path)) errs.push(required(sub(p, 'path'), ''));
        errs.push(...validatePortNumOrName(a.port, sub(p, 'port')));
        if (!HTTP_SCHEMES.includes(str(a.scheme))) errs.push(notSupported(sub(p, 'scheme'), str(a.scheme), HTTP_SCHEMES));
        for (const hd of arr(a.httpHeaders)) pushMsgs(errs, sub(p, 'httpHeaders'), str(obj(hd).name), isHTTPHeaderName(str(obj(hd).name)));
        break;
      case 'tcpSocket':
        errs.push(...validatePortNumOrName(a.port, sub(p, 'port')));
        break;
      case 'grpc':
        errs.push(...validatePortNumOrName(int(a.port) ?? 0, sub(p, 'port')));
        break;
      case 'sleep': {
        const s = int(a.seconds) ?? 0;
        const g = ctx.gracePeriod;
        if (g !== undefined) {
          if (ctx.opts.allowPodLifecycleSleepActionZeroValue) {
            if (s < 0 || s > g) errs.push(invalid(p, s, `must be non-negative and less than terminationGracePeriodSeconds (${g})`));
          } else if (s <= 0 || s > g) {
            errs.push(invalid(p, s, `must be greater than 0 and less than terminationGracePeriodSeconds (${g}). Enable AllowPodLifecycleSleepActionZeroValue feature gate for zero sleep.`));
          }
        }
        break;
      }
    }
  }
  if (n === 0) errs.push(required(path, 'must specify a handler type'));
  return errs;
}

const PROBE_HANDLERS = ['exec', 'httpGet', 'tcpSocket', 'grpc'];
const LIFECYCLE_HANDLERS = ['exec', 'httpGet', 'tcpSocket', 'sleep'];

function validateProbe(probe: Obj, ctx: ContainerContext, path: string): FieldError[] {
  const errs = validateHandler(probe, ctx, path, PROBE_HANDLERS);
  for (const f of ['initialDelaySeconds', 'timeoutSeconds', 'periodSeconds', 'successThreshold', 'failureThreshold']) {
    const v = int(probe[f]) ?? 0;
    if (v < 0) errs.push(invalid(sub(path, f), v, NEGATIVE));
  }
  const tg = int(probe.terminationGracePeriodSeconds);
  if (tg !== undefined && tg <= 0) errs.push(invalid(sub(path, 'terminationGracePeriodSeconds'), tg, 'must be greater than 0'));
  return errs;
}

function validateProbes(c: Obj, ctx: ContainerContext, path: string): FieldError[] {
  const errs: FieldError[] = [];
  for (const kind of ['livenessProbe', 'readinessProbe', 'startupProbe']) {
    if (!isSet(c[kind])) continue;
    const probe = obj(c[kind]);
    const p = sub(path, kind);
    errs.push(...validateProbe(probe, ctx, p));
    if (kind === 'readinessProbe') {
      if (isSet(probe.terminationGracePeriodSeconds)) errs.push(invalid(sub(p, 'terminationGracePeriodSeconds'), probe.terminationGracePeriodSeconds, 'must not be set for readinessProbes'));
    } else if ((int(probe.successThreshold) ?? 0) !== 1) {
      errs.push(invalid(sub(p, 'successThreshold'), int(probe.successThreshold) ?? 0, 'must be 1'));
    }
  }
  return errs;
}

function validateLifecycle(c: Obj, ctx: ContainerContext, path: string): FieldError[] {
  const lc = obj(c.lifecycle);
  const errs: FieldError[] = [];
  for (const kind of ['postStart', 'preStop']) if (isSet(lc[kind])) errs.push(...validateHandler(obj(lc[kind]), ctx, sub(path, kind), LIFECYCLE_HANDLERS));
  return errs;
}

function validateResizePolicy(list: unknown, path: string, podRestartPolicy: string): FieldError[] {
  const errs: FieldError[] = [];
  const seen = new Set<string>();
  arr(list).forEach((raw, i) => {
    const rp = obj(raw);
    const name = str(rp.resourceName);
    const policy = str(rp.restartPolicy);
    // Resource names print unquoted (core.ResourceName is a Stringer).
    if (seen.has(name)) errs.push({ type: 'FieldValueDuplicate', field: idx(path, i), value: new GoValue(name), showValue: true });
    seen.add(name);
    if (!name) errs.push(required(path, ''));
    else if (name !== 'cpu' && name !== 'memory') errs.push({ ...notSupported(path, null, ['cpu', 'memory']), value: new GoValue(name) });
    if (!policy) errs.push(required(path, ''));
    else if (policy !== 'NotRequired' && policy !== 'RestartContainer') errs.push(notSupported(path, policy, ['NotRequired', 'RestartContainer']));
    if (podRestartPolicy === 'Never' && policy !== 'NotRequired') errs.push(invalid(path, policy, "must be 'NotRequired' when `restartPolicy` is 'Never'"));
  });
  return errs;
}

// ---------------------------------------------------------------------------------------------
// Security context

const SECCOMP_TYPES = ['Localhost', 'RuntimeDefault', 'Unconfined'];

export function validateSeccompProfileField(sp: unknown, path: string): FieldError[] {
  if (!isSet(sp)) return [];
  const p = obj(sp);
  const errs: FieldError[] = [];
  const type = str(p.type);
  if (!type) errs.push(required(sub(path, 'type'), 'type is required when seccompProfile is set'));
  else if (!SECCOMP_TYPES.includes(type)) errs.push(notSupported(sub(path, 'type'), p.type, SECCOMP_TYPES));
  if (type === 'Localhost') {
    if (!isSet(p.localhostProfile)) errs.push(required(sub(path, 'localhostProfile'), 'must be set when seccomp type is Localhost'));
    else errs.push(...validateLocalDescendingPath(str(p.localhostProfile), sub(path, 'localhostProfile')));
  } else if (isSet(p.localhostProfile)) {
    errs.push(invalidGo(sub(path, 'localhostProfile'), p, goStruct('core.SeccompProfile', p, ['type', 'localhostProfile']), 'can only be set when seccomp type is Localhost'));
  }
  return errs;
}

export function validateAppArmorProfileField(profile: unknown, path: string): FieldError[] {
  if (!isSet(profile)) return [];
  const p = obj(profile);
  const errs: FieldError[] = [];
  const lp = sub(path, 'localhostProfile');
  switch (str(p.type)) {
    case 'Localhost':
      if (!isSet(p.localhostProfile)) errs.push(required(lp, 'must be set when AppArmor type is Localhost'));
      else {
        const v = str(p.localhostProfile);
        if (v.trim() !== v) errs.push(invalid(lp, v, 'must not be padded with whitespace'));
        else if (!v) errs.push(required(lp, 'must be set when AppArmor type is Localhost'));
        if (v.length > 4095) errs.push({ type: 'FieldValueTooLong', field: lp, value: '', showValue: false, detail: 'may not be more than 4095 bytes' });
      }
      break;
    case 'RuntimeDefault':
    case 'Unconfined':
      if (isSet(p.localhostProfile)) errs.push(invalid(lp, str(p.localhostProfile), 'can only be set when AppArmor type is Localhost'));
      break;
    case '':
      errs.push(required(sub(path, 'type'), 'type is required when appArmorProfile is set'));
      break;
    default:
      errs.push(notSupported(sub(path, 'type'), p.type, ['Localhost', 'RuntimeDefault', 'Unconfined']));
  }
  return errs;
}

/** windowsOptions: the checks that do not depend on Windows naming rules. */
export function validateWindowsSecurityContextOptions(wo: unknown, path: string): FieldError[] {
  if (!isSet(wo)) return [];
  const o = obj(wo);
  const errs: FieldError[] = [];
  if (isSet(o.gmsaCredentialSpecName)) {
    const n = str(o.gmsaCredentialSpecName);
    for (const m of nameIsDNSSubdomain(n, false)) errs.push(invalid(sub(path, 'gmsaCredentialSpecName'), n, m));
  }
  if (isSet(o.gmsaCredentialSpec)) {
    const s = str(o.gmsaCredentialSpec);
    if (!s) errs.push(invalid(sub(path, 'gmsaCredentialSpec'), s, 'gmsaCredentialSpec cannot be an empty string'));
    else if (s.length > 64 * 1024) errs.push(invalid(sub(path, 'gmsaCredentialSpec'), s, 'gmsaCredentialSpec size must be under 64 KiB'));
  }
  if (isSet(o.runAsUserName)) {
    const u = str(o.runAsUserName);
    const up = sub(path, 'runAsUserName');
    const parts = u.split('\\');
    if (!u) errs.push(invalid(up, u, 'runAsUserName cannot be an empty string'));
    else if (/[\x00-\x1f\x7f]/.test(u)) errs.push(invalid(up, u, 'runAsUserName cannot contain control characters'));
    else if (parts.length > 2) errs.push(invalid(up, u, 'runAsUserName cannot contain more than one backslash'));
    else {
      const domain = parts.length === 2 ? parts[0]! : '';
      const user = parts.length === 2 ? parts[1]! : parts[0]!;
      if (domain.length >= 256) errs.push(invalid(up, u, "runAsUserName's Domain length must be under 256 characters"));
      if (parts.length === 2) {
        const netBios = /^[^\\/:*?"<>|.][^\\/:*?"<>|]{0,14}$/.test(domain);
        const dns = /^[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)*$/.test(domain);
        if (!netBios && !dns) errs.push(invalid(up, u, "runAsUserName's Domain doesn't match the NetBios nor the DNS format"));
      }
      if (!user) errs.push(invalid(up, u, "runAsUserName's User cannot be empty"));
      else if (user.length > 104) errs.push(invalid(up, u, "runAsUserName's User length must not be longer than 104 characters"));
      if (/^[. ]+$/.test(user)) errs.push(invalid(up, u, "runAsUserName's User cannot contain only periods or spaces"));
      if (/["/\\:;|=,+*?<>@[\]]/.test(user)) errs.push(invalid(up, u, `runAsUserName's User cannot contain the following characters: "/\\:;|=,+*?<>@[]`));
    }
  }
  return errs;
}

/** A short Go-syntax rendering of a small struct (used where upstream prints one with %#v). */
function goStruct(type: string, o: Obj, fields: readonly string[]): string {
  const body = fields.map((f) => {
    const v = o[f];
    const name = f.charAt(0).toUpperCase() + f.slice(1);
    return `${name}:${v === undefined || v === null ? 'nil' : typeof v === 'string' ? JSON.stringify(v) : String(v)}`;
  });
  return `&${type}{${body.join(', ')}}`;
}

export function validateSecurityContext(scRaw: unknown, path: string, hostUsers: boolean): FieldError[] {
  if (!isSet(scRaw)) return [];
  const sc = obj(scRaw);
  const errs: FieldError[] = [];
  if (isSet(sc.runAsUser)) pushMsgs(errs, sub(path, 'runAsUser'), sc.runAsUser, isValidUserID(int(sc.runAsUser) ?? -1));
  if (isSet(sc.runAsGroup)) pushMsgs(errs, sub(path, 'runAsGroup'), sc.runAsGroup, isValidGroupID(int(sc.runAsGroup) ?? -1));
  if (isSet(sc.procMount)) {
    const pm = str(sc.procMount);
    if (pm !== 'Default' && pm !== 'Unmasked') errs.push(notSupported(sub(path, 'procMount'), sc.procMount, ['Default', 'Unmasked']));
    if (hostUsers && pm === 'Unmasked') errs.push(invalid(sub(path, 'procMount'), pm, '`hostUsers` must be false to use `Unmasked`'));
  }
  errs.push(...validateSeccompProfileField(sc.seccompProfile, sub(path, 'seccompProfile')));
  if (sc.allowPrivilegeEscalation === false) {
    const printed = goStruct('core.SecurityContext', sc, ['privileged', 'allowPrivilegeEscalation']);
    if (sc.privileged === true) errs.push(invalidGo(path, sc, printed, 'cannot set `allowPrivilegeEscalation` to false and `privileged` to true'));
    for (const cap of arr(obj(sc.capabilities).add)) {
      if (cap === 'CAP_SYS_ADMIN') errs.push(invalidGo(path, sc, printed, 'cannot set `allowPrivilegeEscalation` to false and `capabilities.Add` CAP_SYS_ADMIN'));
    }
  }
  errs.push(...validateWindowsSecurityContextOptions(sc.windowsOptions, sub(path, 'windowsOptions')));
  errs.push(...validateAppArmorProfileField(sc.appArmorProfile, sub(path, 'appArmorProfile')));
  return errs;
}

// ---------------------------------------------------------------------------------------------
// Containers

const TERMINATION_MESSAGE_POLICIES = ['File', 'FallbackToLogsOnError'];

function validateContainerCommon(c: Obj, ctx: ContainerContext, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const name = str(c.name);
  if (!name) errs.push(required(sub(path, 'name'), ''));
  else pushMsgs(errs, sub(path, 'name'), name, isDNS1123Label(name));
  if (!str(c.image)) errs.push(required(sub(path, 'image'), ''));
  const tmp = str(c.terminationMessagePolicy);
  if (!tmp) errs.push(required(sub(path, 'terminationMessagePolicy'), ''));
  else if (!TERMINATION_MESSAGE_POLICIES.includes(tmp)) errs.push(notSupported(sub(path, 'terminationMessagePolicy'), c.terminationMessagePolicy, TERMINATION_MESSAGE_POLICIES));
  errs.push(...validateContainerPorts(c.ports, sub(path, 'ports')));
  errs.push(...validateEnv(c.env, sub(path, 'env'), ctx.opts));
  errs.push(...validateEnvFrom(c.envFrom, sub(path, 'envFrom'), ctx.opts));
  errs.push(...validateVolumeMounts(c, ctx, sub(path, 'volumeMounts')));
  errs.push(...validateVolumeDevices(c, ctx, sub(path, 'volumeDevices')));
  errs.push(...validatePullPolicy(c.imagePullPolicy, sub(path, 'imagePullPolicy')));
  errs.push(...validateResourceRequirements(c.resources, sub(path, 'resources'), undefined, {
    podClaimNames: ctx.podClaimNames,
    allowIndivisibleHugePagesValues: ctx.opts.allowIndivisibleHugePagesValues,
  }));
  errs.push(...validateResizePolicy(c.resizePolicy, sub(path, 'resizePolicy'), ctx.podRestartPolicy));
  errs.push(...validateSecurityContext(c.securityContext, sub(path, 'securityContext'), ctx.hostUsers));
  return errs;
}

/** Host ports must not collide (protocol/hostIP/port), within one list of containers. */
function checkHostPortConflicts(containers: readonly Obj[], path: string, offset = 0): FieldError[] {
  const errs: FieldError[] = [];
  const seen = new Set<string>();
  containers.forEach((c, ci) => {
    arr(c.ports).forEach((raw, pi) => {
      const port = obj(raw);
      const hp = int(port.hostPort) ?? 0;
      if (hp === 0) return;
      const k = `${str(port.protocol)}/${str(port.hostIP)}/${hp}`;
      if (seen.has(k)) errs.push({ type: 'FieldValueDuplicate', field: sub(idx(sub(idx(path, ci + offset), 'ports'), pi), 'hostPort'), value: k, showValue: true });
      else seen.add(k);
    });
  });
  return errs;
}

export function validateContainers(containers: unknown, ctx: ContainerContext, path: string): FieldError[] {
  const list = arr(containers);
  if (list.length === 0) return [required(path, '')];
  const errs: FieldError[] = [];
  const names = new Set<string>();
  list.forEach((raw, i) => {
    const c = obj(raw);
    const p = idx(path, i);
    errs.push(...validateContainerCommon(c, ctx, p));
    const name = str(c.name);
    if (names.has(name)) errs.push({ type: 'FieldValueDuplicate', field: sub(p, 'name'), value: name, showValue: true });
    else names.add(name);
    if (isSet(c.lifecycle)) errs.push(...validateLifecycle(c, ctx, sub(p, 'lifecycle')));
    errs.push(...validateProbes(c, ctx, p));
    if (isSet(c.restartPolicy)) errs.push(forbidden(sub(p, 'restartPolicy'), 'may not be set for non-init containers'));
  });
  errs.push(...checkHostPortConflicts(list.map(obj), path));
  return errs;
}

export function validateInitContainers(containers: unknown, regular: unknown, ctx: ContainerContext, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const names = new Set(arr(regular).map((c) => str(obj(c).name)));
  arr(containers).forEach((raw, i) => {
    const c = obj(raw);
    const p = idx(path, i);
    errs.push(...validateContainerCommon(c, ctx, p));
    let restartAlways = false;
    if (isSet(c.restartPolicy)) {
      if (c.restartPolicy !== 'Always') errs.push(notSupported(sub(p, 'restartPolicy'), c.restartPolicy, ['Always']));
      restartAlways = c.restartPolicy === 'Always';
    }
    const name = str(c.name);
    if (names.has(name)) errs.push({ type: 'FieldValueDuplicate', field: sub(p, 'name'), value: name, showValue: true });
    else if (name) names.add(name);
    errs.push(...checkHostPortConflicts([c], path, i));
    if (restartAlways) {
      if (isSet(c.lifecycle)) errs.push(...validateLifecycle(c, ctx, sub(p, 'lifecycle')));
      errs.push(...validateProbes(c, ctx, p));
    } else {
      for (const f of ['lifecycle', 'livenessProbe', 'readinessProbe', 'startupProbe']) {
        if (isSet(c[f])) errs.push(forbidden(sub(p, f), 'may not be set for init containers without restartPolicy=Always'));
      }
    }
    if (!ctx.opts.allowSidecarResizePolicy && arr(c.resizePolicy).length > 0) errs.push(invalidGo(sub(p, 'resizePolicy'), c.resizePolicy, '[]core.ContainerResizePolicy{...}', 'must not be set for init containers'));
  });
  return errs;
}

/** Fields of an ephemeral container that may be set (in upstream's field order). */
const EPHEMERAL_FIELDS: ReadonlyArray<readonly [string, boolean]> = [
  ['name', true], ['image', true], ['command', true], ['args', true], ['workingDir', true], ['ports', false], ['envFrom', true],
  ['env', true], ['resources', false], ['resizePolicy', false], ['restartPolicy', false], ['volumeMounts', true],
  ['volumeDevices', true], ['livenessProbe', false], ['readinessProbe', false], ['startupProbe', false], ['lifecycle', false],
  ['terminationMessagePath', true], ['terminationMessagePolicy', true], ['imagePullPolicy', true], ['securityContext', true],
  ['stdin', true], ['stdinOnce', true], ['tty', true],
];

/** Pods (not templates) also refuse images with surrounding whitespace. */
export function validateContainerOnlyForPod(c: Obj, path: string): FieldError[] {
  const image = str(c.image);
  return image.length !== image.trim().length ? [invalid(sub(path, 'image'), image, 'must not have leading or trailing whitespace')] : [];
}

export function validateEphemeralContainers(list: unknown, containers: unknown, initContainers: unknown, ctx: ContainerContext, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const others = new Set([...arr(containers), ...arr(initContainers)].map((c) => str(obj(c).name)));
  const all = new Set(others);
  arr(list).forEach((raw, i) => {
    const ec = obj(raw);
    const p = idx(path, i);
    errs.push(...validateContainerCommon(ec, ctx, p), ...validateContainerOnlyForPod(ec, p));
    const name = str(ec.name);
    if (all.has(name)) errs.push({ type: 'FieldValueDuplicate', field: sub(p, 'name'), value: name, showValue: true });
    else all.add(name);
    const target = str(ec.targetContainerName);
    if (target && !others.has(target)) errs.push({ type: 'FieldValueNotFound', field: sub(p, 'targetContainerName'), value: target, showValue: true });
    for (const [f, allowed] of EPHEMERAL_FIELDS) {
      if (!allowed && !semanticEqual(ec[f], undefined)) errs.push(forbidden(sub(p, f), 'cannot be set for an Ephemeral Container'));
    }
    arr(ec.volumeMounts).forEach((vm, j) => {
      const mp = idx(sub(p, 'volumeMounts'), j);
      if (str(obj(vm).subPath)) errs.push(forbidden(sub(mp, 'subPath'), 'cannot be set for an Ephemeral Container'));
      if (str(obj(vm).subPathExpr)) errs.push(forbidden(sub(mp, 'subPathExpr'), 'cannot be set for an Ephemeral Container'));
    });
  });
  return errs;
}

// ---------------------------------------------------------------------------------------------
// Defaults

function defaultHandler(h: unknown): void {
  if (!isObj(h)) return;
  if (isObj(h.httpGet)) {
    h.httpGet.path ||= '/';
    h.httpGet.scheme ||= 'HTTP';
  }
}

function defaultProbe(p: unknown): void {
  if (!isObj(p)) return;
  p.timeoutSeconds ||= 1;
  p.periodSeconds ||= 10;
  p.successThreshold ||= 1;
  p.failureThreshold ||= 3;
  defaultHandler(p);
  if (isObj(p.grpc)) p.grpc.service ??= '';
}

/** SetDefaults_Container and the defaults of everything a container holds. */
export function defaultContainer(c: unknown): void {
  if (!isObj(c)) return;
  if (!c.imagePullPolicy) c.imagePullPolicy = imageTag(str(c.image)) === 'latest' ? 'Always' : 'IfNotPresent';
  c.terminationMessagePath ||= '/dev/termination-log';
  c.terminationMessagePolicy ||= 'File';
  if (!isObj(c.resources)) c.resources = {};
  defaultResourceList(c.resources.limits);
  defaultResourceList(c.resources.requests);
  for (const p of arr(c.ports)) if (isObj(p)) p.protocol ||= 'TCP';
  for (const e of arr(c.env)) if (isObj(e) && isObj(e.valueFrom)) defaultFieldRef(e.valueFrom.fieldRef);
  for (const k of ['livenessProbe', 'readinessProbe', 'startupProbe']) defaultProbe(c[k]);
  if (isObj(c.lifecycle)) {
    defaultHandler(c.lifecycle.postStart);
    defaultHandler(c.lifecycle.preStop);
  }
}

