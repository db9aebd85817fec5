// RuntimeClass, CSIDriver, CSINode, CSIStorageCapacity and VolumeAttachment with the real kubectl
// (1.33 and 1.27, each against its own server): create, describe, server-side apply, upstream's
// defaults and 422 messages (immutable fields, invalid values), the CSIDriver generation, and
// VolumeAttachment's status subresource. They are stored only; nothing in k8ts acts on them.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestServer, type TestServer } from '../support/test-server.js';

const MANIFESTS = `apiVersion: node.k8s.io/v1
kind: RuntimeClass
metadata: {name: gvisor}
handler: runsc
overhead: {podFixed: {cpu: "0.25", memory: 64Mi}}
scheduling:
  nodeSelector: {example.com/sandbox: "true"}
  tolerations: [{key: example.com/sandbox, operator: Exists, effect: NoSchedule}]
---
apiVersion: storage.k8s.io/v1
kind: CSIDriver
metadata: {name: hostpath.csi.k8s.io}
spec: {}
---
apiVersion: storage.k8s.io/v1
kind: CSINode
metadata: {name: node-a}
spec:
  drivers: [{name: hostpath.csi.k8s.io, nodeID: node-a, topologyKeys: [topology.hostpath.csi/node]}]
---
apiVersion: storage.k8s.io/v1
kind: CSIStorageCapacity
metadata: {name: fast-node-a, namespace: default}
storageClassName: fast
capacity: 1024Mi
nodeTopology: {matchLabels: {kubernetes.io/hostname: node-a}}
---
apiVersion: storage.k8s.io/v1
kind: VolumeAttachment
metadata: {name: va-1}
spec:
  attacher: hostpath.csi.k8s.io
  nodeName: node-a
  source: {persistentVolumeName: pv-1}
`;

