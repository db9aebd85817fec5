import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync, statSync, writeFileSync, unlinkSync, readFileSync } from 'node:fs';
import { tmpdir, type NetworkInterfaceInfo } from 'node:os';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { X509Certificate as NodeX509 } from 'node:crypto';
import { loadOrCreateClusterPki, servingSans } from './cluster-pki.js';
import { createCA, createServingCert } from './certs.js';
import { sansOf } from './testing/inspect-certificate.js';

const tmp = () => mkdtempSync(join(tmpdir(), 'k8ts-pki-'));

const iface = (address: string, family: 'IPv4' | 'IPv6', internal = false): NetworkInterfaceInfo =>
  ({ address, family, internal, netmask: '', mac: '00:00:00:00:00:00', cidr: null, scopeid: 0 }) as NetworkInterfaceInfo;

test('cold start creates the PKI, warm start reuses it', async (t) => {
  const dir = join(tmp(), 'pki');
  try {
    const t0 = performance.now();
    const first = await loadOrCreateClusterPki(dir, { bindAddress: '127.0.0.1' });
    const cold = performance.now() - t0;
    assert.deepEqual(first.generated, ['ca', 'server', 'admin']);
    assert.deepEqual(readdirSync(dir).sort(), ['admin.crt', 'admin.key', 'ca.crt', 'ca.key', 'server.crt', 'server.key']);
    for (const f of ['ca.key', 'server.key', 'admin.key']) assert.equal(statSync(join(dir, f)).mode & 0o777, 0o600, f);
    for (const f of ['ca.crt', 'server.crt', 'admin.crt']) assert.equal(statSync(join(dir, f)).mode & 0o777, 0o644, f);
    assert.equal(statSync(dir).mode & 0o777, 0o700);

    const warmTimes: number[] = [];
    let second = first;
    for (let i = 0; i < 5; i++) {
      const t1 = performance.now();
      second = await loadOrCreateClusterPki(dir, { bindAddress: '127.0.0.1' });
      warmTimes.push(performance.now() - t1);
    }
    assert.deepEqual(second.generated, []);
    assert.equal(second.ca.certPem, first.ca.certPem);
    assert.equal(second.ca.keyPem, first.ca.keyPem);
    assert.equal(second.server.certPem, first.server.certPem);
    assert.equal(second.admin.certPem, first.admin.certPem);
    assert.equal(second.ca.certPem, readFileSync(join(dir, 'ca.crt'), 'utf8'));
    const warm = Math.min(...warmTimes);
    t.diagnostic(`cold start ${cold.toFixed(1)} ms (generator module already loaded by this test), warm start ${warm.toFixed(2)} ms (min of 5: ${warmTimes.map((x) => x.toFixed(2)).join(', ')})`);

    // the admin cert is CN=admin, O=system:masters, signed by the CA
    const admin = new NodeX509(first.admin.certPem);
    assert.equal(admin.subject, 'O=system:masters\nCN=admin');
    assert.ok(admin.verify(new NodeX509(first.ca.certPem).publicKey));
    assert.deepEqual(admin.keyUsage, ['1.3.6.1.5.5.7.3.2']);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('serving SANs: fixed names, service IP, bind address', async () => {
  const dir = tmp();
  try {
    const pki = await loadOrCreateClusterPki(dir, { bindAddress: '192.168.7.9', extraSans: ['api.example.com', '10.1.2.3', 'API.Example.com'] });
    const sans = sansOf(pki.server.certPem);
    assert.deepEqual(sans.dns, [
      'localhost',
      'kubernetes',
      'kubernetes.default',
      'kubernetes.default.svc',
      'kubernetes.default.svc.cluster.local',
      'api.example.com',
    ]);
    assert.deepEqual(sans.ips, ['127.0.0.1', '::1', '10.43.0.1', '192.168.7.9', '10.1.2.3']);
    assert.deepEqual(pki.sans, sans);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('binding to 0.0.0.0 uses the machine addresses, never 0.0.0.0; a DNS bind address is a DNS SAN', () => {
  const interfaces = {
    lo: [iface('127.0.0.1', 'IPv4', true), iface('::1', 'IPv6', true)],
    eth0: [iface('192.168.1.20', 'IPv4'), iface('fe80::1234', 'IPv6'), iface('2001:db8::20', 'IPv6')],
    docker0: [iface('172.17.0.1', 'IPv4')],
  };
  const all = servingSans({ bindAddress: '0.0.0.0', interfaces });
  assert.deepEqual(all.ips, ['127.0.0.1', '::1', '10.43.0.1', '192.168.1.20', '2001:db8::20', '172.17.0.1']);
  assert.ok(!all.ips.includes('0.0.0.0'));
  assert.deepEqual(servingSans({ bindAddress: '::', interfaces }).ips, all.ips);

  const byName = servingSans({ bindAddress: 'Master.Local', interfaces });
  assert.ok(byName.dns.includes('master.local'));
  assert.deepEqual(byName.ips, ['127.0.0.1', '::1', '10.43.0.1']);
  assert.ok(servingSans({ bindAddress: '[fd00::5]' }).ips.includes('fd00::5'));
  assert.ok(servingSans({ bindAddress: '127.0.0.1', serviceIp: '10.96.0.1' }).ips.includes('10.96.0.1'));
});

test('only the serving cert is regenerated when the bind address changes', async () => {
  const dir = tmp();
  try {
    const first = await loadOrCreateClusterPki(dir, { bindAddress: '127.0.0.1' });
    // a bind address already covered: nothing changes
    const same = await loadOrCreateClusterPki(dir, { bindAddress: 'localhost' });
    assert.deepEqual(same.generated, []);

    const moved = await loadOrCreateClusterPki(dir, { bindAddress: '10.9.8.7', extraSans: ['k8s.example'] });
    assert.deepEqual(moved.generated, ['server']);
    assert.match(moved.reasons[0]!, /does not cover 10\.9\.8\.7|does not cover k8s\.example/);
    assert.equal(moved.ca.certPem, first.ca.certPem);
    assert.equal(moved.admin.certPem, first.admin.certPem);
    assert.notEqual(moved.server.certPem, first.server.certPem);
    const sans = sansOf(moved.server.certPem);
    assert.ok(sans.ips.includes('10.9.8.7'));
    assert.ok(sans.dns.includes('k8s.example'));

    // back to a covered address: the newer serving cert is kept
    const back = await loadOrCreateClusterPki(dir, { bindAddress: '127.0.0.1' });
    assert.deepEqual(back.generated, []);
    assert.equal(back.server.certPem, moved.server.certPem);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('broken leaves are regenerated, a broken CA is an error', async () => {
  const dir = tmp();
  try {
    const first = await loadOrCreateClusterPki(dir, { bindAddress: '127.0.0.1' });

    // serving key that does not match its certificate
    const stray = await createCA('stray');
    writeFileSync(join(dir, 'server.key'), stray.keyPem);
    let r = await loadOrCreateClusterPki(dir, { bindAddress: '127.0.0.1' });
    assert.deepEqual(r.generated, ['server']);
    assert.match(r.reasons[0]!, /does not match/);

    // serving cert issued by another CA
    const foreign = await createServingCert(stray, { sans: { dns: ['localhost'], ips: ['127.0.0.1'] } });
    writeFileSync(join(dir, 'server.crt'), foreign.certPem);
    writeFileSync(join(dir, 'server.key'), foreign.keyPem);
    r = await loadOrCreateClusterPki(dir, { bindAddress: '127.0.0.1' });
    assert.deepEqual(r.generated, ['server']);
    assert.match(r.reasons[0]!, /not issued by the current CA/);

    // missing admin key
    unlinkSync(join(dir, 'admin.key'));
    r = await loadOrCreateClusterPki(dir, { bindAddress: '127.0.0.1' });
    assert.deepEqual(r.generated, ['admin']);
    assert.equal(r.ca.certPem, first.ca.certPem);

    // a CA certificate without its key cannot be used
    unlinkSync(join(dir, 'ca.key'));
    await assert.rejects(loadOrCreateClusterPki(dir, { bindAddress: '127.0.0.1' }), /cluster CA .* is unusable: .*ca\.key is missing/);
    // a CA key that does not match the CA certificate
    writeFileSync(join(dir, 'ca.key'), stray.keyPem);
    await assert.rejects(loadOrCreateClusterPki(dir, { bindAddress: '127.0.0.1' }), /does not match/);

    // no CA at all: a new one, and the old leaves (good under the old CA) are reissued under it
    unlinkSync(join(dir, 'ca.crt'));
    unlinkSync(join(dir, 'ca.key'));
    r = await loadOrCreateClusterPki(dir, { bindAddress: '127.0.0.1' });
    assert.deepEqual(r.generated, ['ca', 'server', 'admin']);
    assert.deepEqual(r.reasons, ['ca: created', 'server: regenerated (not issued by the current CA)', 'admin: regenerated (not issued by the current CA)']);
    const newCa = new NodeX509(readFileSync(join(dir, 'ca.crt'), 'utf8'));
    assert.notEqual(newCa.raw.toString('hex'), new NodeX509(first.ca.certPem).raw.toString('hex'));
    for (const f of ['server.crt', 'admin.crt']) assert.ok(new NodeX509(readFileSync(join(dir, f), 'utf8')).verify(newCa.publicKey), f);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a CA put in the directory by the user (RSA, made by openssl) signs the leaves the server makes', async () => {
  const dir = tmp();
  try {
    execFileSync('openssl', [
      'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', join(dir, 'ca.key'), '-out', join(dir, 'ca.crt'),
      '-days', '30', '-subj', '/O=Example/CN=site-ca', '-addext', 'basicConstraints=critical,CA:TRUE',
    ], { stdio: 'ignore' });
    const caPem = readFileSync(join(dir, 'ca.crt'), 'utf8');
    const pki = await loadOrCreateClusterPki(dir, { bindAddress: '127.0.0.1' });
    assert.deepEqual(pki.generated, ['server', 'admin']);
    assert.equal(pki.ca.certPem, caPem);
    const ca = new NodeX509(caPem);
    for (const f of ['server.crt', 'admin.crt']) {
      const leaf = new NodeX509(readFileSync(join(dir, f), 'utf8'));
      assert.ok(leaf.verify(ca.publicKey) && leaf.checkIssued(ca), f);
      execFileSync('openssl', ['verify', '-CAfile', join(dir, 'ca.crt'), join(dir, f)], { stdio: 'ignore' });
    }
    assert.equal((await loadOrCreateClusterPki(dir, { bindAddress: '127.0.0.1' })).generated.length, 0);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
