// Endpoints: subsets need addresses, addresses are valid non-special IPs, ports are named when
// there are several; PUT may create.
import { required, type FieldError } from '../../field-errors.js';
import type { KObj } from '../../resource-info.js';
import { isDNS1123Label, isQualifiedName, isValidIP, isValidPortNum, nameIsDNSSubdomain } from '../../validation/names.js';
import type { StrategyOverrides } from '../index.js';
import { validateProtocol } from './container-validation.js';
import { validateNonSpecialIP } from './service.js';
import { arr, idx, int, isObj, isSet, obj, pushMsgs, str } from './util.js';

function validateEndpointAddress(a: Record<string, unknown>, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const ip = str(a.ip);
  pushMsgs(errs, `${path}.ip`, ip, isValidIP(ip));
  if (str(a.hostname)) pushMsgs(errs, `${path}.hostname`, str(a.hostname), isDNS1123Label(str(a.hostname)));
  if (isSet(a.nodeName)) pushMsgs(errs, `${path}.nodeName`, str(a.nodeName), nameIsDNSSubdomain(str(a.nodeName), false));
  errs.push(...validateNonSpecialIP(ip, `${path}.ip`));
  return errs;
}

/** Upstream ValidateEndpoints (ObjectMeta is validated by the registry). */
export function validateEndpoints(ep: KObj): FieldError[] {
  const errs: FieldError[] = [];
  arr(ep.subsets).forEach((raw, i) => {
    const ss = obj(raw);
    const p = idx('subsets', i);
    if (arr(ss.addresses).length === 0 && arr(ss.notReadyAddresses).length === 0) errs.push(required(p, 'must specify `addresses` or `notReadyAddresses`'));
    arr(ss.addresses).forEach((a, j) => errs.push(...validateEndpointAddress(obj(a), idx(`${p}.addresses`, j))));
    arr(ss.notReadyAddresses).forEach((a, j) => errs.push(...validateEndpointAddress(obj(a), idx(`${p}.notReadyAddresses`, j))));
    const ports = arr(ss.ports);
    ports.forEach((raw2, j) => {
      const port = obj(raw2);
      const pp = idx(`${p}.ports`, j);
      const name = str(port.name);
      if (ports.length > 1 && !name) errs.push(required(`${pp}.name`, ''));
      else if (name) pushMsgs(errs, `${pp}.name`, name, isDNS1123Label(name));
      const n = int(port.port) ?? 0;
      pushMsgs(errs, `${pp}.port`, n, isValidPortNum(n));
      errs.push(...validateProtocol(port.protocol, `${pp}.protocol`));
      if (isSet(port.appProtocol)) pushMsgs(errs, `${pp}.appProtocol`, str(port.appProtocol), isQualifiedName(str(port.appProtocol)));
    });
  });
  return errs;
}

/** SetDefaults_Endpoints: ports default to TCP. */
export function defaultEndpoints(ep: KObj): void {
  for (const ss of arr(ep.subsets)) for (const p of arr(obj(ss).ports)) if (isObj(p)) p.protocol ||= 'TCP';
}

export const endpointsStrategy: StrategyOverrides = {
  allowCreateOnUpdate: true,
  defaults: defaultEndpoints,
  validate: validateEndpoints,
};
