import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { FileAuditLog } from './audit.js';

const rec = (name: string) => ({ user: 'admin', verb: 'create', path: '/api/v1/namespaces/d/configmaps', group: '', resource: 'configmaps', subresource: '', namespace: 'd', name, code: 201, latencyMs: 1.23456 });

describe('FileAuditLog', () => {
  it('writes buffered lines after flushMs, at the size limit, and on close', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'k8ts-audit-'));
    const file = join(dir, 'logs', 'audit.log');
    try {
      const log = new FileAuditLog(file, { now: () => 0, flushMs: 20, maxBufferBytes: 1 << 20 });
      log.record(rec('a'));
      log.record(rec('b'));
      await new Promise((r) => setTimeout(r, 5));
      assert.equal(existsSync(file) ? readFileSync(file, 'utf8') : '', '');
      await new Promise((r) => setTimeout(r, 80));
      const lines = readFileSync(file, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
      assert.deepEqual(lines.map((l) => l.name), ['a', 'b']);
      assert.deepEqual(lines[0], { ts: '1970-01-01T00:00:00.000Z', user: 'admin', verb: 'create', path: '/api/v1/namespaces/d/configmaps', resource: 'configmaps', namespace: 'd', name: 'a', code: 201, latencyMs: 1.235 });
      log.record(rec('c'));
      await log.close();
      assert.equal(readFileSync(file, 'utf8').trim().split('\n').length, 3);

      const small = new FileAuditLog(join(dir, 'small.log'), { flushMs: 60_000, maxBufferBytes: 10 });
      small.record(rec('x'));
      await new Promise((r) => setTimeout(r, 30));
      assert.match(readFileSync(join(dir, 'small.log'), 'utf8'), /"name":"x"/);
      await small.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
