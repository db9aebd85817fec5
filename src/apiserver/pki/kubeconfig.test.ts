import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TLSSocket } from 'node:tls';
import { parse } from 'yaml';
import { StatusError } from '../../api/errors.js';
import { ClientCertAuthenticator, TokenFileAuthenticator, UnionAuthenticator } from '../auth/authenticator.js';
import { createCA, createClientCert } from './certs.js';
import { loadOrCreateClusterPki, type ClusterPki } from './cluster-pki.js';
import { renderKubeconfig, writeKubeconfig } from './kubeconfig.js';

const KUBECTL = (v: string) => `/usr/lib/google-cloud-sdk/bin/kubectl.${v}`;

test('renderKubeconfig embeds base64 data and names', () => {
  const text = renderKubeconfig({
    server: 'https://127.0.0.1:6443',
    caPem: 'CA PEM\n',
    clientCertPem: 'CERT PEM\n',
    clientKeyPem: 'KEY PEM\n',
    clusterName: 'k8ts',
    userName: 'admin',
    contextName: 'k8ts-admin',
  });
  const cfg = parse(text);
  assert.equal(cfg.apiVersion, 'v1');
  assert.equal(cfg.kind, 'Config');
  assert.equal(cfg['current-context'], 'k8ts-admin');
  assert.deepEqual(cfg.contexts, [{ name: 'k8ts-admin', context: { cluster: 'k8ts', user: 'admin' } }]);
  assert.equal(cfg.clusters[0].name, 'k8ts');
  assert.equal(cfg.clusters[0].cluster.server, 'https://127.0.0.1:6443');
  assert.equal(Buffer.from(cfg.clusters[0].cluster['certificate-authority-data'], 'base64').toString(), 'CA PEM\n');
  assert.equal(cfg.users[0].name, 'admin');
  assert.equal(Buffer.from(cfg.users[0].user['client-certificate-data'], 'base64').toString(), 'CERT PEM\n');
  assert.equal(Buffer.from(cfg.users[0].user['client-key-data'], 'base64').toString(), 'KEY PEM\n');

  const defaults = parse(renderKubeconfig({ server: 's', caPem: 'a', clientCertPem: 'b', clientKeyPem: 'c' }));
  assert.equal(defaults['current-context'], 'default');
  assert.deepEqual(defaults.contexts[0], { name: 'default', context: { cluster: 'default', user: 'default' } });
});

