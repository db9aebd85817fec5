// ControllerRevision history shared by the StatefulSet and DaemonSet controllers.
export * from './revisions.js';
export { RevisionHistory, type CreatedRevision } from './history-control.js';
