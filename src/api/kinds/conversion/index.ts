// Kinds served in one form and stored in another.
import type { KObj, StorageConversion } from '../../resource-info.js';
import type { StrategyOverrides } from '../index.js';
import { eventsV1Conversion } from './event.js';
import { hpaV1Conversion } from './hpa.js';

export function conversionOverrides(): Record<string, Pick<StrategyOverrides, 'conversion'>> {
  return {
    'autoscaling/v1/horizontalpodautoscalers': { conversion: hpaV1Conversion },
    'events.k8s.io/v1/events': { conversion: eventsV1Conversion },
  };
}

/** Served versions of each multi-version kind: its stored form first, then the converted ones. */
const VERSIONS_OF_KIND: ReadonlyMap<string, ReadonlyMap<string, StorageConversion | undefined>> = new Map([
  ['HorizontalPodAutoscaler', new Map([['autoscaling/v2', undefined], ['autoscaling/v1', hpaV1Conversion]])],
  ['Event', new Map([['v1', undefined], ['events.k8s.io/v1', eventsV1Conversion]])],
]);

/**
 * Converts an object of a multi-version kind from one served version to another (through the
 * stored form); undefined when either version is not one of the kind's.
 */
export function convertBetweenVersions(obj: KObj, kind: string, from: string, to: string): KObj | undefined {
  const versions = VERSIONS_OF_KIND.get(kind);
  if (!versions?.has(from) || !versions.has(to)) return undefined;
  if (from === to) return obj;
  const src = versions.get(from);
  const dst = versions.get(to);
  const stored = src ? src.toStorage(obj) : obj;
  return dst ? dst.fromStorage(stored) : stored;
}
