// CertificateSigningRequests end to end with the real kubectl (1.33 and 1.27) and openssl: a key
// and a request made by openssl (CN=jane, O=devs), `kubectl apply`, `kubectl get csr` (upstream's
// columns), `kubectl certificate approve` / `deny`, the controller manager's signer issuing the
// certificate from the cluster CA, and that certificate authenticating as jane in group devs.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { csrSigningConfig } from '../../src/cmd/controller-manager.js';
import { renderKubeconfig, writeKubeconfig } from '../../src/apiserver/pki/kubeconfig.js';
import { CERTIFICATESIGNINGREQUESTS, clientFromKubeconfig, type Client } from '../../src/client/index.js';
import { ControllerManager, DEFAULT_SIGNING_DURATION_MS, newControllerRegistry } from '../../src/controllers/index.js';
import { waitFor } from '../support/cluster.js';
import { KUBECTL_VERSIONS, kubectlSession, lines } from '../support/kubectl-session.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

const COLUMNS = /^NAME\s+AGE\s+SIGNERNAME\s+REQUESTOR\s+REQUESTEDDURATION\s+CONDITION$/;

/** An RSA key and a PKCS#10 request for subject, made by openssl; returns the key file and the request PEM. */
function opensslRequest(dir: string, name: string, subject: string): { keyFile: string; csrPem: string } {
  const keyFile = join(dir, `${name}.key`);
  const csrFile = join(dir, `${name}.csr`);
  execFileSync('openssl', ['genrsa', '-out', keyFile, '2048'], { stdio: 'ignore' });
  execFileSync('openssl', ['req', '-new', '-key', keyFile, '-subj', subject, '-out', csrFile], { stdio: 'ignore' });
  return { keyFile, csrPem: readFileSync(csrFile, 'utf8') };
}

function manifest(name: string, csrPem: string, spec: Record<string, unknown> = {}): string {
  return JSON.stringify({
    apiVersion: 'certificates.k8s.io/v1',
    kind: 'CertificateSigningRequest',
    metadata: { name },
    spec: { request: Buffer.from(csrPem).toString('base64'), signerName: 'kubernetes.io/kube-apiserver-client', usages: ['client auth'], ...spec },
  });
}

