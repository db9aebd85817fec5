// What an operator lets simulated nodes do when a client execs, attaches or port-forwards (the
// way KWOK configures its fake nodes): nothing runs and nothing is dialled unless enabled.

/** One line a simulated container printed. */
export interface ContainerOutputLine {
  readonly stream: 'stdout' | 'stderr';
  readonly text: string;
}

/** Where attach reads what a simulated container prints from now on. */
export interface ContainerOutputSource {
  /**
   * Calls `onLine` for each line the container prints from now on and `onExit` once it stops
   * running. Returns the unsubscribe function.
   */
  follow(
    namespace: string,
    pod: string,
    container: string,
    onLine: (line: ContainerOutputLine) => void,
    onExit: (exitCode: number) => void,
  ): () => void;
}

export interface StreamingConfig {
  /**
   * Enables exec: commands run as local processes of the sim-nodes host, as its user, in
   * EXEC_DIR/{namespace}/{pod}/{container} (created on first use). Unset: exec is refused.
   */
  readonly execDir?: string;
  /** Enables port-forward: a forwarded pod port P is dialled at this host, port P. Unset: refused. */
  readonly portForwardHost?: string;
  /** What attach streams; unset: attach streams nothing until the client leaves. */
  readonly output?: ContainerOutputSource;
}
