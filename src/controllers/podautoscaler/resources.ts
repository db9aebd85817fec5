// The HPA resource the controller watches and writes (autoscaling/v2; v1 is the same object).
import type { HorizontalPodAutoscaler } from '../../api/types/autoscaling-v2.js';
import { resourceRef } from '../../client/index.js';

export const HORIZONTAL_POD_AUTOSCALERS = resourceRef<HorizontalPodAutoscaler>({
  group: 'autoscaling',
  version: 'v2',
  resource: 'horizontalpodautoscalers',
  kind: 'HorizontalPodAutoscaler',
  namespaced: true,
});
