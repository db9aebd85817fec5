import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import { duplexPair, SpdyPeer } from '../../../../test/support/spdy-peer.js';
import {
  encodeGoAway,
  encodePing,
  encodeRstStream,
  encodeSettings,
  encodeWindowUpdate,
  FLAG_FIN,
  GoAwayStatus,
  RstStatus,
  SETTINGS_INITIAL_WINDOW_SIZE,
} from './frames.js';
import { SpdyConnection, type SpdyConnectionOptions } from './spdy-connection.js';
import type { SpdyStream } from './spdy-stream.js';

interface Setup {
  conn: SpdyConnection;
  peer: SpdyPeer;
  streams: SpdyStream[];
  serverSocketClosed: () => boolean;
}

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups.splice(0)) c();
});

function setup(opts: Partial<SpdyConnectionOptions> = {}, accept = true): Setup {
  const [server, client] = duplexPair();
  const streams: SpdyStream[] = [];
  let closed = false;
  server.on('close', () => (closed = true));
  const conn = new SpdyConnection(server, {
    onStream: (s) => {
      streams.push(s);
      if (accept) s.reply();
    },
    closeTimeoutMs: 200,
    ...opts,
  });
  const peer = new SpdyPeer(client);
  cleanups.push(() => {
    conn.destroy();
    peer.close();
  });
  return { conn, peer, streams, serverSocketClosed: () => closed };
}

const until = async (pred: () => boolean, what: string): Promise<void> => {
  for (let i = 0; i < 200 && !pred(); i++) await new Promise((r) => setTimeout(r, 10));
  assert.ok(pred(), `timed out waiting for ${what}`);
};

