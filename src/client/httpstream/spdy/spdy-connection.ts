// The server end of a SPDY/3.1 connection over any byte duplex (an upgraded socket, or the
// byte stream inside a WebSocket tunnel): frames in and out, streams the peer opens, PING
// echoes, SETTINGS, GOAWAY, and flow-control windows.
//
// Flow control, in the dialect kubectl speaks: moby/spdystream (kubectl's and the kubelet's
// SPDY library) neither sends WINDOW_UPDATE nor honours one, so a window we enforced against
// it would stall a command's output after 64 KiB. In 'auto' mode (the default) we therefore
// account both windows, announce WINDOW_UPDATEs as our reader consumes data, and start holding
// writes to the send window only once the peer shows it takes part (it sends a WINDOW_UPDATE or
// an INITIAL_WINDOW_SIZE setting). Backpressure towards a peer that does not take part is TCP's:
// a stream whose reader is full stops the socket being read, which is also what spdystream does.
import type { Duplex } from 'node:stream';
import { FrameParser, isSpdyProtocolError, SpdyProtocolError } from './frame-parser.js';
import {
  DEFAULT_INITIAL_WINDOW,
  encodeData,
  encodeDataHeader,
  encodeGoAway,
  encodePing,
  encodeRstStream,
  encodeSettings,
  encodeSynReply,
  encodeWindowUpdate,
  FLAG_FIN,
  FLAG_UNIDIRECTIONAL,
  GoAwayStatus,
  MAX_WINDOW,
  RstStatus,
  SETTINGS_INITIAL_WINDOW_SIZE,
  type SpdyFrame,
} from './frames.js';
import { decodeHeaderBlock, encodeHeaderBlock } from './header-block.js';
import { HeaderCompressor, HeaderDecompressor } from './header-compression.js';
import { SendWindow, ReceiveWindow } from './flow-window.js';
import { FrameWriter } from './frame-writer.js';
import { SpdyStream, type StreamOwner } from './spdy-stream.js';

export type FlowControlMode = 'auto' | 'enforce';

export interface SpdyConnectionOptions {
  /** A stream the peer opened; reply() to accept it or reset() to refuse it. */
  readonly onStream: (stream: SpdyStream) => void;
  readonly flowControl?: FlowControlMode;
  /** The receive window we give each stream (announced in SETTINGS when not 64 KiB). */
  readonly initialReceiveWindow?: number;
  readonly maxConcurrentStreams?: number;
  /** Largest DATA frame we send. */
  readonly maxDataFrame?: number;
  /** Bytes already read from the socket past the HTTP request (the upgrade's head). */
  readonly head?: Buffer;
  /** How long a graceful close waits for the peer to hang up before dropping the socket. */
  readonly closeTimeoutMs?: number;
  /** Close (GOAWAY) a connection on which no frame went either way for this long; 0: never. */
  readonly idleTimeoutMs?: number;
}

/** The kubelet's default --streaming-connection-idle-timeout. */
export const DEFAULT_IDLE_TIMEOUT_MS = 4 * 60 * 60 * 1000;

type HeaderFrame = Extract<SpdyFrame, { headerBlock: Buffer }>;
const INBOX_HIGH_WATER = 64;
/** DATA payloads up to this size are copied into their frame; larger ones are written as a slice. */
const SMALL_FRAME = 4096;

export class SpdyConnection implements StreamOwner {
  private readonly streams = new Map<number, SpdyStream>();
  private readonly blocked = new Set<SpdyStream>();
  private readonly parser = new FrameParser();
  private readonly decompressor = new HeaderDecompressor();
  private readonly compressor = new HeaderCompressor();
  private readonly inbox: SpdyFrame[] = [];
  private readonly writer: FrameWriter;
  private readonly closeListeners: (() => void)[] = [];
  private windowWaiters: (() => void)[] = [];
  private drainWaiters: (() => void)[] = [];
  private readonly connSend = new SendWindow(DEFAULT_INITIAL_WINDOW);
  private readonly connReceive = new ReceiveWindow(DEFAULT_INITIAL_WINDOW);
  private readonly receiveInitial: number;
  private sendInitial = DEFAULT_INITIAL_WINDOW;
  private peerFlowControl: boolean;
  private lastPeerStreamId = 0;
  private pumping = false;
  private awaitingHead = false;
  private goneAway = false;
  private ending = false;
  private finished = false;
  private readonly idleTimer: NodeJS.Timeout | null;
  private readonly detach: () => void;

