// The controller runtime: controllers (queue + workers), expectations, registry, manager.
export { Controller, TerminalError, type ControllerOptions, type ReconcileFunc, type ReconcileResult, type Runnable } from './controller.js';
export { ControllerExpectations, EXPECTATIONS_TTL_MS } from './expectations.js';
export { ControllerRegistry, RegistryError, type ControllerContext, type ControllerDescriptor } from './registry.js';
export { ControllerManager, LeaderElectionLostError, type ControllerManagerOptions, type LeaderElectionOptions } from './manager.js';
export { silentLogger, errorMessage, type Logger } from './logger.js';
