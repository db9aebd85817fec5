// The v1 Status values a kubelet sends on the error stream when an exec or attach ends, in
// upstream's shapes: kubectl turns NonZeroExitCode into its own exit code and prints the
// message of any other Failure.
import type { Status } from '../../api/errors.js';

export const successStatus = (): Status => ({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', code: 0 }) as Status;

/** The command exited with a code other than 0 (kubectl: "command terminated with exit code N"). */
export function exitCodeStatus(exitCode: number): Status {
  return {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message: `command terminated with non-zero exit code: exit status ${exitCode}`,
    reason: 'NonZeroExitCode',
    details: { causes: [{ reason: 'ExitCode', message: String(exitCode) }] },
    code: 500,
  } as unknown as Status;
}

/** A failure that is not the command's own (it could not start, the container is unknown, ...). */
export function internalErrorStatus(message: string): Status {
  return {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message: `Internal error occurred: ${message}`,
    reason: 'InternalError',
    details: { causes: [{ message }] },
    code: 500,
  };
}

/** The operator has not enabled the feature on this node. */
export function disabledStatus(message: string): Status {
  return { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason: 'Forbidden', code: 403 };
}
