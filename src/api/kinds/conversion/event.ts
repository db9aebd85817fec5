// events.k8s.io/v1 Event served from the stored core/v1 Event (upstream stores both in one
// place): regarding<->involvedObject, note<->message, reportingController<->reportingComponent,
// deprecatedSource/FirstTimestamp/LastTimestamp/Count <-> source/firstTimestamp/lastTimestamp/count.
import type { KObj, StorageConversion } from '../../resource-info.js';

type Obj = Record<string, any>;

const PAIRS: ReadonlyArray<readonly [events: string, core: string]> = [
  ['regarding', 'involvedObject'],
  ['note', 'message'],
  ['reportingController', 'reportingComponent'],
  ['deprecatedSource', 'source'],
  ['deprecatedFirstTimestamp', 'firstTimestamp'],
  ['deprecatedLastTimestamp', 'lastTimestamp'],
  ['deprecatedCount', 'count'],
];
const SHARED = ['metadata', 'eventTime', 'series', 'reportingInstance', 'action', 'reason', 'related', 'type'];

function move(src: Obj, from: 0 | 1, apiVersion: string): KObj {
  const out: Obj = { apiVersion, kind: 'Event' };
  for (const k of SHARED) if (src[k] !== undefined) out[k] = structuredClone(src[k]);
  for (const pair of PAIRS) {
    const v = src[pair[from]];
    if (v !== undefined) out[pair[1 - from]!] = structuredClone(v);
  }
  return out;
}

export const eventsV1Conversion: StorageConversion = {
  storageGroup: '',
  fromStorage: (obj) => move(obj as Obj, 1, 'events.k8s.io/v1'),
  toStorage: (obj) => move(obj as Obj, 0, 'v1'),
};
