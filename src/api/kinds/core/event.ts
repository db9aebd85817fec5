// core/v1 Event: the legacy rules (involvedObject namespace, and for events with eventTime the
// reporting fields and length limits), selectable involvedObject fields; PUT may create.
import { invalid, required, type FieldError } from '../../field-errors.js';
import type { KObj } from '../../resource-info.js';
import { isDNS1123Subdomain, isQualifiedName, utf8Length } from '../../validation/names.js';
import type { StrategyOverrides } from '../index.js';
import { obj, pushMsgs, str } from './util.js';

const LIMITS = { reportingInstance: 128, action: 128, reason: 128, message: 1024 } as const;

/** Upstream legacyValidateEvent (what core/v1 writes get). */
export function validateEvent(ev: KObj): FieldError[] {
  const errs: FieldError[] = [];
  const ns = str(obj(ev.metadata).namespace);
  const io = obj(ev.involvedObject);
  const ioNs = str(io.namespace);
  const mismatch = () => errs.push(invalid('involvedObject.namespace', ioNs, 'does not match event.namespace'));
  if (!ev.eventTime) {
    if (!ioNs) {
      if (ns !== '' && ns !== 'default') mismatch();
    } else if (ns !== ioNs) mismatch();
  } else {
    if (!ioNs && ns !== 'default' && ns !== 'kube-system') mismatch();
    const rc = str(ev.reportingComponent);
    if (!rc) errs.push(required('reportingController', ''));
    pushMsgs(errs, 'reportingController', rc, isQualifiedName(rc));
    for (const f of ['reportingInstance', 'action', 'reason', 'message'] as const) {
      const v = str(ev[f]);
      if (!v && f !== 'message') errs.push(required(f, ''));
      if (utf8Length(v) > LIMITS[f]) errs.push(invalid(f, '', `can have at most ${LIMITS[f]} characters`));
    }
  }
  pushMsgs(errs, 'namespace', ns, isDNS1123Subdomain(ns));
  return errs;
}

const field = (v: unknown) => (v === undefined || v === null ? '' : String(v));

export const eventStrategy: StrategyOverrides = {
  allowCreateOnUpdate: true,
  validate: validateEvent,
  selectableFields(ev: KObj) {
    const io = obj(ev.involvedObject);
    const src = obj(ev.source);
    return {
      'involvedObject.kind': field(io.kind),
      'involvedObject.namespace': field(io.namespace),
      'involvedObject.name': field(io.name),
      'involvedObject.uid': field(io.uid),
      'involvedObject.apiVersion': field(io.apiVersion),
      'involvedObject.resourceVersion': field(io.resourceVersion),
      'involvedObject.fieldPath': field(io.fieldPath),
      reason: field(ev.reason),
      reportingComponent: field(ev.reportingComponent),
      source: field(src.component),
      type: field(ev.type),
    };
  },
};
