// Plugin outcomes as values (upstream's framework.Status): "does not fit this node" is data, and
// only Error aborts a cycle. Success is represented by null so the hot filter path allocates nothing.

export type Code = 'Success' | 'Error' | 'Unschedulable' | 'UnschedulableAndUnresolvable' | 'Skip' | 'Pending';

export class Status {
  /** The plugin that produced this status, filled in by the runtime. */
  plugin = '';

  constructor(
    readonly code: Code,
    readonly reasons: readonly string[] = [],
    readonly error?: Error,
  ) {}

  /** The reasons joined the way upstream's Status.Message does. */
  message(): string {
    return this.reasons.join(', ');
  }

  withPlugin(name: string): this {
    this.plugin = name;
    return this;
  }
}

/** null means success (Go's nil *Status). */
export type StatusOrSuccess = Status | null;

export const unschedulable = (...reasons: string[]): Status => new Status('Unschedulable', reasons);
export const unresolvable = (...reasons: string[]): Status => new Status('UnschedulableAndUnresolvable', reasons);
export const skip = (): Status => new Status('Skip');
export const asStatus = (e: unknown): Status => {
  const err = e instanceof Error ? e : new Error(String(e));
  return new Status('Error', [err.message], err);
};

export const isSuccess = (s: StatusOrSuccess | undefined): boolean => s == null || s.code === 'Success';
export const isSkip = (s: StatusOrSuccess | undefined): boolean => s != null && s.code === 'Skip';
/** Unschedulable or UnschedulableAndUnresolvable (upstream's IsRejected; Pending counts too). */
export const isRejected = (s: StatusOrSuccess | undefined): boolean =>
  s != null && (s.code === 'Unschedulable' || s.code === 'UnschedulableAndUnresolvable' || s.code === 'Pending');
