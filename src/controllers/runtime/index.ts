// The controller runtime: controllers (queue + workers), expectations, registry, manager.
export { Controller, TerminalError, type ControllerOptions, type ReconcileFunc, type ReconcileResult, type Runnable } from './controller.js';
export { ControllerExpectations, EXPECTATIONS_TTL_MS } from './expectations.js';
export { ControllerRegistry, RegistryError, type ControllerContext, type ControllerDescriptor } from './registry.js';
export { ControllerManager, type ControllerManagerOptions } from './manager.js';
export type { CsrSigningConfig, RequestSigningAuthority } from './csr-signing-config.js';
export { LeaderElectionLostError, type LeaderElectionOptions } from '../../client/index.js';
export { silentLogger, errorMessage, type Logger } from './logger.js';
