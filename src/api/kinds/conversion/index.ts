// Kinds served in one form and stored in another.
import type { StrategyOverrides } from '../index.js';
import { eventsV1Conversion } from './event.js';
import { hpaV1Conversion } from './hpa.js';

export function conversionOverrides(): Record<string, Pick<StrategyOverrides, 'conversion'>> {
  return {
    'autoscaling/v1/horizontalpodautoscalers': { conversion: hpaV1Conversion },
    'events.k8s.io/v1/events': { conversion: eventsV1Conversion },
  };
}