describe('certificate signing requests with kubectl', () => {
  let s: TestServer;
  let client: Client;
  const stop = new AbortController();
  let manager: Promise<void>;

  before(async () => {
    s = await startTestServer();
    client = clientFromKubeconfig(s.kubeconfig);
    // The signer as `k8ts controller-manager --cluster-signing-cert-file --cluster-signing-key-file` builds it.
    const csrSigning = csrSigningConfig({ clusterSigningCertFile: join(s.dir, 'tls', 'ca.crt'), clusterSigningKeyFile: join(s.dir, 'tls', 'ca.key'), clusterSigningDuration: DEFAULT_SIGNING_DURATION_MS });
    assert.ok(csrSigning);
    manager = new ControllerManager({ client: clientFromKubeconfig(s.kubeconfig), registry: newControllerRegistry(), controllers: ['csrsigning'], leaderElection: false, csrSigning }).run(stop.signal);
  });
  after(async () => {
    stop.abort();
    await manager;
    client?.close();
    await s?.close();
  });

  const certificateOf = (name: string) =>
    waitFor(`${name} issued`, async () => {
      const csr = await client.resource(CERTIFICATESIGNINGREQUESTS).get(name);
      return csr.status?.certificate ? Buffer.from(csr.status.certificate, 'base64').toString('utf8') : undefined;
    });

  for (const version of KUBECTL_VERSIONS) {
    const k = (ns = '') => kubectlSession(s, version, ns);
    const tag = version.replace('.', '');

    it(`kubectl ${version}: apply, get, approve; the issued certificate authenticates as jane in devs`, async () => {
      const name = `jane-${tag}`;
      const { keyFile, csrPem } = opensslRequest(s.dir, name, '/CN=jane/O=devs');
      // A requester written in the body is not trusted: the server records who created the request.
      const body = manifest(name, csrPem, { expirationSeconds: 86400, username: 'mallory', groups: ['system:masters'] });
      assert.equal(await k().ok(['apply', '-f', '-'], { input: body }), `certificatesigningrequest.certificates.k8s.io/${name} created\n`);
      const pending = lines(await k().ok(['get', 'csr', name]));
      assert.match(pending[0]!, COLUMNS);
      assert.match(pending[1]!, new RegExp(`^${name}\\s+\\d+s\\s+kubernetes\\.io/kube-apiserver-client\\s+admin\\s+24h\\s+Pending$`));
      const stored = await k().json(['csr', name]);
      assert.equal(stored.spec.username, 'admin');
      assert.deepEqual(stored.spec.groups, ['system:masters', 'system:authenticated']);
      assert.deepEqual(stored.status, {});

      assert.equal(await k().ok(['certificate', 'approve', name]), `certificatesigningrequest.certificates.k8s.io/${name} approved\n`);
      const certPem = await certificateOf(name);
      const issued = lines(await k().ok(['get', 'certificatesigningrequests', name]));
      assert.match(issued[1]!, new RegExp(`^${name}\\s+\\d+s\\s+kubernetes\\.io/kube-apiserver-client\\s+admin\\s+24h\\s+Approved,Issued$`));
      const approved = (await k().json(['csr', name])).status.conditions;
      assert.equal(approved.length, 1);
      assert.equal(approved[0].type, 'Approved');
      assert.equal(approved[0].reason, 'KubectlApprove');
      assert.match(approved[0].lastTransitionTime, /Z$/);

      // Signed by the cluster CA, for jane/devs, as long as asked (24h), a client certificate.
      const cert = new X509Certificate(certPem);
      assert.ok(cert.verify(new X509Certificate(s.ca).publicKey));
      assert.equal(cert.subject, 'CN=jane\nO=devs');
      assert.equal(Date.parse(cert.validTo) - Date.parse(cert.validFrom), 24 * 3600_000);
      assert.deepEqual(cert.keyUsage, ['1.3.6.1.5.5.7.3.2']);

      const kubeconfig = join(s.dir, `${name}.kubeconfig`);
      writeKubeconfig(kubeconfig, renderKubeconfig({ server: s.url, caPem: s.ca, clientCertPem: certPem, clientKeyPem: readFileSync(keyFile, 'utf8'), userName: 'jane' }));
      const whoami = await s.kubectl(['--kubeconfig', kubeconfig, 'auth', 'whoami', '-o', 'jsonpath={.status.userInfo.username} {.status.userInfo.groups}'], { version: '1.33' });
      assert.equal(whoami.code, 0, whoami.stderr);
      assert.equal(whoami.stdout, 'jane ["devs","system:authenticated"]');
    });

    it(`kubectl ${version}: deny; a denied request is never signed`, async () => {
      const name = `denied-${tag}`;
      const { csrPem } = opensslRequest(s.dir, name, '/CN=jane/O=devs');
      await k().ok(['create', '-f', '-'], { input: manifest(name, csrPem) });
      assert.equal(await k().ok(['certificate', 'deny', name]), `certificatesigningrequest.certificates.k8s.io/${name} denied\n`);
      const row = lines(await k().ok(['get', 'csr', name]))[1]!;
      assert.match(row, new RegExp(`^${name}\\s+\\d+s\\s+kubernetes\\.io/kube-apiserver-client\\s+admin\\s+<none>\\s+Denied$`));
      // kubectl refuses to approve it; a client that tries through /approval gets the server's 422.
      assert.match(await k().fail(['certificate', 'approve', name]), new RegExp(`certificate signing request "${name}" is already Denied`));
      const csr = await k().json(['csr', name]);
      csr.status.conditions.push({ type: 'Approved', status: 'True', reason: 'Test', message: 'both' });
      const both = await k().fail(['replace', '--raw', `/apis/certificates.k8s.io/v1/certificatesigningrequests/${name}/approval`, '-f', '-'], { input: JSON.stringify(csr) });
      assert.match(both, new RegExp(`The CertificateSigningRequest "${name}" is invalid: status\\.conditions\\[1\\]\\.type: Invalid value: "Approved": Approved and Denied conditions are mutually exclusive`));
      await new Promise((r) => setTimeout(r, 500));
      assert.equal((await k().json(['csr', name])).status.certificate, undefined);
    });

    it(`kubectl ${version}: the signer marks a request with usages it refuses Failed`, async () => {
      const name = `server-${tag}`;
      const { csrPem } = opensslRequest(s.dir, name, '/CN=jane');
      await k().ok(['apply', '-f', '-'], { input: manifest(name, csrPem, { usages: ['digital signature', 'server auth'] }) });
      await k().ok(['certificate', 'approve', name]);
      const failed = await waitFor(`${name} failed`, async () => (await k().json(['csr', name])).status.conditions?.find((c: { type: string }) => c.type === 'Failed'));
      assert.equal(failed.reason, 'SignerValidationFailure');
      assert.equal(failed.message, 'invalid usage for client certificate: server auth');
      assert.match(lines(await k().ok(['get', 'csr', name]))[1]!, /\s+Approved,Failed$/);
    });
  }

  it('the server refuses invalid requests with upstream\'s messages, and system:masters for the client signer', async () => {
    const k = kubectlSession(s, '1.33', '');
    const { csrPem } = opensslRequest(s.dir, 'masters', '/CN=eve/O=system:masters');
    const masters = await k.fail(['create', '-f', '-'], { input: manifest('masters', csrPem) });
    assert.match(masters, /certificatesigningrequests\.certificates\.k8s\.io "masters" is forbidden: use of kubernetes\.io\/kube-apiserver-client signer with system:masters group is not allowed/);
    const invalid = await k.fail(['create', '-f', '-'], { input: manifest('bad', 'not a request', { signerName: 'example', usages: ['client auth', 'client auth'], expirationSeconds: 60 }) });
    assert.match(invalid, /The CertificateSigningRequest "bad" is invalid:/);
    assert.match(invalid, /spec\.request: Invalid value: \[\]byte\{0x6e, 0x6f, 0x74, .*\}: PEM block type must be CERTIFICATE REQUEST/);
    assert.match(invalid, /spec\.usages\[1\]: Duplicate value: "client auth"/);
    assert.match(invalid, /spec\.signerName: Invalid value: "example": must be a fully qualified domain and path of the form 'example\.com\/signer-name'/);
    assert.match(invalid, /spec\.expirationSeconds: Invalid value: 60: may not specify a duration less than 600 seconds \(10 minutes\)/);
    // Another signer's requests are not the controller manager's business: approved, never issued.
    const other = opensslRequest(s.dir, 'other', '/CN=jane');
    await k.ok(['create', '-f', '-'], { input: manifest('other', other.csrPem, { signerName: 'example.com/my-signer' }) });
    await k.ok(['certificate', 'approve', 'other']);
    await new Promise((r) => setTimeout(r, 500));
    assert.match(lines(await k.ok(['get', 'csr', 'other']))[1]!, /example\.com\/my-signer\s+admin\s+<none>\s+Approved$/);
  });
});
