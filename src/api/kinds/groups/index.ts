// Strategy overrides for the named API groups, keyed "<group>/<version>/<resource>".
import type { StrategyOverrides } from '../index.js';

const withGeneration: StrategyOverrides = { generation: true };

export function groupOverrides(): Record<string, StrategyOverrides> {
  return {
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
