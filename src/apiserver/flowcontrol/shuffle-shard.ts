// Shuffle sharding: each flow is dealt a small hand of queues from a priority level's deck, from a
// hash of the flow's identity, so two flows rarely share their whole hand.
import { createHash } from 'node:crypto';

/** A 64-bit hash of a flow's identity (its FlowSchema name and distinguisher). */
export function flowHash(flowSchema: string, distinguisher: string): bigint {
  return createHash('sha256').update(flowSchema).update('\0').update(distinguisher).digest().readBigUInt64BE(0);
}

/**
 * `handSize` distinct queue indices in [0, deckSize), read from `hash` as mixed-radix digits: the
 * i-th digit (radix deckSize - i) picks among the cards not dealt yet.
 */
export function dealHand(hash: bigint, deckSize: number, handSize: number): number[] {
  const size = Math.min(handSize, deckSize);
  const dealt: number[] = [];
  const sorted: number[] = [];
  let rest = hash;
  for (let i = 0; i < size; i++) {
    const radix = BigInt(deckSize - i);
    let card = Number(rest % radix);
    rest /= radix;
    // The card-th of the cards still in the deck.
    for (const taken of sorted) if (taken <= card) card++;
    dealt.push(card);
    sorted.splice(sortedIndex(sorted, card), 0, card);
  }
  return dealt;
}

function sortedIndex(a: readonly number[], v: number): number {
  let i = 0;
  while (i < a.length && a[i]! < v) i++;
  return i;
}
