// core/v1 Event: selectable involvedObject fields; PUT may create.
import type { KObj } from '../../resource-info.js';
import type { StrategyOverrides } from '../index.js';

type Obj = Record<string, any>;
const str = (v: unknown) => (v === undefined || v === null ? '' : String(v));

export const eventStrategy: StrategyOverrides = {
  allowCreateOnUpdate: true,
  selectableFields(obj: KObj) {
    const io = (obj.involvedObject ?? {}) as Obj;
    const src = (obj.source ?? {}) as Obj;
    return {
      'involvedObject.kind': str(io.kind),
      'involvedObject.namespace': str(io.namespace),
      'involvedObject.name': str(io.name),
      'involvedObject.uid': str(io.uid),
      'involvedObject.apiVersion': str(io.apiVersion),
      'involvedObject.resourceVersion': str(io.resourceVersion),
      'involvedObject.fieldPath': str(io.fieldPath),
      reason: str(obj.reason),
      reportingComponent: str(obj.reportingComponent),
      source: str(src.component),
      type: str(obj.type),
    };
  },
};
