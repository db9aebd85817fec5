// The two streaming sessions a node's kubelet endpoint serves, independent of the wire
// protocol that carries them. A WebSocket upgrade (v5/v4.channel.k8s.io,
// v2.portforward.k8s.io, what kubectl 1.30+ speaks) and a SPDY/3.1 upgrade (what kubectl
// 1.27–1.29 speak, and every version's fallback) both end in one of these, so the code that
// runs a command or forwards a port is written once.
import type { Duplex, Readable, Writable } from 'node:stream';
import type { Status } from '../../api/errors.js';

/** The streams a client asked for in an exec or attach request (its query parameters). */
export interface RemoteCommandOptions {
  stdin: boolean;
  stdout: boolean;
  stderr: boolean;
  tty: boolean;
}

export interface TerminalSize {
  width: number;
  height: number;
}

/** An exec or attach session once the upgrade is done and the streams are open. */
export interface RemoteCommandSession {
  /** The negotiated subprotocol, e.g. 'v5.channel.k8s.io' or 'v4.channel.k8s.io'. */
  readonly protocol: string;
  /** Client input; null when the client did not ask for stdin. Ends when the client closes it. */
  readonly stdin: Readable | null;
  readonly stdout: Writable | null;
  /** Always null with a tty (the terminal merges stderr into stdout). */
  readonly stderr: Writable | null;
  readonly tty: boolean;
  /** Terminal size changes sent by the client (tty sessions only). */
  onResize(listener: (size: TerminalSize) => void): void;
  /** The client went away (connection closed); the command should be stopped. */
  onClose(listener: () => void): void;
  /**
   * How the command ended, sent on the error stream as a v1 Status (Success, or Failure with
   * reason NonZeroExitCode and an ExitCode cause, or another Failure), then every stream is
   * closed. Call exactly once.
   */
  end(status: Status): void;
}

/** One forwarded connection inside a port-forward session. */
export interface PortForwardStream {
  readonly port: number;
  /** Bytes to and from the pod's port. */
  readonly data: Duplex;
  /** Report why this connection failed (e.g. nothing listens on the port); the client prints it. */
  reportError(message: string): void;
}

/** A port-forward session once the upgrade is done. */
export interface PortForwardSession {
  readonly protocol: string;
  /** Called once per connection the client forwards (one per accepted local connection). */
  onStream(listener: (stream: PortForwardStream) => void): void;
  onClose(listener: () => void): void;
}
