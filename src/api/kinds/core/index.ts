// Strategy overrides for core/v1 kinds, keyed "/v1/<resource>".
import type { StrategyOverrides } from '../index.js';
import { eventStrategy } from './event.js';
import { namespaceStrategy } from './namespace.js';
import { podStrategy } from './pod.js';
import { serviceStrategy } from './service.js';

export function coreOverrides(): Record<string, StrategyOverrides> {
  return {
    '/v1/pods': podStrategy,
    '/v1/namespaces': namespaceStrategy,
    '/v1/events': eventStrategy,
    '/v1/services': serviceStrategy,
    '/v1/endpoints': { allowCreateOnUpdate: true },
    '/v1/replicationcontrollers': { generation: true },
  };
}
