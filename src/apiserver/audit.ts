// The audit log: one JSON line per request (user, verb, resource, name, code, latency),
// appended asynchronously to a file under the data dir.
import { createWriteStream, mkdirSync, type WriteStream } from 'node:fs';
import { dirname } from 'node:path';

export interface AuditRecord {
  readonly user: string;
  readonly verb: string;
  readonly path: string;
  readonly group: string;
  readonly resource: string;
  readonly subresource: string;
  readonly namespace: string;
  readonly name: string;
  readonly code: number;
  readonly latencyMs: number;
}

export interface AuditLog {
  record(r: AuditRecord): void;
  close(): Promise<void>;
}

export class FileAuditLog implements AuditLog {
  private readonly out: WriteStream;

  constructor(file: string, private readonly now: () => number = Date.now) {
    mkdirSync(dirname(file), { recursive: true });
    this.out = createWriteStream(file, { flags: 'a' });
    this.out.on('error', () => undefined);
  }

  record(r: AuditRecord): void {
    const line = {
      ts: new Date(this.now()).toISOString(),
      user: r.user,
      verb: r.verb,
      path: r.path,
      ...(r.group ? { group: r.group } : {}),
      ...(r.resource ? { resource: r.resource } : {}),
      ...(r.subresource ? { subresource: r.subresource } : {}),
      ...(r.namespace ? { namespace: r.namespace } : {}),
      ...(r.name ? { name: r.name } : {}),
      code: r.code,
      latencyMs: Math.round(r.latencyMs * 1000) / 1000,
    };
    this.out.write(JSON.stringify(line) + '\n');
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.out.end(resolve));
  }
}
