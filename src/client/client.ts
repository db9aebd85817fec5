// The entry point: one transport (one keep-alive agent) per client, and resource clients on it.
import { realClock, type Clock } from './clock.js';
import { loadKubeconfig, type ClientConfig, type LoadKubeconfigOptions } from './kubeconfig.js';
import { ResourceClient } from './resource-client.js';
import type { ResourceRef } from './resources.js';
import { RestClient, type RestClientOptions } from './rest-client.js';
import { HttpsTransport, type HttpsTransportOptions, type Transport } from './transport.js';
import type { KubeObject } from './types.js';

export interface ClientOptions extends RestClientOptions, HttpsTransportOptions {
  /** Use this transport instead of HTTPS to config.server. */
  readonly transport?: Transport;
}

export interface Client {
  readonly config: ClientConfig;
  readonly rest: RestClient;
  readonly clock: Clock;
  /** A typed client for a resource; namespace scopes it (absent: per object / all namespaces). */
  resource<T extends KubeObject>(ref: ResourceRef<T>, namespace?: string): ResourceClient<T>;
  /** Closes idle connections; call when done. */
  close(): void;
}

export function createClient(config: ClientConfig, opts: ClientOptions = {}): Client {
  const transport = opts.transport ?? new HttpsTransport(config, opts);
  const clock = opts.clock ?? realClock;
  const rest = new RestClient(transport, { ...opts, clock });
  return {
    config,
    rest,
    clock,
    resource: (ref, namespace) => new ResourceClient(rest, ref, namespace),
    close: () => transport.close(),
  };
}

/** createClient from a kubeconfig file's current (or named) context. */
export function clientFromKubeconfig(file: string, opts: ClientOptions & LoadKubeconfigOptions = {}): Client {
  return createClient(loadKubeconfig(file, opts), opts);
}
