// What the simulated nodes' kubelet endpoint hands to a streaming handler (exec, attach,
// port-forward) once it has authenticated the caller, parsed the path and query, and found
// the pod among the pods its nodes run.
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Pod } from '../../api/types/core-v1.js';
import type { RemoteCommandOptions } from '../../client/httpstream/session.js';

export interface StreamingRequest {
  req: IncomingMessage;
  /** The upgraded connection's socket; the handler owns it from here (answer or upgrade it). */
  socket: Duplex;
  head: Buffer;
  namespace: string;
  /** The pod as the sim node knows it (from its informer). */
  pod: Pod;
  /** The container name from the path; empty for port-forward. */
  container: string;
  /** `command` query parameters, in order (exec only; empty otherwise). */
  command: string[];
  options: RemoteCommandOptions;
  /** `port` query parameters (port-forward only). */
  ports?: number[];
}

/** A streaming handler: answers the upgrade (101 and a session) or an HTTP error on the socket. */
export type StreamingHandler = (request: StreamingRequest) => Promise<void>;
