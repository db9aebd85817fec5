// exec and attach over SPDY/3.1, the kubelet's way: after the 101 the client opens one stream
// per channel, each naming itself in a streamType header (error, stdin, stdout, stderr, and
// resize with a tty). We accept every stream at once (an empty SYN_REPLY) and hand over the
// session when the expected set is complete, or hang up if it is not within the creation
// timeout.
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { RemoteCommandOptions, RemoteCommandSession } from '../session.js';
import { SpdyRemoteCommandSession } from './remote-command-session.js';
import { SpdyConnection, type FlowControlMode } from './spdy-connection.js';
import type { SpdyStream } from './spdy-stream.js';
import { upgradeToSpdy } from './upgrade.js';

export const STREAM_PROTOCOL_V4 = 'v4.channel.k8s.io';
export const STREAM_PROTOCOL_V3 = 'v3.channel.k8s.io';
export const STREAM_PROTOCOL_V2 = 'v2.channel.k8s.io';
/** What we speak, best first (v1, channel.k8s.io, predates the error stream's Status and is not served). */
export const SPDY_REMOTE_COMMAND_PROTOCOLS = [STREAM_PROTOCOL_V4, STREAM_PROTOCOL_V3, STREAM_PROTOCOL_V2] as const;
/** The kubelet's default for how long the client may take to open its streams. */
export const DEFAULT_STREAM_CREATION_TIMEOUT_MS = 30_000;

export interface SpdyAcceptTuning {
  readonly streamCreationTimeoutMs?: number;
  readonly flowControl?: FlowControlMode;
  /** See SpdyConnectionOptions.idleTimeoutMs (default: the kubelet's 4 h). */
  readonly idleTimeoutMs?: number;
}

/** The streamType values the client must open for these options under this protocol. */
export function expectedStreamTypes(options: RemoteCommandOptions, protocol: string): Set<string> {
  const types = new Set<string>(['error']);
  if (options.stdin) types.add('stdin');
  if (options.stdout) types.add('stdout');
  if (options.stderr && !options.tty) types.add('stderr');
  if (options.tty && protocol !== STREAM_PROTOCOL_V2) types.add('resize');
  return types;
}

export function acceptSpdyRemoteCommand(
  req: IncomingMessage,
  socket: Duplex,
  head: Buffer,
  options: RemoteCommandOptions,
  tuning: SpdyAcceptTuning = {},
): Promise<RemoteCommandSession | null> {
  const protocol = upgradeToSpdy(req, socket, SPDY_REMOTE_COMMAND_PROTOCOLS);
  if (protocol === null) return Promise.resolve(null);
  const expected = expectedStreamTypes(options, protocol);
  return new Promise((resolve) => {
    const streams = new Map<string, SpdyStream>();
    let settled = false;
    const settle = (session: RemoteCommandSession | null): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(session);
    };
    const conn = new SpdyConnection(socket, {
      head,
      flowControl: tuning.flowControl,
      idleTimeoutMs: tuning.idleTimeoutMs,
      onStream: (stream) => {
        stream.reply();
        const type = stream.header('streamtype') ?? '';
        if (settled || !expected.has(type) || streams.has(type)) {
          // Not one we wait for (the kubelet logs and ignores these): keep it drained.
          stream.resume();
          return;
        }
        streams.set(type, stream);
        if (streams.size === expected.size) settle(new SpdyRemoteCommandSession(protocol, conn, streams, options));
      },
    });
    const timer = setTimeout(() => {
      settle(null);
      conn.close();
    }, tuning.streamCreationTimeoutMs ?? DEFAULT_STREAM_CREATION_TIMEOUT_MS);
    conn.onClose(() => settle(null));
  });
}
