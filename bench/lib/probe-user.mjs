// An ordinary user for a benchmark's latency probe: a bearer token in a --token-auth-file entry
// (no groups; the server adds system:authenticated, so flow control puts its requests at the
// global-default level like any user's, not at exempt as the admin's), the RBAC objects that let
// it do what the probe does (bench/lib/slo-probe-rbac.yaml), and a kubeconfig for it.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseAllDocuments, parse, stringify } from 'yaml';

export const PROBE_USER = 'slo-probe';

/** Writes the token file (pass `--token-auth-file tokenFile` to the server); remove() deletes it. */
export function probeUserToken() {
  const dir = mkdtempSync(join(tmpdir(), 'k8ts-bench-probe-'));
  const token = randomBytes(24).toString('hex');
  const tokenFile = join(dir, 'tokens.csv');
  writeFileSync(tokenFile, `${token},${PROBE_USER},${PROBE_USER}-uid\n`, { mode: 0o600 });
  return { token, tokenFile, dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A kubeconfig for the token user, next to the admin's (same cluster). */
export function writeProbeKubeconfig(adminKubeconfig, token, file) {
  const kc = parse(readFileSync(adminKubeconfig, 'utf8'));
  const cluster = kc.clusters[0];
  const config = {
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [cluster],
    users: [{ name: PROBE_USER, user: { token } }],
    contexts: [{ name: PROBE_USER, context: { cluster: cluster.name, user: PROBE_USER } }],
    'current-context': PROBE_USER,
  };
  writeFileSync(file, stringify(config), { mode: 0o600 });
  return file;
}

/** Creates the probe's ClusterRole and ClusterRoleBinding as the admin (a JSON client with req). */
export async function applyProbeRbac(admin) {
  const text = readFileSync(new URL('./slo-probe-rbac.yaml', import.meta.url), 'utf8');
  const plural = { ClusterRole: 'clusterroles', ClusterRoleBinding: 'clusterrolebindings' };
  for (const doc of parseAllDocuments(text)) {
    const o = doc.toJS();
    await admin.req('POST', `/apis/rbac.authorization.k8s.io/v1/${plural[o.kind]}`, o);
  }
}

/** The name of the priority level that served a request, from its X-Kubernetes-PF-PriorityLevel-UID. */
export async function priorityLevelOf(admin, res) {
  const uid = res.headers['x-kubernetes-pf-prioritylevel-uid'];
  const levels = await admin.req('GET', '/apis/flowcontrol.apiserver.k8s.io/v1/prioritylevelconfigurations');
  return levels.items.find((l) => l.metadata.uid === uid)?.metadata.name ?? `unknown (uid ${uid})`;
}
