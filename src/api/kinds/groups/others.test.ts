import assert from 'node:assert/strict';
import { test } from 'node:test';
import { create, strategyFor, update } from './harness.test.js';

const LEASE = 'coordination.k8s.io/v1/leases';
const EPS = 'discovery.k8s.io/v1/endpointslices';
const EV = 'events.k8s.io/v1/events';
const PC = 'scheduling.k8s.io/v1/priorityclasses';

test('Lease', () => {
  const lease = (spec: Record<string, unknown>) => ({ apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', metadata: { name: 'l' }, spec });
  assert.deepEqual(create(LEASE, lease({ holderIdentity: 'a', leaseDurationSeconds: 15, leaseTransitions: 0 })).errors, []);
  assert.deepEqual(create(LEASE, lease({ leaseDurationSeconds: 0, leaseTransitions: -1 })).errors, [
    'spec.leaseDurationSeconds: Invalid value: 0: must be greater than 0',
    'spec.leaseTransitions: Invalid value: -1: must be greater than or equal to 0',
  ]);
  // Fields behind the (disabled) CoordinatedLeaderElection gate are dropped.
  const { obj, errors } = create(LEASE, lease({ strategy: 'OldestEmulationVersion', preferredHolder: 'b' }));
  assert.deepEqual(errors, []);
  assert.deepEqual(obj.spec, {});
  assert.equal(strategyFor(LEASE).allowCreateOnUpdate, true);
});

const eps = (rest: Record<string, unknown>) => ({ apiVersion: 'discovery.k8s.io/v1', kind: 'EndpointSlice', metadata: { name: 'e' }, ...rest });

test('EndpointSlice', () => {
  const { obj, errors } = create(EPS, eps({ addressType: 'IPv4', endpoints: [{ addresses: ['10.0.0.1'] }], ports: [{ port: 80 }, { name: 'https', port: 443 }] }));
  assert.deepEqual(errors, []);
  assert.deepEqual(obj.ports, [
    { port: 80, name: '', protocol: 'TCP' },
    { name: 'https', port: 443, protocol: 'TCP' },
  ]);
  assert.deepEqual(create(EPS, eps({})).errors, ['addressType: Required value']);
  assert.deepEqual(create(EPS, eps({ addressType: 'IP' })).errors, ['addressType: Unsupported value: "IP": supported values: "FQDN", "IPv4", "IPv6"']);
  assert.deepEqual(create(EPS, eps({ addressType: 'IPv4', endpoints: [{ addresses: [] }, { addresses: ['abc', '127.0.0.1', '2001:db8::1', '0.0.0.0'] }] })).errors, [
    'endpoints[0].addresses: Required value: must contain at least 1 address',
    'endpoints[1].addresses[0]: Invalid value: "abc": must be a valid IPv4 address',
    'endpoints[1].addresses[0]: Invalid value: "abc": must be a valid IP address',
    'endpoints[1].addresses[1]: Invalid value: "127.0.0.1": may not be in the loopback range (127.0.0.0/8, ::1/128)',
    'endpoints[1].addresses[2]: Invalid value: "2001:db8::1": must be a valid IPv4 address',
    'endpoints[1].addresses[3]: Invalid value: "0.0.0.0": may not be unspecified (0.0.0.0)',
  ]);
  assert.deepEqual(create(EPS, eps({ addressType: 'IPv6', endpoints: [{ addresses: ['fe80::1', '10.0.0.1'] }] })).errors, [
    'endpoints[0].addresses[0]: Invalid value: "fe80::1": may not be in the link-local range (169.254.0.0/16, fe80::/10)',
    'endpoints[0].addresses[1]: Invalid value: "10.0.0.1": must be a valid IPv6 address',
  ]);
  assert.deepEqual(create(EPS, eps({ addressType: 'FQDN', endpoints: [{ addresses: ['single', 'a.example.com.'] }] })).errors, [
    'endpoints[0].addresses[0]: Invalid value: "single": should be a domain with at least two segments separated by dots',
  ]);
  assert.deepEqual(create(EPS, eps({ addressType: 'IPv4', endpoints: [{ addresses: ['10.0.0.1'], hostname: 'a.b', hints: { forZones: [{ name: 'z' }, { name: 'z' }] } }] })).errors, [
    'endpoints[0].hostname: Invalid value: "a.b": must not contain dots',
    'endpoints[0].hints.forZones[1].name: Duplicate value: "z"',
  ]);
  assert.deepEqual(create(EPS, eps({ addressType: 'IPv4', ports: [{ port: 1 }, { port: 2, protocol: 'ICMP' }, { name: 'Web', port: 3 }] })).errors, [
    'ports[1].name: Duplicate value: ""',
    'ports[1].protocol: Unsupported value: "ICMP": supported values: "SCTP", "TCP", "UDP"',
    "ports[2].name: Invalid value: \"Web\": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')",
  ]);
  assert.deepEqual(update(EPS, obj, { ...structuredClone(obj), addressType: 'IPv6', endpoints: [] }).errors, ['addressType: Invalid value: "IPv6": field is immutable']);
  const relabelled = structuredClone(obj) as Record<string, any>;
  relabelled.metadata.labels = { 'kubernetes.io/service-name': 's' };
  const r = update(EPS, obj, relabelled);
  assert.deepEqual(r.errors, []);
  assert.equal((r.obj.metadata as any).generation, 2);
});

const event = (rest: Record<string, unknown>) => ({ apiVersion: 'events.k8s.io/v1', kind: 'Event', metadata: { name: 'ev' }, ...rest });
const goodEvent = {
  eventTime: '2025-01-02T03:04:05.000000Z',
  reportingController: 'example.com/ctl',
  reportingInstance: 'i-1',
  action: 'Testing',
  reason: 'Test',
  type: 'Normal',
  regarding: { kind: 'Pod', name: 'p', namespace: 'default' },
  note: 'hello',
};

test('events.k8s.io Event create', () => {
  assert.deepEqual(create(EV, event(goodEvent)).errors, []);
  assert.deepEqual(create(EV, event({})).errors, ['eventTime: Required value', 'type: Invalid value: "": has invalid value: ']);
  assert.deepEqual(create(EV, event({ eventTime: goodEvent.eventTime, type: 'Normal' })).errors, [
    'reportingController: Required value',
    'reportingController: Invalid value: "": name part must be non-empty',
    "reportingController: Invalid value: \"\": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')",
    'reportingInstance: Required value',
    'action: Required value',
    'reason: Required value',
  ]);
  assert.deepEqual(create(EV, event({ ...goodEvent, regarding: { kind: 'Pod', name: 'p' } }), 'ns1').errors, ['involvedObject.namespace: Invalid value: "": does not match event.namespace']);
  assert.deepEqual(create(EV, event({ ...goodEvent, type: 'Error', note: 'x'.repeat(1025), deprecatedCount: 2, deprecatedSource: { component: 'c' }, series: { count: 1 } })).errors, [
    'message: Invalid value: "": can have at most 1024 characters',
    'series.count: Invalid value: "": should be at least 2',
    'series.lastObservedTime: Required value',
    'type: Invalid value: "": has invalid value: Error',
    'count: Invalid value: "": needs to be unset',
    'source: Invalid value: "": needs to be unset',
  ]);
});

test('events.k8s.io Event update and field selectors', () => {
  const { obj } = create(EV, event(goodEvent));
  const bumped = { ...structuredClone(obj), series: { count: 2, lastObservedTime: '2025-01-02T03:05:00.000000Z' } };
  assert.deepEqual(update(EV, obj, bumped).errors, []);
  assert.deepEqual(update(EV, obj, { ...structuredClone(obj), note: 'changed', eventTime: '2025-01-02T03:04:06.5Z' }).errors, [
    'message: Invalid value: "changed": field is immutable',
    'eventTime: Invalid value: 2025-01-02 03:04:06.5 +0000 UTC: field is immutable',
  ]);
  assert.deepEqual(update(EV, obj, { ...structuredClone(obj), regarding: { kind: 'Pod', name: 'q', namespace: 'default' } }).errors, [
    'involvedObject: Invalid value: core.ObjectReference{Kind:"Pod", Namespace:"default", Name:"q", UID:"", APIVersion:"", ResourceVersion:"", FieldPath:""}: field is immutable',
  ]);
  assert.deepEqual(strategyFor(EV).selectableFields!(obj), {
    'regarding.kind': 'Pod',
    'regarding.namespace': 'default',
    'regarding.name': 'p',
    'regarding.uid': '',
    'regarding.apiVersion': '',
    'regarding.resourceVersion': '',
    'regarding.fieldPath': '',
    reason: 'Test',
    reportingController: 'example.com/ctl',
    type: 'Normal',
  });
});

const pc = (name: string, rest: Record<string, unknown>) => ({ apiVersion: 'scheduling.k8s.io/v1', kind: 'PriorityClass', metadata: { name }, ...rest });

test('PriorityClass', () => {
  const { obj, errors } = create(PC, pc('high', { value: 1000 }));
  assert.deepEqual(errors, []);
  assert.equal(obj.preemptionPolicy, 'PreemptLowerPriority');
  assert.deepEqual(create(PC, pc('huge', { value: 1000000001 })).errors, ['value: Forbidden: maximum allowed value of a user defined priority is 1000000000']);
  assert.deepEqual(create(PC, pc('system-foo', { value: 1 })).errors, [
    "metadata.name: Forbidden: priority class names with 'system-' prefix are reserved for system use only. error: system-foo is not a known system priority class",
  ]);
  assert.deepEqual(create(PC, pc('system-node-critical', { value: 1 })).errors, [
    "metadata.name: Forbidden: priority class names with 'system-' prefix are reserved for system use only. error: value of system-node-critical PriorityClass must be 2000001000",
  ]);
  assert.deepEqual(create(PC, pc('system-node-critical', { value: 2000001000 })).errors, []);
  assert.deepEqual(create(PC, pc('p', { value: 1, preemptionPolicy: 'Sometimes' })).errors, [
    'preemptionPolicy: Unsupported value: "Sometimes": supported values: "PreemptLowerPriority", "Never"',
  ]);
  assert.deepEqual(update(PC, obj, { ...structuredClone(obj), value: 5, preemptionPolicy: 'Never', description: 'd' }).errors, [
    'value: Forbidden: may not be changed in an update.',
    'preemptionPolicy: Invalid value: "Never": field is immutable',
  ]);
});
