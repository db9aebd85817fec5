// The event recorder's queue bound: with writes that do not finish (an API server that does not
// answer), events past maxQueued are dropped and reported, not queued without end.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createClient } from './client.js';
import { EventRecorder, EventsDroppedError } from './event-recorder.js';
import type { Transport, TransportRequest, TransportResponse } from './transport.js';

/** A transport whose requests never get an answer until released; it counts what it was sent. */
class StalledTransport implements Transport {
  readonly sent: TransportRequest[] = [];
  private readonly waiting: Array<(r: TransportResponse) => void> = [];
  send(req: TransportRequest): Promise<TransportResponse> {
    this.sent.push(req);
    return new Promise((resolve) => this.waiting.push(resolve));
  }
  /** Answers every request so far with 201 and an empty Event. */
  release(): void {
    for (const r of this.waiting.splice(0)) {
      const body = Buffer.from('{"kind":"Event","apiVersion":"v1","metadata":{"name":"x"}}');
      r({ status: 201, headers: { 'content-type': 'application/json' }, body: (async function* () { yield body; })(), text: async () => body.toString(), abort: () => undefined });
    }
  }
  close(): void {}
}

const pod = (i: number) => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name: `p-${i}`, namespace: 'default', uid: `u-${i}` } });

describe('EventRecorder queue bound', () => {
  it('drops events past maxQueued while the writes are stalled, reporting the first and every thousandth drop', async () => {
    const transport = new StalledTransport();
    const client = createClient({ server: 'https://127.0.0.1:1', namespace: 'default' }, { transport });
    const errors: unknown[] = [];
    const r = new EventRecorder({ client, component: 'test', maxConcurrency: 2, maxQueued: 10, correlation: false, onError: (e) => errors.push(e) });
    for (let i = 0; i < 1_020; i++) r.event(pod(i), 'Normal', 'Scheduled', `assigned p-${i}`);
    assert.equal(r.droppedEvents, 1_010);
    assert.equal(errors.length, 2, 'the first drop and the 1,000th');
    assert.ok(errors[0] instanceof EventsDroppedError);
    assert.match((errors[1] as Error).message, /too many queued events \(10\), 1000 dropped so far/);
    // Only the queued ones are written, two at a time.
    await new Promise((res) => setImmediate(res));
    assert.equal(transport.sent.length, 2);
    for (let round = 0; round < 10 && transport.sent.length < 10; round++) {
      transport.release();
      await new Promise((res) => setTimeout(res, 5));
    }
    transport.release();
    await r.close();
    assert.equal(transport.sent.length, 10);
    // Once the queue has room again, events are recorded.
    const r2 = new EventRecorder({ client, component: 'test', maxQueued: 10, correlation: false });
    r2.event(pod(5000), 'Normal', 'Scheduled', 'assigned p-5000');
    assert.equal(r2.droppedEvents, 0);
    await new Promise((res) => setImmediate(res));
    transport.release();
    await r2.close();
  });
});
