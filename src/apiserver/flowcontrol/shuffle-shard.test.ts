import assert from 'node:assert/strict';
import { it } from 'node:test';
import { dealHand, flowHash } from './shuffle-shard.js';

it('deals handSize distinct queues within the deck, the same hand for the same flow', () => {
  for (let i = 0; i < 500; i++) {
    const hand = dealHand(flowHash('global-default', `user-${i}`), 128, 6);
    assert.equal(hand.length, 6);
    assert.equal(new Set(hand).size, 6);
    for (const q of hand) assert.ok(q >= 0 && q < 128);
  }
  assert.deepEqual(dealHand(flowHash('fs', 'alice'), 64, 6), dealHand(flowHash('fs', 'alice'), 64, 6));
  assert.notDeepEqual(dealHand(flowHash('fs', 'alice'), 64, 6), dealHand(flowHash('fs', 'bob'), 64, 6));
});

it('reads the hash as mixed-radix digits over the cards not yet dealt', () => {
  assert.deepEqual(dealHand(0n, 8, 3), [0, 1, 2]);
  // 7 = first digit (radix 8) 7, rest 0 → the lowest remaining cards follow.
  assert.deepEqual(dealHand(7n, 8, 3), [7, 0, 1]);
  // 8 + 3 = digits 3 then 1 (radix 7): the second card is the 1st of {0,1,2,4,5,6,7} = 1.
  assert.deepEqual(dealHand(8n * 1n + 3n, 8, 2), [3, 1]);
  // A hand never exceeds the deck.
  assert.deepEqual(dealHand(5n, 2, 4).sort(), [0, 1]);
});

it('spreads flows over the whole deck', () => {
  const used = new Array<number>(16).fill(0);
  for (let i = 0; i < 2000; i++) for (const q of dealHand(flowHash('service-accounts', `system:serviceaccount:ns:${i}`), 16, 4)) used[q]!++;
  // 8000 cards over 16 queues: 500 each on average; none far off.
  for (const n of used) assert.ok(n > 350 && n < 650, `queue use ${used.join(',')}`);
});
