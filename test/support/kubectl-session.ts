// One kubectl version bound to a test server and a namespace, with the two assertions every
// command test makes: the command succeeded (its stdout), or it failed (its stderr).
import assert from 'node:assert/strict';
import type { KubectlResult, TestServer } from './test-server.js';

export const KUBECTL_VERSIONS = ['1.33', '1.27'] as const;

/** What kubectl prints when it works around a server that lacks something (must never appear). */
const DEGRADED = /error validating data|the server doesn't have a resource type|unable to recognize|could not find the requested resource|failed to download openapi/i;

export interface KubectlSession {
  readonly version: string;
  readonly ns: string;
  /** Runs kubectl with `-n ns` prepended (unless `ns` is empty). */
  run(args: string[], o?: { input?: string; env?: Record<string, string> }): Promise<KubectlResult>;
  /** Runs kubectl, asserts exit code 0 and returns stdout. */
  ok(args: string[], o?: { input?: string; env?: Record<string, string> }): Promise<string>;
  /** Runs kubectl, asserts a non-zero exit code and returns stderr. */
  fail(args: string[], o?: { input?: string; env?: Record<string, string> }): Promise<string>;
  /** `get <what> -o json`, parsed. */
  json(what: string[]): Promise<any>;
}

export function kubectlSession(s: TestServer, version: string, ns: string): KubectlSession {
  const run: KubectlSession['run'] = (args, o = {}) => s.kubectl(ns ? ['-n', ns, ...args] : args, { version, ...o });
  const session: KubectlSession = {
    version,
    ns,
    run,
    async ok(args, o) {
      const r = await run(args, o);
      assert.equal(r.code, 0, `kubectl ${version} ${args.join(' ')} failed:\n${r.stderr}\n${r.stdout}`);
      assert.doesNotMatch(r.stderr, DEGRADED, `kubectl ${version} ${args.join(' ')} fell back to a degraded path`);
      return r.stdout;
    },
    async fail(args, o) {
      const r = await run(args, o);
      assert.notEqual(r.code, 0, `kubectl ${version} ${args.join(' ')} unexpectedly succeeded:\n${r.stdout}`);
      return r.stderr;
    },
    async json(what) {
      return JSON.parse(await session.ok(['get', ...what, '-o', 'json']));
    },
  };
  return session;
}

/** Creates a namespace with `kubectl create -f` (JSON body, which every version sends as JSON). */
export async function createNamespace(s: TestServer, name: string): Promise<void> {
  const r = await s.kubectl(['create', '-f', '-'], { version: '1.27', input: JSON.stringify({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } }) });
  assert.equal(r.code, 0, r.stderr);
}

/** Lines of kubectl output without trailing blanks. */
export const lines = (out: string): string[] => out.trimEnd().split('\n');
