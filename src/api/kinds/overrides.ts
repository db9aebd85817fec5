// Per-kind strategy overrides, keyed "group/version/resource".
import { eventStrategy } from './core/event.js';
import { namespaceStrategy } from './core/namespace.js';
import { podStrategy } from './core/pod.js';
import { serviceStrategy } from './core/service.js';
import type { StrategyOverrides } from './index.js';

const withGeneration: StrategyOverrides = { generation: true };

export function KIND_OVERRIDES(): Record<string, StrategyOverrides> {
  return {
    '/v1/pods': podStrategy,
    '/v1/namespaces': namespaceStrategy,
    '/v1/events': eventStrategy,
    '/v1/services': serviceStrategy,
    '/v1/endpoints': { allowCreateOnUpdate: true },
    '/v1/replicationcontrollers': withGeneration,
    'apps/v1/deployments': withGeneration,
    'apps/v1/replicasets': withGeneration,
    'apps/v1/statefulsets': withGeneration,
    'apps/v1/daemonsets': withGeneration,
    'batch/v1/jobs': withGeneration,
    'batch/v1/cronjobs': withGeneration,
    'policy/v1/poddisruptionbudgets': withGeneration,
    'networking.k8s.io/v1/ingresses': withGeneration,
    'networking.k8s.io/v1/networkpolicies': withGeneration,
    'apiextensions.k8s.io/v1/customresourcedefinitions': withGeneration,
    'coordination.k8s.io/v1/leases': { allowCreateOnUpdate: true },
    'events.k8s.io/v1/events': { allowCreateOnUpdate: true },
  };
}