  constructor(private readonly socket: Duplex, private readonly opts: SpdyConnectionOptions) {
    this.peerFlowControl = opts.flowControl === 'enforce';
    this.receiveInitial = opts.initialReceiveWindow ?? DEFAULT_INITIAL_WINDOW;
    this.writer = new FrameWriter(
      socket,
      { onWrite: () => this.idleTimer?.refresh(), onError: (e) => this.fail(e), onCloseTimeout: () => this.destroy() },
      opts.closeTimeoutMs ?? 5000,
    );
    if (this.receiveInitial !== DEFAULT_INITIAL_WINDOW) {
      this.writer.enqueue(encodeSettings([{ flags: 0, id: SETTINGS_INITIAL_WINDOW_SIZE, value: this.receiveInitial }]));
    }
    const onData = (chunk: Buffer): void => this.onBytes(chunk);
    const onDrain = (): void => this.wake('drain');
    const onEnd = (): void => this.shutdown();
    const onGone = (): void => this.finish();
    socket.on('data', onData);
    socket.on('drain', onDrain);
    socket.on('end', onEnd);
    socket.on('error', onGone);
    socket.on('close', onGone);
    this.detach = () => {
      socket.off('data', onData);
      socket.off('drain', onDrain);
      socket.off('end', onEnd);
      socket.off('close', onGone);
      // 'error' stays attached: a late socket error must never go unhandled.
    };
    const idle = opts.idleTimeoutMs ?? DEFAULT_IDLE_TIMEOUT_MS;
    this.idleTimer = idle > 0 ? setTimeout(() => this.close(), idle).unref() : null;
    if (opts.head && opts.head.length > 0) this.onBytes(opts.head);
  }

  get closed(): boolean {
    return this.finished;
  }
  get openStreams(): number {
    return this.streams.size;
  }

  onClose(listener: () => void): void {
    if (this.finished) queueMicrotask(listener);
    else this.closeListeners.push(listener);
  }

  /** Graceful close: GOAWAY, abandon what is left, flush, then end the socket. */
  close(status: number = GoAwayStatus.Ok): void {
    if (this.ending || this.finished) return;
    this.ending = true;
    for (const s of [...this.streams.values()]) s.reset(RstStatus.Cancel);
    this.sendGoAway(status);
    this.writer.endWhenFlushed();
  }

  destroy(): void {
    this.socket.destroy();
    this.finish();
  }

  // ---- inbound ----

  private onBytes(chunk: Buffer): void {
    if (this.ending || this.finished) return;
    this.idleTimer?.refresh();
    try {
      this.inbox.push(...this.parser.push(chunk));
    } catch (e) {
      this.fail(e);
      return;
    }
    if (this.inbox.length > INBOX_HIGH_WATER) this.socket.pause();
    this.pump();
  }

  private pump(): void {
    if (this.pumping || this.awaitingHead) return;
    this.pumping = true;
    try {
      while (this.inbox.length > 0 && !this.ending && !this.finished) {
        const frame = this.inbox.shift()!;
        if ('headerBlock' in frame) {
          this.awaitingHead = true;
          this.decompressor.decompress(frame.headerBlock).then(
            (block) => {
              this.awaitingHead = false;
              this.guard(() => this.onHeaderFrame(frame, block));
              this.pump();
            },
            (e: unknown) => {
              this.awaitingHead = false;
              this.fail(e);
            },
          );
          return;
        }
        this.guard(() => this.onFrame(frame));
      }
    } finally {
      this.pumping = false;
    }
    this.maybeResume();
  }

  private guard(fn: () => void): void {
    try {
      fn();
    } catch (e) {
      this.fail(e);
    }
  }

  private onHeaderFrame(frame: HeaderFrame, block: Buffer): void {
    if (frame.kind === 'syn_stream') return this.onSynStream(frame, block);
    const stream = this.streams.get(frame.streamId);
    if (frame.kind === 'syn_reply') {
      // We open no streams, so a reply is never expected.
      this.sendRstId(frame.streamId, stream ? RstStatus.StreamInUse : RstStatus.InvalidStream);
      return;
    }
    if (!stream) return this.sendRstId(frame.streamId, RstStatus.InvalidStream);
    try {
      decodeHeaderBlock(block);
    } catch {
      return stream.reset(RstStatus.ProtocolError);
    }
    if (frame.flags & FLAG_FIN) stream.remoteEnd();
  }

