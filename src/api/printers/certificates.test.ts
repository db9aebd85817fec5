import assert from 'node:assert/strict';
import { test } from 'node:test';
import { certificateSigningRequestCondition, certificateSigningRequestPrinter } from './certificates.js';

const NOW = Date.parse('2026-12-02T10:00:00Z');
const meta = { name: 'jane', creationTimestamp: '2026-12-02T09:59:30Z' };

test('CSR rows: signer, requestor, requested duration, and the condition summary', () => {
  const csr = { metadata: meta, spec: { signerName: 'kubernetes.io/kube-apiserver-client', username: 'admin', expirationSeconds: 86400 } };
  assert.deepEqual(certificateSigningRequestPrinter.row(csr, NOW).cells, ['jane', '30s', 'kubernetes.io/kube-apiserver-client', 'admin', '24h', 'Pending']);
  assert.deepEqual(certificateSigningRequestPrinter.row({ metadata: meta, spec: { expirationSeconds: 3600 } }, NOW).cells, ['jane', '30s', '<none>', '', '60m', 'Pending']);
  assert.deepEqual(certificateSigningRequestPrinter.row({ metadata: meta, spec: {} }, NOW).cells.slice(4), ['<none>', 'Pending']);
  const c = (...types: string[]) => types.map((type) => ({ type, status: 'True' }));
  assert.equal(certificateSigningRequestCondition({ status: { conditions: c('Approved'), certificate: 'eA==' } }), 'Approved,Issued');
  assert.equal(certificateSigningRequestCondition({ status: { conditions: c('Approved', 'Failed') } }), 'Approved,Failed');
  assert.equal(certificateSigningRequestCondition({ status: { conditions: c('Approved', 'Denied') } }), 'Denied');
  assert.equal(certificateSigningRequestCondition({ status: { conditions: c('Denied') } }), 'Denied');
});
