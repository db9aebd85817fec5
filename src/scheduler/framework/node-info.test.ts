import { test } from 'node:test';
import assert from 'node:assert/strict';
import { makeNode, makePod, podInfo } from '../testing/fixtures.js';
import { NodeInfo } from './node-info.js';
import { PodInfo } from './pod-info.js';

test('adding and removing pods keeps requested resources, ports and affinity lists', () => {
  const ni = new NodeInfo('n1');
  ni.setNode(makeNode('n1', { cpu: '2' }));
  assert.equal(ni.allocatable.milliCPU, 2000);
  const withPort = new PodInfo(
    makePod('a', { containers: [{ name: 'c', image: 'x', resources: { requests: { cpu: '500m' } }, ports: [{ containerPort: 80, hostPort: 8080 }] }] }),
  );
  const withAffinity = podInfo('b', {
    cpu: '250m',
    spec: { affinity: { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ topologyKey: 'kubernetes.io/hostname', labelSelector: {} }] } } },
  });
  ni.addPod(withPort);
  ni.addPod(withAffinity);
  assert.equal(ni.requested.milliCPU, 750);
  assert.equal(ni.nonZeroRequested.memory, 2 * 200 * 1024 * 1024);
  assert.equal(ni.podsWithAffinity.length, 1);
  assert.equal(ni.podsWithRequiredAntiAffinity.length, 1);
  assert.ok(ni.usedPorts.conflicts({ ip: '0.0.0.0', protocol: 'TCP', port: 8080 }));
  assert.ok(!ni.usedPorts.conflicts({ ip: '0.0.0.0', protocol: 'UDP', port: 8080 }));

  const copy = ni.clone();
  assert.ok(copy.removePod(withPort));
  assert.equal(copy.requested.milliCPU, 250);
  assert.ok(!copy.usedPorts.conflicts({ ip: '10.0.0.1', protocol: 'TCP', port: 8080 }));
  // The original is untouched by changes to the clone.
  assert.equal(ni.requested.milliCPU, 750);
  assert.equal(ni.pods.length, 2);
  assert.ok(ni.removePod(withAffinity));
  assert.equal(ni.podsWithAffinity.length, 0);
  assert.ok(!ni.removePod(withAffinity));
});

test('host ports: 0.0.0.0 conflicts with every address, specific addresses only with themselves', () => {
  const ni = new NodeInfo('n');
  ni.addPod(new PodInfo(makePod('a', { containers: [{ name: 'c', image: 'x', ports: [{ containerPort: 1, hostPort: 53, hostIP: '10.0.0.1', protocol: 'UDP' }] }] })));
  assert.ok(ni.usedPorts.conflicts({ ip: '10.0.0.1', protocol: 'UDP', port: 53 }));
  assert.ok(ni.usedPorts.conflicts({ ip: '0.0.0.0', protocol: 'UDP', port: 53 }));
  assert.ok(!ni.usedPorts.conflicts({ ip: '10.0.0.2', protocol: 'UDP', port: 53 }));
});
