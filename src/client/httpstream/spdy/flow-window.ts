// SPDY/3.1 flow-control window accounting, one instance per direction per stream plus one per
// direction for the whole connection (stream id 0). Pure arithmetic: the connection decides
// when to send frames.
import { MAX_WINDOW } from './frames.js';

/** How much we may still send before the peer grants more (WINDOW_UPDATE). */
export class SendWindow {
  private size: number;
  constructor(initial: number) {
    this.size = initial;
  }
  get available(): number {
    return Math.max(0, this.size);
  }
  /** Takes up to n bytes of the window; returns how many may be sent now. */
  take(n: number): number {
    const granted = Math.max(0, Math.min(n, this.size));
    this.size -= granted;
    return granted;
  }
  /** A WINDOW_UPDATE; false when it would push the window past 2^31-1 (a flow-control error). */
  grant(delta: number): boolean {
    if (this.size + delta > MAX_WINDOW) return false;
    this.size += delta;
    return true;
  }
  /** SETTINGS changed the initial window: open streams move by the difference (may go negative). */
  shift(difference: number): boolean {
    if (this.size + difference > MAX_WINDOW) return false;
    this.size += difference;
    return true;
  }
}

/** What the peer may still send us, and when to tell it that we have made room. */
export class ReceiveWindow {
  private size: number;
  private consumedSinceUpdate = 0;
  constructor(private readonly initial: number) {
    this.size = initial;
  }
  get remaining(): number {
    return this.size;
  }
  /** n bytes arrived; false when they overran the window. */
  receive(n: number): boolean {
    this.size -= n;
    return this.size >= 0;
  }
  /**
   * n bytes were handed on to the reader; returns the delta to announce in a WINDOW_UPDATE
   * (once half the initial window is consumed, so updates are not sent per frame), or 0.
   */
  consume(n: number): number {
    this.consumedSinceUpdate += n;
    if (this.consumedSinceUpdate < this.initial / 2) return 0;
    const delta = Math.min(this.consumedSinceUpdate, MAX_WINDOW - this.size);
    this.consumedSinceUpdate = 0;
    if (delta <= 0) return 0;
    this.size += delta;
    return delta;
  }
}
