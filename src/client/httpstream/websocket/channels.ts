// The channel framing of the k8s channel protocols: every binary WebSocket message starts with
// one byte naming its channel (0 stdin, 1 stdout, 2 stderr, 3 error, 4 resize), the rest is
// the channel's data. Protocol 5 adds channel 255, whose one data byte names a channel the
// sender has finished writing (how a client ends stdin).
import { CHANNEL_V5 } from './protocols.js';

export const STDIN_CHANNEL = 0;
export const STDOUT_CHANNEL = 1;
export const STDERR_CHANNEL = 2;
export const ERROR_CHANNEL = 3;
export const RESIZE_CHANNEL = 4;
export const CLOSE_SIGNAL = 255;

/** What one received message means. */
export type ChannelMessage =
  | { readonly kind: 'data'; readonly channel: number; readonly data: Buffer }
  | { readonly kind: 'close'; readonly channel: number }
  | { readonly kind: 'empty' }
  | { readonly kind: 'invalid'; readonly reason: string };

/** A message for the peer: the channel byte, then the data. */
export function encodeChannelMessage(channel: number, data: Uint8Array): Buffer {
  const frame = Buffer.allocUnsafe(data.length + 1);
  frame[0] = channel;
  frame.set(data, 1);
  return frame;
}

/**
 * Reads one received binary message under the negotiated protocol. An empty message carries
 * nothing and is skipped (as upstream's servers do); a close signal is only valid in protocol 5
 * and with exactly one channel byte.
 */
export function decodeChannelMessage(message: Buffer, protocol: string): ChannelMessage {
  if (message.length === 0) return { kind: 'empty' };
  const channel = message[0]!;
  if (channel === CLOSE_SIGNAL && protocol === CHANNEL_V5) {
    if (message.length !== 2) return { kind: 'invalid', reason: `close signal must name one channel, got ${message.length - 1} bytes` };
    return { kind: 'close', channel: message[1]! };
  }
  return { kind: 'data', channel, data: message.subarray(1) };
}
