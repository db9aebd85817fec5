// metrics.k8s.io/v1beta1: types and the definitions that serve it.
export * from './types.js';
export { metricsApiDefinitions } from './metrics-api-definitions.js';
