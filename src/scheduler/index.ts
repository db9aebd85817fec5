// The public surface of src/scheduler.
export { Scheduler, LeaderElectionLostError, type SchedulerOptions, type LeaderElectionOptions } from './scheduler.js';
export { DEFAULT_SCHEDULER_NAME, defaultProfile, inTreeRegistry } from './plugins/registry.js';
export type { Profile, PluginConfig } from './framework/runtime.js';
export type { Logger } from './logger.js';
