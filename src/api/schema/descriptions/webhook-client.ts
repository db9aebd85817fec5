// How the API server reaches a webhook: the same two types appear in admissionregistration
// (admission webhooks) and apiextensions (conversion webhooks).
import type { DescriptionTable } from './index.js';

export const WEBHOOK_CLIENT_CONFIG: DescriptionTable = {
  '': 'Where a webhook is served. Exactly one of url and service is set.',
  url: 'The webhook\'s address as https://host[:port][/path], without user, query or fragment. For webhooks outside the cluster.',
  service: 'A Service in the cluster that serves the webhook over HTTPS.',
  caBundle: 'PEM-encoded certificate authorities that the webhook\'s serving certificate must chain to. Unset uses the API server\'s system trust roots.',
};

export const WEBHOOK_SERVICE_REFERENCE: DescriptionTable = {
  '': 'A Service that serves a webhook.',
  namespace: 'The Service\'s namespace.',
  name: 'The Service\'s name.',
  path: 'The URL path the requests are sent to. Defaults to /.',
  port: 'The Service port to call. Defaults to 443.',
};