test('writeKubeconfig writes 0600 atomically and creates the parent directory', () => {
  const root = mkdtempSync(join(tmpdir(), 'k8ts-kc-'));
  try {
    const file = join(root, 'a', 'b', 'config');
    writeKubeconfig(file, 'one\n');
    assert.equal(readFileSync(file, 'utf8'), 'one\n');
    assert.equal(statSync(file).mode & 0o777, 0o600);
    writeKubeconfig(file, 'two\n');
    assert.equal(readFileSync(file, 'utf8'), 'two\n');
    assert.deepEqual(readdirSync(join(root, 'a', 'b')), ['config']); // no temp files left behind
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

/** A tiny API server stand-in: 200 {"user", "groups"} for authenticated requests, Status otherwise. */
async function startServer(pki: ClusterPki, tokens: string): Promise<{ port: number; close: () => Promise<void> }> {
  const auth = new UnionAuthenticator(new ClientCertAuthenticator(), TokenFileAuthenticator.fromText(tokens));
  const server = createServer(
    { cert: pki.server.certPem, key: pki.server.keyPem, ca: [pki.ca.certPem], requestCert: true, rejectUnauthorized: false },
    (req, res) => {
      res.setHeader('content-type', 'application/json');
      try {
        const user = auth.authenticate({ socket: req.socket as TLSSocket, headers: req.headers });
        if (!user) throw new StatusError(401, 'Unauthorized', 'Unauthorized');
        res.end(JSON.stringify({ user: user.username, groups: user.groups, path: req.url }));
      } catch (e) {
        if (!(e instanceof StatusError)) throw e;
        res.statusCode = e.code;
        res.end(JSON.stringify(e.toStatus()));
      }
    },
  );
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    port: (server.address() as AddressInfo).port,
    close: async () => {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    },
  };
}

function kubectl(version: string, home: string, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      KUBECTL(version),
      args,
      { env: { HOME: home, PATH: process.env.PATH ?? '/usr/bin:/bin' }, timeout: 60_000 },
      (err, stdout, stderr) => {
        const code = err ? (typeof err.code === 'number' ? err.code : 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

for (const version of ['1.33', '1.27']) {
  test(`kubectl ${version} trusts the serving cert and authenticates with the admin cert`, { skip: !existsSync(KUBECTL(version)) }, async () => {
    const root = mkdtempSync(join(tmpdir(), 'k8ts-kubectl-'));
    const pki = await loadOrCreateClusterPki(join(root, 'pki'), { bindAddress: '127.0.0.1' });
    const srv = await startServer(pki, 'secret-token,alice,1001,"devs,ops"\n');
    try {
      const write = (name: string, text: string) => {
        const f = join(root, 'kube', name);
        writeKubeconfig(f, text);
        return f;
      };
      const admin = { caPem: pki.ca.certPem, clientCertPem: pki.admin.certPem, clientKeyPem: pki.admin.keyPem };

      // by IP (IP SAN 127.0.0.1) and by name (DNS SAN localhost)
      for (const host of ['127.0.0.1', 'localhost']) {
        const kc = write(`admin-${host}`, renderKubeconfig({ server: `https://${host}:${srv.port}`, ...admin }));
        const r = await kubectl(version, root, ['--kubeconfig', kc, 'get', '--raw', '/x']);
        assert.equal(r.code, 0, r.stderr);
        assert.deepEqual(JSON.parse(r.stdout), { user: 'admin', groups: ['system:masters', 'system:authenticated'], path: '/x' });
      }

      // a client cert from another CA is rejected: 401
      const otherCa = await createCA('other');
      const stranger = await createClientCert(otherCa, { user: 'mallory', groups: ['system:masters'] });
      const kcStranger = write(
        'stranger',
        renderKubeconfig({ server: `https://127.0.0.1:${srv.port}`, caPem: pki.ca.certPem, clientCertPem: stranger.certPem, clientKeyPem: stranger.keyPem }),
      );
      const rs = await kubectl(version, root, ['--kubeconfig', kcStranger, 'get', '--raw', '/x']);
      assert.notEqual(rs.code, 0);
      assert.match(rs.stderr, /Unauthorized/);

      // kubectl refuses a server whose cert is not signed by the kubeconfig's CA
      const kcWrongCa = write('wrong-ca', renderKubeconfig({ server: `https://127.0.0.1:${srv.port}`, ...admin, caPem: otherCa.certPem }));
      const rw = await kubectl(version, root, ['--kubeconfig', kcWrongCa, 'get', '--raw', '/x']);
      assert.notEqual(rw.code, 0);
      assert.match(rw.stderr, /certificate signed by unknown authority|failed to verify certificate/);

      // bearer tokens from the token file; an unknown token is 401
      const tokenCfg = parse(renderKubeconfig({ server: `https://127.0.0.1:${srv.port}`, ...admin }));
      tokenCfg.users[0].user = { token: 'secret-token' };
      const kcToken = write('token', JSON.stringify(tokenCfg));
      const rt = await kubectl(version, root, ['--kubeconfig', kcToken, 'get', '--raw', '/y']);
      assert.equal(rt.code, 0, rt.stderr);
      assert.deepEqual(JSON.parse(rt.stdout), { user: 'alice', groups: ['devs', 'ops', 'system:authenticated'], path: '/y' });
      tokenCfg.users[0].user = { token: 'wrong-token' };
      const kcBadToken = write('bad-token', JSON.stringify(tokenCfg));
      const rb = await kubectl(version, root, ['--kubeconfig', kcBadToken, 'get', '--raw', '/y']);
      assert.notEqual(rb.code, 0);
      assert.match(rb.stderr, /Unauthorized/);
    } finally {
      await srv.close();
      rmSync(root, { recursive: true, force: true });
    }
  });
}