for (const version of ['1.33', '1.27']) describe(`storage.k8s.io CSI kinds and node.k8s.io RuntimeClass with kubectl ${version}`, () => {
  let s: TestServer;
  const ok = async (args: string[], input?: string): Promise<string> => {
    const r = await s.kubectl(args, { input, version });
    assert.equal(r.code, 0, `kubectl ${args.join(' ')}: ${r.stderr}`);
    return r.stdout;
  };
  const fails = async (args: string[], input?: string): Promise<string> => {
    const r = await s.kubectl(args, { input, version });
    assert.notEqual(r.code, 0, `kubectl ${args.join(' ')} should fail: ${r.stdout}`);
    return r.stderr.trim();
  };
  const json = async (args: string[]) => JSON.parse(await ok([...args, '-o', 'json']));
  before(async () => {
    s = await startTestServer();
  });
  after(async () => {
    await s?.close();
  });

  it('create -f prints upstream lines and stores upstream defaults', async () => {
    const out = await ok(['create', '-f', '-'], MANIFESTS);
    assert.deepEqual(out.trim().split('\n'), [
      'runtimeclass.node.k8s.io/gvisor created',
      'csidriver.storage.k8s.io/hostpath.csi.k8s.io created',
      'csinode.storage.k8s.io/node-a created',
      'csistoragecapacity.storage.k8s.io/fast-node-a created',
      'volumeattachment.storage.k8s.io/va-1 created',
    ]);
    const driver = await json(['get', 'csidriver', 'hostpath.csi.k8s.io']);
    assert.deepEqual(driver.spec, {
      attachRequired: true,
      fsGroupPolicy: 'ReadWriteOnceWithFSType',
      podInfoOnMount: false,
      requiresRepublish: false,
      seLinuxMount: false,
      storageCapacity: false,
      volumeLifecycleModes: ['Persistent'],
    });
    assert.equal(driver.metadata.generation, undefined);
    assert.deepEqual((await json(['get', 'runtimeclass', 'gvisor'])).overhead, { podFixed: { cpu: '250m', memory: '64Mi' } });
    assert.equal((await json(['get', 'csistoragecapacity', 'fast-node-a'])).capacity, '1Gi');
    assert.deepEqual((await json(['get', 'volumeattachment', 'va-1'])).status, { attached: false });
  });

  it('get prints upstream columns (no AGE for CSIStorageCapacity)', async () => {
    const header = async (r: string) => (await ok(['get', r])).split('\n')[0]!.split(/ {2,}/).join(' ');
    assert.equal(await header('runtimeclasses'), 'NAME HANDLER AGE');
    assert.equal(await header('csidrivers'), 'NAME ATTACHREQUIRED PODINFOONMOUNT STORAGECAPACITY TOKENREQUESTS REQUIRESREPUBLISH MODES AGE');
    assert.equal(await header('csinodes'), 'NAME DRIVERS AGE');
    assert.equal(await header('csistoragecapacities'), 'NAME STORAGECLASSNAME CAPACITY');
    assert.equal(await header('volumeattachments'), 'NAME ATTACHER PV NODE ATTACHED AGE');
    const row = (await ok(['get', 'csidriver', 'hostpath.csi.k8s.io', '--no-headers'])).trim().split(/\s+/);
    assert.deepEqual(row.slice(0, 7), ['hostpath.csi.k8s.io', 'true', 'false', 'false', '<unset>', 'false', 'Persistent']);
  });

  it('describe shows each object', async () => {
    assert.match(await ok(['describe', 'runtimeclass', 'gvisor']), /^Handler:\s+runsc$/m);
    assert.match(await ok(['describe', 'csidriver', 'hostpath.csi.k8s.io']), /^\s+Fs Group Policy:\s+ReadWriteOnceWithFSType$/m);
    assert.match(await ok(['describe', 'csinode', 'node-a']), /^\s+hostpath\.csi\.k8s\.io:\n\s+Node ID:\s+node-a$/m);
    assert.match(await ok(['describe', 'csistoragecapacity', 'fast-node-a']), /^Storage Class Name:\s+fast$/m);
    assert.match(await ok(['describe', 'volumeattachment', 'va-1']), /^\s+Persistent Volume Name:\s+pv-1$/m);
  });

  it('answers upstream 422s for invalid objects and immutable fields', async () => {
    const bad = (kind: string, body: string) => fails(['create', '-f', '-'], `apiVersion: ${kind === 'RuntimeClass' ? 'node.k8s.io/v1' : 'storage.k8s.io/v1'}\nkind: ${kind}\n${body}`);
    assert.match(
      await bad('RuntimeClass', 'metadata: {name: bad}\nhandler: Bad_Handler\n'),
      /The RuntimeClass "bad" is invalid: handler: Invalid value: "Bad_Handler": a lowercase RFC 1123 label must consist of/,
    );
    assert.match(
      await bad('VolumeAttachment', 'metadata: {name: bad}\nspec: {attacher: a.csi, nodeName: node-a, source: {}}\n'),
      /spec.source: Required value: must specify exactly one of inlineVolumeSpec and persistentVolumeName/,
    );
    assert.match(await bad('CSIDriver', 'metadata: {name: bad.csi}\nspec: {fsGroupPolicy: Sometimes}\n'), /spec.fsGroupPolicy: Unsupported value: "Sometimes": supported values: "File", "None", "ReadWriteOnceWithFSType"/);
    assert.equal(
      await fails(['patch', 'runtimeclass', 'gvisor', '--type=merge', '-p', '{"handler":"kata"}']),
      'The RuntimeClass "gvisor" is invalid: handler: Invalid value: "kata": field is immutable',
    );
    assert.match(await fails(['patch', 'csidriver', 'hostpath.csi.k8s.io', '--type=merge', '-p', '{"spec":{"attachRequired":false}}']), /spec.attachedRequired: Invalid value: false: field is immutable/);
    assert.match(await fails(['patch', 'volumeattachment', 'va-1', '--type=merge', '-p', '{"spec":{"nodeName":"node-b"}}']), /The VolumeAttachment "va-1" is invalid: spec: Invalid value: storage.VolumeAttachmentSpec\{.*NodeName:"node-b"\}: field is immutable/);
    assert.match(await fails(['patch', 'csistoragecapacity', 'fast-node-a', '--type=merge', '-p', '{"storageClassName":"slow"}']), /storageClassName: Invalid value: "slow": field is immutable/);
  });

  it('a mutable CSIDriver change bumps the generation from unset to 1', async () => {
    await ok(['patch', 'csidriver', 'hostpath.csi.k8s.io', '--type=merge', '-p', '{"spec":{"podInfoOnMount":true}}']);
    const driver = await json(['get', 'csidriver', 'hostpath.csi.k8s.io']);
    assert.equal(driver.spec.podInfoOnMount, true);
    assert.equal(driver.metadata.generation, 1);
  });

  it('VolumeAttachment status is written through the status subresource only', async () => {
    await ok(['patch', 'volumeattachment', 'va-1', '--type=merge', '-p', '{"status":{"attached":true}}']);
    assert.equal((await json(['get', 'volumeattachment', 'va-1'])).status.attached, false);
    await ok(['patch', 'volumeattachment', 'va-1', '--subresource=status', '--type=merge', '-p', '{"status":{"attached":true,"attachmentMetadata":{"devicePath":"/dev/sdb"}}}']);
    const va = await json(['get', 'volumeattachment', 'va-1']);
    assert.deepEqual(va.status, { attached: true, attachmentMetadata: { devicePath: '/dev/sdb' } });
    assert.match(await ok(['get', 'volumeattachment', 'va-1', '--no-headers']), /^va-1\s+hostpath\.csi\.k8s\.io\s+pv-1\s+node-a\s+true\s/);
  });

  it('apply --server-side creates and re-applies, then delete -f removes everything', async () => {
    const renamed = MANIFESTS.replace('name: gvisor}', 'name: kata}')
      .replace('name: hostpath.csi.k8s.io}', 'name: other.csi.k8s.io}')
      .replace('name: node-a}', 'name: node-b}')
      .replace('name: fast-node-a,', 'name: fast-node-b,')
      .replace('name: va-1}', 'name: va-2}');
    for (let i = 0; i < 2; i++) assert.equal((await ok(['apply', '--server-side', '-f', '-'], renamed)).trim().split('\n').filter((l) => l.endsWith(' serverside-applied')).length, 5);
    assert.equal((await json(['get', 'runtimeclass', 'kata', '--show-managed-fields'])).metadata.managedFields[0].manager, 'kubectl');
    await ok(['delete', '-f', '-'], renamed);
    await ok(['delete', '-f', '-'], MANIFESTS);
    for (const r of ['runtimeclasses', 'csidrivers', 'csinodes', 'csistoragecapacities', 'volumeattachments']) assert.equal((await ok(['get', r, '-A', '-o', 'name'])).trim(), '', r);
  });
});
