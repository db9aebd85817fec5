// The discovery documents (/api, /apis, /apis/<group>/<version>), the server's version
// (/version), and the value types that many fields share: Quantity, IntOrString, RawExtension.
import type { Descriptions } from './index.js';

const M = 'io.k8s.apimachinery.pkg.apis.meta.v1.';

const CIDRS = 'Which server address clients from which networks should use. Empty means any address the client already uses works.';

export const apimachineryDescriptions: Descriptions = {
  [`${M}APIVersions`]: {
    '': 'The versions of the core API, answered at /api.',
    versions: 'The versions served, such as v1.',
    serverAddressByClientCIDRs: CIDRS,
  },
  [`${M}APIGroupList`]: { '': 'The API groups the server serves, answered at /apis.', groups: 'The groups.' },
  [`${M}APIGroup`]: {
    '': 'One API group and its versions, answered at /apis/<group>.',
    name: 'The group\'s name, such as apps.',
    versions: 'The versions served.',
    preferredVersion: 'The version clients should use when they have no preference.',
    serverAddressByClientCIDRs: CIDRS,
  },
  [`${M}GroupVersionForDiscovery`]: {
    '': 'One version of an API group.',
    groupVersion: 'The group and version as group/version, such as apps/v1.',
    version: 'The version alone, such as v1.',
  },
  [`${M}ServerAddressByClientCIDR`]: {
    '': 'The server address for clients from one network.',
    clientCIDR: 'The client network, in CIDR notation.',
    serverAddress: 'The address (host or IP, and optionally port) clients from that network should use.',
  },
  [`${M}APIResourceList`]: {
    '': 'The resources of one group-version, answered at /apis/<group>/<version> (or /api/v1).',
    groupVersion: 'The group-version the resources belong to, such as apps/v1.',
    resources: 'The resources and subresources served.',
  },
  [`${M}APIResource`]: {
    '': 'One resource (or subresource) served, and what can be done with it.',
    name: 'The plural name used in URLs, such as deployments, or resource/subresource such as deployments/scale.',
    singularName: 'The singular name, such as deployment; kubectl accepts it too.',
    namespaced: 'Whether objects of the resource live in namespaces.',
    group: 'The group of the objects, when it differs from the list\'s (some subresources, such as scale).',
    version: 'The version of the objects, when it differs from the list\'s.',
    kind: 'The kind of the objects, such as Deployment (Scale for a scale subresource).',
    verbs: 'The verbs supported: get, list, watch, create, update, patch, delete, deletecollection.',
    shortNames: 'Short aliases kubectl accepts, such as deploy.',
    categories: 'Groups of resources this one belongs to, such as all, for kubectl get <category>.',
    storageVersionHash: 'A hash of the version objects are stored in; it changes when that version changes. Clients only compare it.',
  },
  'io.k8s.apimachinery.pkg.version.Info': {
    '': 'The version of the API server, answered at /version.',
    major: 'The major version, such as 1.',
    minor: 'The minor version, such as 33.',
    gitVersion: 'The full version, such as v1.33.0 (k8ts reports the Kubernetes version it is compatible with, plus +k8ts).',
    gitCommit: 'The source commit the server was built from (all zeros when unknown).',
    gitTreeState: 'Whether the source tree was clean or dirty at build time.',
    buildDate: 'When the server was built, in RFC 3339 form.',
    goVersion: 'The Go version the server was built with (for k8ts, the Node.js version it runs on).',
    compiler: 'The compiler the server was built with (tsc for k8ts).',
    platform: 'The operating system and architecture, such as linux/amd64.',
    emulationMajor: 'The major version whose API behaviour the server emulates, when it differs from major.',
    emulationMinor: 'The minor version whose API behaviour the server emulates, when it differs from minor.',
    minCompatibilityMajor: 'The major part of the oldest version the server stays compatible with.',
    minCompatibilityMinor: 'The minor part of the oldest version the server stays compatible with.',
  },
  'io.k8s.apimachinery.pkg.api.resource.Quantity': {
    '': 'An amount, written as a number with an optional suffix: binary Ki, Mi, Gi, Ti, Pi, Ei (powers of 1024), decimal m (1/1000), k, M, G, T, P, E, or an exponent (1e3). For example 500m, 1.5, 128Mi. Numbers may be written as strings or plain JSON numbers.',
  },
  'io.k8s.apimachinery.pkg.util.intstr.IntOrString': { '': 'Either an integer or a string, such as a port number or a port name, or a count or a percentage (25%).' },
  'io.k8s.apimachinery.pkg.runtime.RawExtension': { '': 'An embedded object of any kind, written with its own apiVersion and kind.' },
};
