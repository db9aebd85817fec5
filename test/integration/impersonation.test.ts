// Impersonation with the real kubectl (--as, --as-group, --as-uid) and raw Impersonate-*
// headers: the request goes on as the user named, the audit log names both, and a request that
// may not impersonate, or names groups without a user, is refused as upstream refuses it.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { request } from '../support/http.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

let s: TestServer;
before(async () => {
  s = await startTestServer();
});
after(async () => {
  await s?.close();
});

/** The audit line of the request that matches (the log is written in batches: waits for it). */
async function auditLine(match: (l: Record<string, unknown>) => boolean): Promise<Record<string, unknown> | undefined> {
  for (let i = 0; i < 100; i++) {
    await new Promise((r) => setTimeout(r, 20));
    let lines: Record<string, unknown>[] = [];
    try {
      lines = readFileSync(join(s.dir, 'audit.log'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    } catch {
      // not written yet
    }
    const line = lines.find(match);
    if (line) return line;
  }
  return undefined;
}

const whoami = async (args: string[], version = '1.33') => {
  const r = await s.kubectl(['auth', 'whoami', ...args], { version });
  assert.equal(r.code, 0, r.stderr);
  return r.stdout;
};

describe('impersonation', () => {
  it('kubectl --as, --as-group and --as-uid act as that user, with system:authenticated added', async () => {
    const out = await whoami(['--as=jane', '--as-group=devs', '--as-group=ops', '--as-uid=u-42']);
    assert.match(out, /^Username\s+jane$/m);
    assert.match(out, /^UID\s+u-42$/m);
    assert.match(out, /^Groups\s+\[devs ops system:authenticated\]$/m);
  });

  it("a service account's groups follow from its name unless groups are given", async () => {
    const out = await whoami(['--as=system:serviceaccount:kube-system:robot']);
    assert.match(out, /^Username\s+system:serviceaccount:kube-system:robot$/m);
    assert.match(out, /^Groups\s+\[system:serviceaccounts system:serviceaccounts:kube-system system:authenticated\]$/m);
    assert.match(await whoami(['--as=system:serviceaccount:kube-system:robot', '--as-group=only']), /^Groups\s+\[only system:authenticated\]$/m);
    // Not a valid service account name: an ordinary user name.
    assert.match(await whoami(['--as=system:serviceaccount:Bad_NS:robot']), /^Groups\s+\[system:authenticated\]$/m);
  });

  it('the impersonated user is who acts: what it creates, the audit log, extras', async () => {
    const created = await s.kubectl(['create', 'configmap', 'by-jane', '--from-literal=a=b', '--as=jane']);
    assert.equal(created.code, 0, created.stderr);
    assert.equal(created.stdout.trim(), 'configmap/by-jane created');
    const review = await request(s, {
      method: 'POST',
      path: '/apis/authentication.k8s.io/v1/selfsubjectreviews',
      body: { apiVersion: 'authentication.k8s.io/v1', kind: 'SelfSubjectReview' },
      headers: { 'Impersonate-User': 'jane', 'Impersonate-Extra-acme.com%2Fproject': 'p1', 'Impersonate-Extra-Scopes': 'view' },
    });
    assert.equal(review.code, 201, review.body.toString());
    assert.deepEqual(review.json().status.userInfo, { username: 'jane', groups: ['system:authenticated'], extra: { 'acme.com/project': ['p1'], scopes: ['view'] } });
    // The audit log names the client and the user it acted as; kubectl 1.27 sends the same headers.
    const old = await s.kubectl(['create', 'configmap', 'by-joe', '--as=joe', '--as-group=devs'], { version: '1.27' });
    assert.equal(old.code, 0, old.stderr);
    const joe = await auditLine((l) => l.verb === 'create' && l.resource === 'configmaps' && l.impersonatedUser === 'joe');
    assert.equal(joe?.user, 'admin');
    const jane = await auditLine((l) => l.verb === 'create' && l.resource === 'configmaps' && l.impersonatedUser === 'jane');
    assert.equal(jane?.user, 'admin');
    // A request without Impersonate-* headers has no impersonatedUser.
    assert.equal((await request(s, { path: '/api/v1/namespaces/default/configmaps/by-jane' })).code, 200);
    const plain = await auditLine((l) => l.verb === 'get' && l.name === 'by-jane');
    assert.deepEqual(plain && [plain.user, 'impersonatedUser' in plain], ['admin', false]);
  });

  it('refuses groups without a user (400) and a client that may not impersonate (403)', async () => {
    const client = await s.kubectl(['auth', 'whoami', '--as-group=devs']);
    assert.notEqual(client.code, 0);
    assert.match(client.stderr, /without impersonating a user/);
    const groupsOnly = await request(s, { path: '/api', headers: { 'Impersonate-Group': 'devs' } });
    assert.equal(groupsOnly.code, 400);
    assert.equal(groupsOnly.json().message, 'requested impersonation of groups, user extras or a UID without impersonating a user');
    // An anonymous client reaches /healthz, but may not impersonate there.
    const anon = await request(s, { path: '/healthz', auth: 'none', headers: { 'Impersonate-User': 'jane' } });
    assert.equal(anon.code, 403);
    const st = anon.json();
    assert.equal(st.reason, 'Forbidden');
    assert.match(st.message, /^users "jane" is forbidden: User "system:anonymous" cannot impersonate resource "users" in API group "" at the cluster scope/);
    assert.deepEqual(st.details, { name: 'jane', kind: 'users' });
    // Impersonating system:anonymous gives a user that is not authenticated, so it is refused like one.
    const asAnon = await request(s, { path: '/api/v1/namespaces/default/configmaps', headers: { 'Impersonate-User': 'system:anonymous' } });
    assert.equal(asAnon.code, 403);
    assert.match(asAnon.json().message, /^configmaps is forbidden: User "system:anonymous" cannot list resource "configmaps" in API group "" in the namespace "default"/);
    const path = await request(s, { path: '/api', headers: { 'Impersonate-User': 'system:anonymous' } });
    assert.equal(path.code, 403);
    assert.match(path.json().message, /^forbidden: User "system:anonymous" cannot get path "\/api"/);
    assert.deepEqual(path.json().details, {});
  });
});