describe('SpdyConnection', () => {
  it('hands over peer streams with their headers, replies, and carries data and FIN both ways', async () => {
    const { peer, streams } = setup();
    const id = await peer.open({ streamtype: 'stdin', port: '80' });
    await until(() => streams.length === 1, 'the stream');
    const s = streams[0]!;
    assert.equal(s.id, id);
    assert.equal(s.header('streamType'), 'stdin');
    await peer.until((f) => f.some((x) => x.kind === 'syn_reply' && x.streamId === id), 'SYN_REPLY');
    const reply = peer.frames.find((x) => x.kind === 'syn_reply')!;
    assert.equal(reply.headers?.size, 0, 'the kubelet replies with no headers');

    let got = '';
    let ended = false;
    s.on('data', (d: Buffer) => (got += d.toString()));
    s.on('end', () => (ended = true));
    peer.send(Buffer.from('ping '), id);
    peer.send(Buffer.from('pong'), id, FLAG_FIN);
    await until(() => ended, 'end of the readable side (peer FIN)');
    assert.equal(got, 'ping pong');

    s.end('answer');
    await peer.until((f) => f.some((x) => x.kind === 'data' && x.streamId === id && (x.flags & FLAG_FIN) !== 0), 'our FIN');
    assert.equal(peer.received(id), 'answer');
  });

  it('a peer RST_STREAM destroys the stream without an error event', async () => {
    const { peer, streams, conn } = setup();
    const id = await peer.open({ streamtype: 'data' });
    await until(() => streams.length === 1, 'the stream');
    let errored = false;
    let closed = false;
    streams[0]!.on('error', () => (errored = true));
    streams[0]!.on('close', () => (closed = true));
    peer.raw(encodeRstStream(id, RstStatus.Cancel));
    await until(() => closed, 'close');
    assert.equal(errored, false);
    assert.equal(conn.openStreams, 0);
    // Writing to it afterwards is harmless.
    streams[0]!.write('late');
  });

  it('answers an odd (client) PING and ignores an even one', async () => {
    const { peer } = setup();
    peer.raw(encodePing(1));
    peer.raw(encodePing(2));
    peer.raw(encodePing(3));
    await peer.until((f) => f.filter((x) => x.kind === 'ping').length >= 2, 'pongs');
    assert.deepEqual(
      peer.frames.filter((x) => x.kind === 'ping').map((x) => (x.kind === 'ping' ? x.id : 0)),
      [1, 3],
    );
  });

  it('a malformed frame is answered with GOAWAY(PROTOCOL_ERROR) and the socket is closed', async () => {
    const { peer, serverSocketClosed, conn } = setup();
    let closeCalls = 0;
    conn.onClose(() => closeCalls++);
    peer.raw(Buffer.from([0x80, 0x03, 0x00, 0x06, 0, 0, 0, 8, 0, 0, 0, 1, 0, 0, 0, 1])); // PING of 8 bytes
    await peer.until((f) => f.some((x) => x.kind === 'goaway'), 'GOAWAY');
    const goaway = peer.frames.find((x) => x.kind === 'goaway');
    assert.equal(goaway?.kind === 'goaway' && goaway.status, GoAwayStatus.ProtocolError);
    await peer.until(() => peer.ended, 'end of stream');
    await until(() => serverSocketClosed(), 'the server socket closed');
    assert.equal(closeCalls, 1);
    assert.equal(conn.closed, true);
  });

  it('a stream id that goes backwards is a protocol error; streams the peer opened are dropped', async () => {
    const { peer, streams } = setup();
    await peer.open({ streamtype: 'a' });
    await peer.open({ streamtype: 'b' });
    await until(() => streams.length === 2, 'two streams');
    await peer.open({ streamtype: 'c' }, 0, 1);
    await peer.until((f) => f.some((x) => x.kind === 'goaway'), 'GOAWAY');
    await until(() => streams.every((s) => s.destroyed), 'streams torn down');
  });

  it("in 'auto' mode, a peer that never sends WINDOW_UPDATE (spdystream) still gets all of a large write", async () => {
    const { peer, streams } = setup();
    const id = await peer.open({ streamtype: 'stdout' });
    await until(() => streams.length === 1, 'the stream');
    streams[0]!.end(Buffer.alloc(300 * 1024, 'z'));
    await peer.until((f) => f.some((x) => x.kind === 'data' && (x.flags & FLAG_FIN) !== 0), 'FIN');
    assert.equal(peer.received(id).length, 300 * 1024);
  });

  it('honours the send window once the peer takes part: INITIAL_WINDOW_SIZE, then WINDOW_UPDATE', async () => {
    const { peer, streams } = setup();
    peer.raw(encodeSettings([{ flags: 0, id: SETTINGS_INITIAL_WINDOW_SIZE, value: 1000 }]));
    const id = await peer.open({ streamtype: 'stdout' });
    await until(() => streams.length === 1, 'the stream');
    streams[0]!.write(Buffer.alloc(2500, 'a'));
    await peer.until((f) => f.filter((x) => x.kind === 'data').length >= 1, 'first data');
    await new Promise((r) => setTimeout(r, 50));
    assert.equal(peer.received(id).length, 1000, 'held at the stream window');
    peer.raw(encodeWindowUpdate(id, 1000));
    await peer.until(() => peer.received(id).length === 2000, '2000 bytes');
    peer.raw(encodeWindowUpdate(id, 5000));
    await peer.until(() => peer.received(id).length === 2500, 'all bytes');
  });

  it('honours the connection-level window (stream 0) across streams', async () => {
    const { peer, streams } = setup({ flowControl: 'enforce' });
    const a = await peer.open({ streamtype: 'a' });
    const b = await peer.open({ streamtype: 'b' });
    await until(() => streams.length === 2, 'two streams');
    streams[0]!.write(Buffer.alloc(40 * 1024, 'a'));
    streams[1]!.write(Buffer.alloc(40 * 1024, 'b'));
    await new Promise((r) => setTimeout(r, 50));
    const total = (): number => peer.received(a).length + peer.received(b).length;
    assert.equal(total(), 64 * 1024, 'the connection window is 64 KiB');
    peer.raw(encodeWindowUpdate(0, 16 * 1024));
    await peer.until(() => total() === 80 * 1024, 'the rest');
  });

  it('announces WINDOW_UPDATEs as its reader consumes data', async () => {
    const { peer, streams } = setup();
    const id = await peer.open({ streamtype: 'stdin' });
    await until(() => streams.length === 1, 'the stream');
    streams[0]!.resume();
    for (let i = 0; i < 5; i++) peer.send(Buffer.alloc(10 * 1024), id);
    await peer.until((f) => f.some((x) => x.kind === 'window_update' && x.streamId === id), 'stream WINDOW_UPDATE');
    await peer.until((f) => f.some((x) => x.kind === 'window_update' && x.streamId === 0), 'connection WINDOW_UPDATE');
  });

  it('a reader that does not read stops the socket being read (backpressure), and reading resumes it', async () => {
    const { peer, streams } = setup();
    const id = await peer.open({ streamtype: 'stdin' });
    await until(() => streams.length === 1, 'the stream');
    const s = streams[0]!;
    for (let i = 0; i < 8; i++) peer.send(Buffer.alloc(16 * 1024), id);
    await until(() => s.readableLength >= 16 * 1024, 'buffered data');
    let total = 0;
    s.on('data', (d: Buffer) => (total += d.length));
    await until(() => total === 8 * 16 * 1024, 'every byte once read');
  });

  it('refuses streams after the peer sent GOAWAY and closes once none is left', async () => {
    const { peer, streams, serverSocketClosed } = setup();
    const id = await peer.open({ streamtype: 'a' });
    await until(() => streams.length === 1, 'the stream');
    peer.raw(encodeGoAway(id, GoAwayStatus.Ok));
    const late = await peer.open({ streamtype: 'b' });
    await peer.until((f) => f.some((x) => x.kind === 'rst_stream' && x.streamId === late && x.status === RstStatus.RefusedStream), 'REFUSED_STREAM');
    streams[0]!.end();
    peer.send(Buffer.alloc(0), id, FLAG_FIN);
    await until(() => serverSocketClosed(), 'the connection closed');
  });

  it('data for a stream it does not know is answered with RST_STREAM(INVALID_STREAM)', async () => {
    const { peer } = setup();
    peer.send(Buffer.from('x'), 41);
    await peer.until((f) => f.some((x) => x.kind === 'rst_stream' && x.streamId === 41 && x.status === RstStatus.InvalidStream), 'RST');
  });

  it('close() resets what is open, sends GOAWAY(OK) and ends the socket', async () => {
    const { peer, streams, conn, serverSocketClosed } = setup();
    const id = await peer.open({ streamtype: 'a' });
    await until(() => streams.length === 1, 'the stream');
    conn.close();
    await peer.until((f) => f.some((x) => x.kind === 'goaway'), 'GOAWAY');
    const kinds = peer.frames.map((f) => f.kind);
    assert.ok(kinds.indexOf('rst_stream') < kinds.indexOf('goaway'));
    assert.ok(peer.frames.some((f) => f.kind === 'rst_stream' && f.streamId === id));
    await peer.until(() => peer.ended, 'socket end');
    peer.socket.end();
    await until(() => serverSocketClosed(), 'closed');
  });

  it('an idle connection is closed with GOAWAY(OK) after the idle timeout; traffic keeps it open', async () => {
    const { peer, conn } = setup({ idleTimeoutMs: 150 });
    for (let i = 0; i < 4; i++) {
      await new Promise((r) => setTimeout(r, 60));
      peer.raw(encodePing(2 * i + 1));
    }
    assert.equal(conn.closed, false, 'pings kept it open');
    await peer.until((f) => f.some((x) => x.kind === 'goaway' && x.status === GoAwayStatus.Ok), 'GOAWAY');
    await peer.until(() => peer.ended, 'end');
  });

  it('fuzz: arbitrary bytes after a valid stream never throw; the connection ends cleanly', async () => {
    let seed = 7;
    const next = (): number => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed / 0x7fffffff;
    };
    for (let round = 0; round < 60; round++) {
      const { peer, conn } = setup();
      await peer.open({ streamtype: 'x' });
      const junk = Buffer.alloc(8 + Math.floor(next() * 40));
      for (let i = 0; i < junk.length; i++) junk[i] = Math.floor(next() * 256);
      if (next() < 0.6) junk.writeUInt16BE(0x8003, 0);
      peer.raw(junk);
      peer.socket.end();
      await until(() => conn.closed, `round ${round}: the connection to close`);
    }
  });
});
