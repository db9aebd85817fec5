// Service: DNS-1035 names, upstream defaults, and selectable fields.
import type { KObj } from '../../resource-info.js';
import { isDNS1035Label } from '../../validation/names.js';
import type { StrategyOverrides } from '../index.js';

type Obj = Record<string, any>;

export const serviceStrategy: StrategyOverrides = {
  nameValidator: (name) => isDNS1035Label(name),
  prepareForCreate(obj: KObj) {
    obj.status = { loadBalancer: {} };
  },
  defaults(obj: KObj) {
    const spec = obj.spec as Obj | undefined;
    if (!spec || typeof spec !== 'object') return;
    spec.type ??= 'ClusterIP';
    if (spec.type !== 'ExternalName') {
      spec.sessionAffinity ??= 'None';
      spec.internalTrafficPolicy ??= 'Cluster';
      if (spec.type === 'NodePort' || spec.type === 'LoadBalancer') spec.externalTrafficPolicy ??= 'Cluster';
      if (spec.type === 'LoadBalancer') spec.allocateLoadBalancerNodePorts ??= true;
    }
    if (Array.isArray(spec.ports)) {
      for (const p of spec.ports) {
        if (!p || typeof p !== 'object') continue;
        p.protocol ??= 'TCP';
        if (p.targetPort === undefined || p.targetPort === 0 || p.targetPort === '') p.targetPort = p.port;
      }
    }
    if (spec.sessionAffinity === 'ClientIP') {
      spec.sessionAffinityConfig ??= { clientIP: { timeoutSeconds: 10800 } };
    }
  },
};
