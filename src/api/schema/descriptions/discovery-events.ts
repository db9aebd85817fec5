// discovery.k8s.io/v1 endpoint details (EndpointSlice and Endpoint are in cluster.ts) and
// events.k8s.io/v1 Event.
import type { Descriptions } from './index.js';

const D = 'io.k8s.api.discovery.v1.';
const E = 'io.k8s.api.events.v1.';

export const discoveryEventsDescriptions: Descriptions = {
  [`${D}EndpointConditions`]: {
    '': 'The state of one endpoint.',
    ready: 'Whether the endpoint should receive traffic: serving and not terminating. Unset means unknown, which consumers treat as ready.',
    serving: 'Whether the endpoint is ready to serve, regardless of terminating (for pods, the Ready condition). Unset means unknown, treated as serving.',
    terminating: 'Whether the endpoint is shutting down. Unset means unknown, treated as not terminating.',
  },
  [`${D}EndpointHints`]: {
    '': 'Where an endpoint\'s traffic should come from, for topology-aware routing.',
    forZones: 'The zones whose clients should use this endpoint.',
    forNodes: 'The nodes whose clients should use this endpoint.',
  },
  [`${D}ForZone`]: { '': 'A zone, in a hint.', name: 'The zone\'s name, as in topology.kubernetes.io/zone.' },
  [`${D}ForNode`]: { '': 'A node, in a hint.', name: 'The node\'s name.' },
  [`${D}EndpointPort`]: {
    '': 'A port every endpoint of a slice serves.',
    name: 'The port\'s name, matching the Service port\'s name; empty when the Service has a single unnamed port.',
    protocol: 'TCP (the default), UDP or SCTP.',
    port: 'The port number on the endpoints. Unset means every port.',
    appProtocol: 'The application protocol, such as http, kubernetes.io/h2c or a domain-prefixed name, as given on the Service port.',
  },
  [`${E}Event`]: {
    action: 'What was done, or failed, in CamelCase, such as Binding or Pulling.',
    reason: 'Why the action was taken, in CamelCase, such as Scheduled or FailedMount.',
    note: 'A human-readable description, at most 1 kB.',
    type: 'Normal, or Warning for something that may need attention.',
    regarding: 'The object the event is about.',
    related: 'A second object involved, if any (such as the node a pod was scheduled to).',
    eventTime: 'When the event first happened, with microseconds. Required.',
    series: 'Set when the same event keeps happening: how often, and when it was last seen.',
    reportingController: 'The component that reported the event, such as kubernetes.io/kubelet.',
    reportingInstance: 'The instance of that component, such as kubelet-node-1.',
    deprecatedSource: 'The source of a core/v1 event, kept for compatibility.',
    deprecatedFirstTimestamp: 'The first time of a core/v1 event, kept for compatibility.',
    deprecatedLastTimestamp: 'The last time of a core/v1 event, kept for compatibility.',
    deprecatedCount: 'The count of a core/v1 event, kept for compatibility.',
  },
  [`${E}EventSeries`]: {
    '': 'A repeating event, summarized instead of recorded each time.',
    count: 'How many times the event has happened so far.',
    lastObservedTime: 'When it was last seen.',
  },
};
