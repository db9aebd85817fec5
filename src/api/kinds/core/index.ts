// Strategy overrides for core/v1 kinds, keyed "/v1/<resource>".
import type { StrategyOverrides } from '../index.js';
import { configMapStrategy } from './configmap.js';
import { endpointsStrategy } from './endpoints.js';
import { eventStrategy } from './event.js';
import { limitRangeStrategy } from './limitrange.js';
import { namespaceStrategy } from './namespace.js';
import { nodeStrategy } from './node.js';
import { persistentVolumeStrategy } from './persistentvolume.js';
import { persistentVolumeClaimStrategy } from './persistentvolumeclaim.js';
import { podStrategy } from './pod.js';
import { podTemplateStrategy } from './podtemplate.js';
import { replicationControllerStrategy } from './replicationcontroller.js';
import { resourceQuotaStrategy } from './resourcequota.js';
import { secretStrategy } from './secret.js';
import { serviceStrategy } from './service.js';
import { serviceAccountStrategy } from './serviceaccount.js';

export function coreOverrides(): Record<string, StrategyOverrides> {
  return {
    '/v1/pods': podStrategy,
    '/v1/services': serviceStrategy,
    '/v1/endpoints': endpointsStrategy,
    '/v1/configmaps': configMapStrategy,
    '/v1/secrets': secretStrategy,
    '/v1/namespaces': namespaceStrategy,
    '/v1/nodes': { ...nodeStrategy, keepStatusOnCreate: true },
    '/v1/serviceaccounts': serviceAccountStrategy,
    '/v1/replicationcontrollers': replicationControllerStrategy,
    '/v1/persistentvolumes': persistentVolumeStrategy,
    '/v1/persistentvolumeclaims': persistentVolumeClaimStrategy,
    '/v1/events': eventStrategy,
    '/v1/limitranges': limitRangeStrategy,
    '/v1/resourcequotas': resourceQuotaStrategy,
    '/v1/podtemplates': podTemplateStrategy,
  };
}
