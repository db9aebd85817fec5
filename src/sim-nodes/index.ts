// Simulated nodes: the public surface for the CLI, the server and tests.
export { SimNodes, startSimNodes } from './sim-nodes.js';
export { parseLabelList, parseTaintList, resolveOptions, SimNodesOptionError, type SimNodesOptions, type ResolvedOptions } from './options.js';
export {
  ANNOTATION_PREFIX,
  CRASH_ANNOTATION,
  FAIL_ANNOTATION,
  NEVER_READY_ANNOTATION,
  NODE_ANNOTATION,
  RUN_TIME_ANNOTATION,
  START_DELAY_ANNOTATION,
} from './annotations.js';
export { NODE_LEASE_NAMESPACE, type SimNode } from './node-object.js';
export { AddressError } from './addresses.js';