  private onSynStream(frame: Extract<SpdyFrame, { kind: 'syn_stream' }>, block: Buffer): void {
    if (frame.streamId % 2 !== 1 || frame.streamId <= this.lastPeerStreamId) {
      throw new SpdyProtocolError(`SYN_STREAM with stream id ${frame.streamId} after ${this.lastPeerStreamId}`);
    }
    this.lastPeerStreamId = frame.streamId;
    if (this.goneAway || this.streams.size >= (this.opts.maxConcurrentStreams ?? 1000)) {
      return this.sendRstId(frame.streamId, RstStatus.RefusedStream);
    }
    let headers;
    try {
      headers = decodeHeaderBlock(block);
    } catch {
      return this.sendRstId(frame.streamId, RstStatus.ProtocolError);
    }
    const stream = new SpdyStream(
      frame.streamId,
      headers,
      this,
      { send: this.sendInitial, receive: this.receiveInitial },
      (frame.flags & FLAG_UNIDIRECTIONAL) !== 0,
    );
    this.streams.set(stream.id, stream);
    if (frame.flags & FLAG_FIN) stream.remoteEnd();
    this.opts.onStream(stream);
  }

  private onFrame(frame: SpdyFrame): void {
    switch (frame.kind) {
      case 'data':
        return this.onData(frame);
      case 'rst_stream':
        return this.streams.get(frame.streamId)?.markReset();
      case 'settings':
        return this.onSettings(frame);
      case 'ping':
        // Odd ids are the client's pings (we are the server); even ones answer ours.
        if (frame.id % 2 === 1) this.writer.enqueue(encodePing(frame.id));
        return;
      case 'goaway':
        this.goneAway = true;
        if (this.streams.size === 0) this.close();
        return;
      case 'window_update':
        return this.onWindowUpdate(frame.streamId, frame.delta);
      default:
        return;
    }
  }

  private onData(frame: Extract<SpdyFrame, { kind: 'data' }>): void {
    const n = frame.data.length;
    const overrun = !this.connReceive.receive(n);
    if (overrun && this.peerFlowControl) throw new SpdyProtocolError('peer overran the connection window');
    const delta = this.connReceive.consume(n);
    if (delta > 0) this.writer.enqueue(encodeWindowUpdate(0, delta));
    const stream = this.streams.get(frame.streamId);
    if (!stream) return this.sendRstId(frame.streamId, RstStatus.InvalidStream);
    if (stream.remoteClosed) return stream.reset(RstStatus.StreamAlreadyClosed);
    if (!stream.receiveWindow.receive(n) && this.peerFlowControl) return stream.reset(RstStatus.FlowControlError);
    if (n > 0 && !stream.deliver(frame.data)) {
      this.blocked.add(stream);
      this.socket.pause();
    }
    if (frame.flags & FLAG_FIN) stream.remoteEnd();
  }

  private onSettings(frame: Extract<SpdyFrame, { kind: 'settings' }>): void {
    for (const e of frame.entries) {
      if (e.id !== SETTINGS_INITIAL_WINDOW_SIZE) continue;
      if (e.value > MAX_WINDOW) throw new SpdyProtocolError(`INITIAL_WINDOW_SIZE ${e.value}`);
      const difference = e.value - this.sendInitial;
      this.sendInitial = e.value;
      this.peerFlowControl = true;
      for (const s of this.streams.values()) if (!s.sendWindow.shift(difference)) s.reset(RstStatus.FlowControlError);
    }
    this.wake('window');
  }

  private onWindowUpdate(streamId: number, delta: number): void {
    this.peerFlowControl = true;
    if (streamId === 0) {
      if (!this.connSend.grant(delta)) throw new SpdyProtocolError('connection window overflow');
    } else {
      const stream = this.streams.get(streamId);
      if (stream && !stream.sendWindow.grant(delta)) stream.reset(RstStatus.FlowControlError);
    }
    this.wake('window');
  }

  private maybeResume(): void {
    if (this.blocked.size === 0 && this.inbox.length <= INBOX_HIGH_WATER && this.socket.isPaused()) this.socket.resume();
  }

  // ---- StreamOwner ----

  sendReply(stream: SpdyStream, headers: Iterable<readonly [string, string]>): void {
    const block = this.compressor.compress(encodeHeaderBlock(headers));
    this.writer.enqueue(block.then((b) => encodeSynReply(stream.id, b)));
  }

