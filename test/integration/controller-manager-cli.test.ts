// `k8ts controller-manager` as a process of its own, as a user runs it next to
// `k8ts server --disable-controllers`: bad flags exit 2, it holds the kube-controller-manager
// lease and reconciles through the API (a Deployment gets its ReplicaSet and pods), SIGTERM
// stops it cleanly and releases the lease; with --cluster-signing-* it signs approved CSRs.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Deployment } from '../../src/api/types/apps-v1.js';
import type { Lease } from '../../src/api/types/coordination-v1.js';
import { CERTIFICATESIGNINGREQUESTS, clientFromKubeconfig, DEPLOYMENTS, LEASES, PODS, REPLICASETS, type Client } from '../../src/client/index.js';
import { SAMPLE_CSR_REQUEST } from '../fixtures/certificate-request.js';
import { waitFor } from '../support/cluster.js';
import { freePort, K8TS_BIN as BIN, k8tsProcesses } from '../support/k8ts-process.js';

const processes = k8tsProcesses();
const start = processes.start;
let dir: string;
let client: Client;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'k8ts-cm-cli-'));
  const server = start(['server', '--data-dir', dir, '--https-listen-port', String(await freePort()), '--disable-controllers', '--disable-scheduler']);
  await waitFor('the server', async () => server.out().includes('k8ts server ready'), 60_000);
  // The component kubeconfigs are written just after the server is ready.
  await waitFor('the controller manager kubeconfig', () => statSync(join(dir, 'cred', 'controller-manager.kubeconfig')).size > 0);
  client = clientFromKubeconfig(join(dir, 'kubeconfig.yaml'));
});

after(() => {
  client?.close();
  processes.killAll();
  rmSync(dir, { recursive: true, force: true });
});

describe('k8ts controller-manager', () => {
  it('rejects bad flags with exit code 2', () => {
    const kc = join(dir, 'cred', 'controller-manager.kubeconfig');
    const cases: Array<[string[], RegExp]> = [
      [['controller-manager', '--kubeconfig', kc, '--controllers', 'bogus'], /--controllers: "bogus" is not in the list of known controllers/],
      [['controller-manager', '--kubeconfig', kc, '--service-account-private-key-file', join(dir, 'missing.key')], /--service-account-private-key-file: ENOENT/],
      [['controller-manager'], /--kubeconfig is required \(or set KUBECONFIG\)/],
      [['controller-manager', '--kubeconfig', kc, '--cluster-signing-cert-file', join(dir, 'tls', 'ca.crt')], /--cluster-signing-cert-file and --cluster-signing-key-file must be given together/],
      [['controller-manager', '--kubeconfig', kc, '--cluster-signing-cert-file', join(dir, 'tls', 'ca.crt'), '--cluster-signing-key-file', join(dir, 'missing.key')], /--cluster-signing-cert-file\/--cluster-signing-key-file: ENOENT/],
      [['controller-manager', '--kubeconfig', kc, '--cluster-signing-cert-file', join(dir, 'tls', 'ca.crt'), '--cluster-signing-key-file', join(dir, 'tls', 'admin.key')], /CA private key does not match the CA certificate/],
    ];
    for (const [args, re] of cases) {
      const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', env: { ...process.env, KUBECONFIG: '' }, timeout: 20_000 });
      assert.equal(r.status, 2, `${args.join(' ')}: ${r.stderr}`);
      assert.match(r.stderr, re, args.join(' '));
    }
  });

  it('holds its lease, reconciles a Deployment through the API, and stops on SIGTERM releasing the lease', async () => {
    const cm = start([
      'controller-manager', '--kubeconfig', join(dir, 'cred', 'controller-manager.kubeconfig'),
      '--service-account-private-key-file', join(dir, 'tls', 'service-account.key'),
      '--cluster-signing-cert-file', join(dir, 'tls', 'ca.crt'), '--cluster-signing-key-file', join(dir, 'tls', 'ca.key'), '--cluster-signing-duration', '1h',
      '--leader-elect-lease-duration', '3s', '--leader-elect-renew-deadline', '2s', '--leader-elect-retry-period', '250ms',
    ]);
    const deployment: Deployment = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web', namespace: 'default' },
      spec: { replicas: 2, selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'c', image: 'nginx' }] } } },
    };
    await client.resource(DEPLOYMENTS, 'default').create(deployment);
    const rs = await waitFor('the ReplicaSet', async () => (await client.resource(REPLICASETS, 'default').list()).items.find((r) => r.metadata?.ownerReferences?.[0]?.name === 'web'), 30_000);
    assert.equal(rs.spec?.replicas, 2);
    await waitFor('two pods', async () => (await client.resource(PODS, 'default').list({ labelSelector: 'app=web' })).items.length === 2, 30_000);
    const lease = await client.resource<Lease>(LEASES, 'kube-system').get('kube-controller-manager');
    assert.match(lease.spec?.holderIdentity ?? '', /_/, 'held under a hostname_uuid identity');
    // An approved client CertificateSigningRequest is signed with the --cluster-signing-* CA, for at most --cluster-signing-duration.
    const csrs = client.resource(CERTIFICATESIGNINGREQUESTS);
    await csrs.create({ apiVersion: 'certificates.k8s.io/v1', kind: 'CertificateSigningRequest', metadata: { name: 'cli' }, spec: { request: SAMPLE_CSR_REQUEST, signerName: 'kubernetes.io/kube-apiserver-client', usages: ['client auth'] } });
    await csrs.patch('cli', { status: { conditions: [{ type: 'Approved', status: 'True', reason: 'Test', message: 'approved by the test' }] } }, 'merge', { subresource: 'approval' });
    const issued = await waitFor('the certificate', async () => (await csrs.get('cli')).status?.certificate, 30_000);
    const cert = new X509Certificate(Buffer.from(issued, 'base64'));
    assert.ok(cert.verify(new X509Certificate(readFileSync(join(dir, 'tls', 'ca.crt'))).publicKey));
    // Back-dated 5 minutes; a certificate shorter than 8 hours is not cut short at its end (upstream's policy).
    assert.equal(Date.parse(cert.validTo) - Date.parse(cert.validFrom), 65 * 60_000);
    assert.match(cm.out(), /"msg":"k8ts controller-manager starting"/);
    cm.child.kill('SIGTERM');
    assert.equal(await cm.exit, 0, cm.out());
    const released = await client.resource<Lease>(LEASES, 'kube-system').get('kube-controller-manager');
    assert.equal(released.spec?.holderIdentity ?? '', '', 'the lease is released on a clean stop');
  });
});
