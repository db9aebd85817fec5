// What the registry tells the webhook dispatcher about one write: upstream's admission.Attributes
// as far as webhooks see them.
import type { KObj, ResourceInfo } from '../../../api/resource-info.js';
import type { UserInfo } from '../../auth/authenticator.js';

export type AdmissionOperation = 'CREATE' | 'UPDATE' | 'DELETE' | 'CONNECT';

/** What the request handler knows and the store does not: who asks, and where warnings go. */
export interface AdmissionRequestInfo {
  readonly user: UserInfo;
  /** Warning headers of the response; webhooks' warnings are added here. */
  readonly warnings: string[];
  /** The subresource written ('' for the object itself). */
  readonly subresource?: string;
  /** Where annotations for the request's audit line go. */
  readonly audit?: { auditAnnotations?: Record<string, string> };
}

export interface AdmissionAttributes {
  /** The resource (and version) the webhook is shown. */
  readonly info: ResourceInfo;
  /** The resource as the request named it, when a webhook sees it at an equivalent version. */
  readonly requestInfo?: ResourceInfo;
  readonly operation: AdmissionOperation;
  readonly subresource: string;
  readonly name: string;
  readonly namespace: string;
  /** The new object (absent for DELETE; the connect options for CONNECT). */
  readonly object?: KObj;
  /** The stored object (UPDATE and DELETE). */
  readonly oldObject?: KObj;
  readonly dryRun: boolean;
  /** The request's options as a meta/v1 CreateOptions, UpdateOptions or DeleteOptions (none for CONNECT, whose object is its options). */
  readonly options: Record<string, unknown> | null;
  readonly request: AdmissionRequestInfo;
}
