import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { loadKubeconfig, parseKubeconfig } from './kubeconfig.js';

const b64 = (s: string) => Buffer.from(s).toString('base64');

const doc = {
  apiVersion: 'v1',
  kind: 'Config',
  'current-context': 'one',
  clusters: [
    { name: 'c1', cluster: { server: 'https://127.0.0.1:6443/', 'certificate-authority-data': b64('CA1') } },
    { name: 'c2', cluster: { server: 'https://10.0.0.2:6443', 'certificate-authority': 'ca.pem', 'tls-server-name': 'kubernetes' } },
  ],
  users: [
    { name: 'u1', user: { 'client-certificate-data': b64('CERT'), 'client-key-data': b64('KEY') } },
    { name: 'u2', user: { token: 'sekret' } },
  ],
  contexts: [
    { name: 'one', context: { cluster: 'c1', user: 'u1' } },
    { name: 'two', context: { cluster: 'c2', user: 'u2', namespace: 'apps' } },
  ],
};

test('current-context with embedded certificate data', () => {
  const c = parseKubeconfig(stringify(doc));
  assert.equal(c.server, 'https://127.0.0.1:6443');
  assert.equal(c.ca, 'CA1');
  assert.equal(c.cert, 'CERT');
  assert.equal(c.key, 'KEY');
  assert.equal(c.token, undefined);
  assert.equal(c.namespace, 'default');
});

test('a named context with a token and a CA file relative to the kubeconfig', () => {
  const dir = mkdtempSync(join(tmpdir(), 'k8ts-kc-'));
  try {
    writeFileSync(join(dir, 'ca.pem'), 'CA2');
    writeFileSync(join(dir, 'config'), stringify(doc));
    const c = loadKubeconfig(join(dir, 'config'), { context: 'two' });
    assert.equal(c.server, 'https://10.0.0.2:6443');
    assert.equal(c.ca, 'CA2');
    assert.equal(c.token, 'sekret');
    assert.equal(c.tlsServerName, 'kubernetes');
    assert.equal(c.namespace, 'apps');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('missing pieces are KubeconfigErrors', () => {
  assert.throws(() => parseKubeconfig(stringify({ ...doc, 'current-context': '' })), { name: 'KubeconfigError', message: /no current-context/ });
  assert.throws(() => parseKubeconfig(stringify(doc), { context: 'nope' }), { name: 'KubeconfigError', message: /context "nope" not found/ });
  assert.throws(() => parseKubeconfig('a: [b'), { name: 'KubeconfigError' });
  assert.throws(() => loadKubeconfig('/nonexistent/kubeconfig'), { name: 'KubeconfigError' });
});
