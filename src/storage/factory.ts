// Picks a backend from a datastore endpoint, k3s-style:
//   (empty)                       SQLite file DATA_DIR/db/state.db
//   sqlite:///abs/path.db         SQLite file at that path ('sqlite://:memory:' for tests)
//   etcd://h1:2379[,h2:2379]      etcd v3 cluster over plain HTTP
//   http(s)://h1:2379[,...]       etcd v3 cluster (https: TLS, files from the options)
import { join } from 'node:path';
import type { Storage } from './interface.js';

export interface DatastoreOptions {
  readonly endpoint?: string;
  readonly dataDir: string;
  readonly etcdTls?: { ca?: Buffer; cert?: Buffer; key?: Buffer };
  /** Key prefix inside etcd (default '/k8ts'). */
  readonly etcdPrefix?: string;
}

export class DatastoreEndpointError extends Error {
  override readonly name = 'DatastoreEndpointError';
}

export interface ParsedEndpoint {
  readonly backend: 'sqlite' | 'etcd';
  readonly path?: string;
  readonly endpoints?: string[];
}

export function parseDatastoreEndpoint(endpoint: string | undefined, dataDir: string): ParsedEndpoint {
  if (!endpoint) return { backend: 'sqlite', path: join(dataDir, 'db', 'state.db') };
  const m = /^([a-z0-9+]+):\/\/(.*)$/.exec(endpoint);
  if (!m) throw new DatastoreEndpointError(`invalid datastore endpoint "${endpoint}": expected sqlite://PATH, etcd://HOST:PORT[,HOST:PORT] or https://HOST:PORT[,...]`);
  const [, scheme, rest] = m as unknown as [string, string, string];
  if (scheme === 'sqlite') {
    if (!rest) throw new DatastoreEndpointError(`invalid datastore endpoint "${endpoint}": missing file path`);
    return { backend: 'sqlite', path: rest };
  }
  if (scheme === 'etcd' || scheme === 'http' || scheme === 'https') {
    const hosts = rest.split(',').map((h) => h.trim().replace(/\/+$/, ''));
    for (const h of hosts) {
      if (!/^[A-Za-z0-9.\-[\]:]+:\d{1,5}$/.test(h)) {
        throw new DatastoreEndpointError(`invalid datastore endpoint "${endpoint}": "${h}" is not HOST:PORT`);
      }
    }
    const proto = scheme === 'https' ? 'https' : 'http';
    return { backend: 'etcd', endpoints: hosts.map((h) => `${proto}://${h}`) };
  }
  throw new DatastoreEndpointError(`invalid datastore endpoint "${endpoint}": unsupported scheme "${scheme}"`);
}

export async function openStorage(opts: DatastoreOptions): Promise<Storage> {
  const parsed = parseDatastoreEndpoint(opts.endpoint, opts.dataDir);
  if (parsed.backend === 'sqlite') {
    const { openSqliteStorage } = await import('./sqlite/sqlite-storage.js');
    return openSqliteStorage({ path: parsed.path! });
  }
  const { openEtcdStorage } = await import('./etcd/etcd-storage.js');
  return openEtcdStorage({ endpoints: parsed.endpoints!, prefix: opts.etcdPrefix ?? '/k8ts', tls: opts.etcdTls });
}
