// A WebSocket seen as a byte stream: each write (or corked batch of writes) leaves as one binary message, each binary
// message received is read as bytes (message boundaries do not matter to the reader). This is
// how SPDY frames travel inside a WebSocket for port-forward (kubectl 1.31+).
import { Duplex } from 'node:stream';
import type { RawData, WebSocket } from 'ws';
import { toBuffer } from './raw-data.js';

const NORMAL_CLOSURE = 1000;
const UNSUPPORTED_DATA = 1003;

export class WebSocketMessageDuplex extends Duplex {
  private closedByPeer = false;

  constructor(private readonly ws: WebSocket) {
    super({ allowHalfOpen: false });
    ws.on('message', (data: RawData, isBinary: boolean) => {
      if (!isBinary) {
        ws.close(UNSUPPORTED_DATA, 'only binary messages carry the tunnel');
        return;
      }
      if (!this.push(toBuffer(data))) ws.pause();
    });
    ws.on('close', () => {
      this.closedByPeer = true;
      this.push(null);
      this.destroy();
    });
    ws.on('error', (err) => this.destroy(err));
  }

  override _read(): void {
    this.ws.resume();
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    if (this.closedByPeer) return callback();
    this.ws.send(chunk, { binary: true }, (err) => callback(err ?? null));
  }

  /** Writes that were corked together (e.g. a SPDY frame's header and payload) leave as one message. */
  override _writev(chunks: { chunk: Buffer }[], callback: (error?: Error | null) => void): void {
    if (this.closedByPeer) return callback();
    const data = chunks.length === 1 ? chunks[0]!.chunk : Buffer.concat(chunks.map((c) => c.chunk));
    this.ws.send(data, { binary: true }, (err) => callback(err ?? null));
  }

  override _final(callback: (error?: Error | null) => void): void {
    this.ws.close(NORMAL_CLOSURE);
    callback();
  }

  override _destroy(err: Error | null, callback: (error: Error | null) => void): void {
    if (!this.closedByPeer) {
      if (err) this.ws.terminate();
      else this.ws.close(NORMAL_CLOSURE);
    }
    callback(err);
  }
}
