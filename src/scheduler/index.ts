// The public surface of src/scheduler.
export { Scheduler, type SchedulerOptions } from './scheduler.js';
export { LeaderElectionLostError, type LeaderElectionOptions } from '../client/index.js';
export { DEFAULT_SCHEDULER_NAME, defaultProfile, inTreeRegistry } from './plugins/registry.js';
export type { Profile, PluginConfig } from './framework/runtime.js';
export type { Logger } from './logger.js';
