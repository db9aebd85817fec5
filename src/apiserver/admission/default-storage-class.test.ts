import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { pickDefaultClass } from './default-storage-class.js';

const sc = (name: string, created: string, def?: 'ga' | 'beta') => ({
  metadata: {
    name,
    creationTimestamp: created,
    annotations: def === 'ga' ? { 'storageclass.kubernetes.io/is-default-class': 'true' } : def === 'beta' ? { 'storageclass.beta.kubernetes.io/is-default-class': 'true' } : {},
  },
});

describe('DefaultStorageClass', () => {
  it('picks the newest default class (either annotation), ties by name; none when no class is default', () => {
    assert.equal(pickDefaultClass([sc('a', '2024-01-01T00:00:00Z')]), undefined);
    assert.equal(pickDefaultClass([sc('old', '2024-01-01T00:00:00Z', 'ga'), sc('new', '2024-02-01T00:00:00Z', 'beta'), sc('plain', '2025-01-01T00:00:00Z')])?.metadata.name, 'new');
    assert.equal(pickDefaultClass([sc('b', '2024-01-01T00:00:00Z', 'ga'), sc('a', '2024-01-01T00:00:00Z', 'ga')])?.metadata.name, 'a');
  });
});