  async sendData(stream: SpdyStream, data: Buffer, fin: boolean): Promise<void> {
    const max = this.opts.maxDataFrame ?? 32 * 1024;
    let offset = 0;
    do {
      if (this.ending || this.finished || stream.isReset) return;
      let n = Math.min(data.length - offset, max);
      if (n > 0) n = await this.reserve(stream, n);
      if (n === 0 && data.length > 0) return;
      const last = offset + n >= data.length;
      const flags = fin && last ? FLAG_FIN : 0;
      const payload = data.subarray(offset, offset + n);
      if (n <= SMALL_FRAME) {
        // One buffer, so a message-per-write duplex (the WebSocket tunnel) sends one message.
        this.writer.enqueue(encodeData(stream.id, payload, flags));
      } else {
        // Header and payload go out as two writes of one corked batch: the payload is not copied.
        this.writer.enqueue(encodeDataHeader(stream.id, n, flags));
        this.writer.enqueue(payload);
      }
      offset += n;
    } while (offset < data.length);
    if (this.socket.writableNeedDrain) await new Promise<void>((resolve) => this.drainWaiters.push(resolve));
  }

  sendReset(stream: SpdyStream, status: number): void {
    this.sendRstId(stream.id, status);
  }

  streamRead(stream: SpdyStream, n: number): void {
    if (n > 0 && !stream.remoteClosed) {
      const delta = stream.receiveWindow.consume(n);
      if (delta > 0) this.writer.enqueue(encodeWindowUpdate(stream.id, delta));
    }
    this.blocked.delete(stream);
    this.maybeResume();
  }

  streamDone(stream: SpdyStream): void {
    this.streams.delete(stream.id);
    this.blocked.delete(stream);
    this.maybeResume();
    if (this.goneAway && this.streams.size === 0 && !this.ending) this.close();
  }

  // ---- outbound ----

  /** Waits until the windows allow sending (when enforced); returns how many bytes may go (0: closed). */
  private async reserve(stream: SpdyStream, n: number): Promise<number> {
    for (;;) {
      if (this.ending || this.finished || stream.isReset) return 0;
      if (!this.peerFlowControl) {
        stream.sendWindow.shift(-n);
        this.connSend.shift(-n);
        return n;
      }
      const granted = Math.min(n, stream.sendWindow.available, this.connSend.available);
      if (granted > 0) {
        stream.sendWindow.take(granted);
        this.connSend.take(granted);
        return granted;
      }
      await new Promise<void>((resolve) => this.windowWaiters.push(resolve));
    }
  }

  private wake(which: 'window' | 'drain'): void {
    const waiters = which === 'window' ? this.windowWaiters : this.drainWaiters;
    if (which === 'window') this.windowWaiters = [];
    else this.drainWaiters = [];
    for (const w of waiters) w();
  }

  private sendRstId(streamId: number, status: number): void {
    this.writer.enqueue(encodeRstStream(streamId, status));
  }

  private sendGoAway(status: number): void {
    if (this.goneAway && this.ending) return;
    this.goneAway = true;
    this.writer.enqueue(encodeGoAway(this.lastPeerStreamId, status));
  }

  // ---- teardown ----

  private shutdown(): void {
    // The peer ended its side: nothing more will arrive; finish what we were sending.
    if (this.finished) return;
    for (const s of [...this.streams.values()]) s.markReset();
    if (!this.ending) {
      this.ending = true;
      this.writer.endWhenFlushed();
    }
  }

  private fail(e: unknown): void {
    if (this.finished) return;
    if (!isSpdyProtocolError(e)) {
      this.sendGoAway(GoAwayStatus.InternalError);
    } else if (!this.ending) {
      this.sendGoAway(GoAwayStatus.ProtocolError);
    }
    this.ending = true;
    this.inbox.length = 0;
    for (const s of [...this.streams.values()]) s.markReset();
    this.writer.dropPending();
    this.writer.endWhenFlushed();
  }

  private finish(): void {
    if (this.finished) return;
    this.finished = true;
    this.writer.stop();
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.detach();
    this.inbox.length = 0;
    for (const s of [...this.streams.values()]) s.markReset();
    this.streams.clear();
    this.blocked.clear();
    this.wake('window');
    this.wake('drain');
    this.decompressor.close();
    this.compressor.close();
    if (!this.socket.destroyed) this.socket.destroy();
    for (const l of this.closeListeners.splice(0)) l();
  }
}
