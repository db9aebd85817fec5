import { test } from 'node:test';
import assert from 'node:assert/strict';
import { KeyedHeap } from './heap.js';

test('pops in order, updates and deletes by key', () => {
  const h = new KeyedHeap<{ k: string; v: number }>((x) => x.k, (a, b) => a.v < b.v);
  for (const [k, v] of [['a', 5], ['b', 3], ['c', 8], ['d', 1], ['e', 9]] as const) h.addOrUpdate({ k, v });
  h.addOrUpdate({ k: 'c', v: 0 });
  assert.equal(h.delete('b')?.v, 3);
  assert.equal(h.delete('zz'), undefined);
  assert.equal(h.get('e')?.v, 9);
  const order: string[] = [];
  for (let x = h.pop(); x; x = h.pop()) order.push(x.k);
  assert.deepEqual(order, ['c', 'd', 'a', 'e']);
  assert.equal(h.size, 0);
});

test('stays ordered under many random operations', () => {
  const h = new KeyedHeap<{ k: string; v: number }>((x) => x.k, (a, b) => a.v < b.v);
  const model = new Map<string, number>();
  let seed = 7;
  const rnd = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  for (let i = 0; i < 2000; i++) {
    const k = `k${Math.floor(rnd() * 100)}`;
    if (rnd() < 0.3) {
      h.delete(k);
      model.delete(k);
    } else {
      const v = Math.floor(rnd() * 1000);
      h.addOrUpdate({ k, v });
      model.set(k, v);
    }
  }
  const popped: number[] = [];
  for (let x = h.pop(); x; x = h.pop()) popped.push(x.v);
  assert.deepEqual(popped, [...model.values()].sort((a, b) => a - b));
});
