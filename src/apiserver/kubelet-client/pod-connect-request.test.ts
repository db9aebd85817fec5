import assert from 'node:assert/strict';
import { it } from 'node:test';
import { isStatusError } from '../../api/errors.js';
import { kubeletLocationOf } from './node-connection.js';
import { kubeletTarget, logOptionsQuery, resolveContainer, streamOptionsQuery } from './pod-connect-request.js';

const pod = (containers: string[], init: string[] = [], ephemeral: string[] = []) => ({
  metadata: { name: 'p', namespace: 'ns' },
  spec: { containers: containers.map((name) => ({ name })), initContainers: init.map((name) => ({ name })), ephemeralContainers: ephemeral.map((name) => ({ name })) },
});

const message = (fn: () => unknown) => {
  try {
    fn();
  } catch (e) {
    if (isStatusError(e)) return `${e.code} ${e.message}`;
    throw e;
  }
  return 'no error';
};

it('picks the only container, or names every container (init, regular, ephemeral) as upstream', () => {
  assert.equal(resolveContainer(pod(['a']), ''), 'a');
  assert.equal(message(() => resolveContainer(pod(['a', 'b'], ['i'], ['e']), '')), '400 a container name must be specified for pod p, choose one of: [i a b e]');
  assert.equal(message(() => resolveContainer(pod([]), '')), '400 a container name must be specified for pod p');
  assert.equal(resolveContainer(pod(['a', 'b'], ['i']), 'i'), 'i');
  assert.equal(message(() => resolveContainer(pod(['a']), 'z')), '400 container z is not valid for pod p');
});

it('validates log options as upstream (422 PodLogOptions) and forwards them to the kubelet', () => {
  const q = (s: string) => logOptionsQuery('p', new URLSearchParams(s)).toString();
  assert.equal(q('follow=true&tailLines=5&timestamps=1&sinceTime=2026-01-02T03:04:05.678Z&limitBytes=10'), 'follow=true&timestamps=true&sinceTime=2026-01-02T03%3A04%3A05Z&tailLines=5&limitBytes=10');
  assert.equal(message(() => q('tailLines=-1')), '422 PodLogOptions "p" is invalid: tailLines: Invalid value: -1: must be greater than or equal to 0');
  assert.equal(message(() => q('sinceSeconds=0')), '422 PodLogOptions "p" is invalid: sinceSeconds: Invalid value: 0: must be greater than 0');
  assert.match(message(() => q('sinceSeconds=1&sinceTime=2026-01-01T00:00:00Z')), /^422 .*Forbidden: at most one of `sinceTime` or `sinceSeconds` may be specified/);
  assert.match(message(() => q('tailLines=x')), /^400 /);
});

it('exec/attach streams default to stdout and stderr; the kubelet path names the container', () => {
  assert.equal(streamOptionsQuery(new URLSearchParams('command=ls&command=-l&stdin=true&tty=1'), true).toString(), 'input=1&output=1&error=1&tty=1&command=ls&command=-l');
  assert.equal(streamOptionsQuery(new URLSearchParams('stdout=false&stderr=false&stdin=1&command=x'), false).toString(), 'input=1');
  assert.equal(kubeletTarget('portforward', pod(['a']), '', new URLSearchParams()).path, '/portForward/ns/p');
  assert.equal(kubeletTarget('log', pod(['a']), 'a', new URLSearchParams()).path, '/containerLogs/ns/p/a');
});

it('dials the first address of the preferred types, and the port the node reports', () => {
  const node = { status: { addresses: [{ type: 'Hostname', address: 'n1' }, { type: 'InternalIP', address: '10.0.0.1' }], daemonEndpoints: { kubeletEndpoint: { Port: 12345 } } } };
  assert.deepEqual(kubeletLocationOf(node, ['InternalIP', 'Hostname']), { host: '10.0.0.1', port: 12345 });
  assert.deepEqual(kubeletLocationOf({ status: { addresses: [{ type: 'Hostname', address: 'n1' }] } }, ['Hostname']), { host: 'n1', port: 10250 });
  assert.equal(message(() => kubeletLocationOf({ status: { addresses: [{ type: 'Hostname', address: 'n1' }] } }, ['InternalIP'])), '500 no preferred addresses found; known addresses: [{Hostname n1}]');
});
