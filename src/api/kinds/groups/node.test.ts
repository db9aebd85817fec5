import assert from 'node:assert/strict';
import { test } from 'node:test';
import { create, strategyFor, update } from './harness.test.js';

const RC = 'node.k8s.io/v1/runtimeclasses';
const rc = (rest: Record<string, unknown>) => ({ apiVersion: 'node.k8s.io/v1', kind: 'RuntimeClass', metadata: { name: 'sandboxed' }, ...rest });
const DNS_LABEL =
  "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";

test('RuntimeClass: the handler is a required DNS label', () => {
  assert.deepEqual(create(RC, rc({ handler: 'runsc' })).errors, []);
  // No handler is reported as the empty string failing the label rule, as upstream does.
  assert.deepEqual(create(RC, rc({})).errors, [`handler: Invalid value: "": ${DNS_LABEL}`]);
  assert.deepEqual(create(RC, rc({ handler: 'Run_SC' })).errors, [`handler: Invalid value: "Run_SC": ${DNS_LABEL}`]);
  assert.deepEqual(create(RC, rc({ handler: 'a'.repeat(64) })).errors, [`handler: Invalid value: "${'a'.repeat(64)}": must be no more than 63 characters`]);
  assert.equal(strategyFor(RC).allowCreateOnUpdate, true);
});

test('RuntimeClass: overhead quantities are defaulted and checked as container limits', () => {
  const { obj, errors } = create(RC, rc({ handler: 'kata', overhead: { podFixed: { cpu: '0.25', memory: '128Mi' } } }));
  assert.deepEqual(errors, []);
  assert.deepEqual((obj.overhead as { podFixed: unknown }).podFixed, { cpu: '250m', memory: '128Mi' });
  assert.deepEqual(create(RC, rc({ handler: 'kata', overhead: { podFixed: { cpu: '-1', memory: '1Gi' } } })).errors, [
    'overhead.limits[cpu]: Invalid value: "-1": must be greater than or equal to 0',
  ]);
});

test('RuntimeClass: scheduling labels and tolerations are checked as a pod\'s, and tolerations are unique', () => {
  const tol = { key: 'sandbox', operator: 'Equal', value: 'gvisor', effect: 'NoSchedule' };
  assert.deepEqual(create(RC, rc({ handler: 'runsc', scheduling: { nodeSelector: { sandbox: 'true' }, tolerations: [tol] } })).errors, []);
  assert.deepEqual(create(RC, rc({ handler: 'runsc', scheduling: { nodeSelector: { sandbox: 'not valid!' }, tolerations: [tol, tol, { operator: 'Exists', value: 'x' }] } })).errors, [
    "scheduling.nodeSelector: Invalid value: \"not valid!\": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')",
    'scheduling.tolerations[2].operator: Invalid value: "x": value must be empty when `operator` is \'Exists\'',
    'scheduling.tolerations[1]: Duplicate value: core.Toleration{Key:"sandbox", Operator:"Equal", Value:"gvisor", Effect:"NoSchedule", TolerationSeconds:(*int64)(nil)}',
  ]);
});

test('RuntimeClass: the handler is immutable, the rest is not', () => {
  const { obj } = create(RC, rc({ handler: 'runsc' }));
  assert.deepEqual(update(RC, obj, { ...structuredClone(obj), scheduling: { nodeSelector: { a: 'b' } } }).errors, []);
  assert.deepEqual(update(RC, obj, { ...structuredClone(obj), handler: 'kata' }).errors, ['handler: Invalid value: "kata": field is immutable']);
});
