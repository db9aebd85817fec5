// GET /containerLogs/{namespace}/{pod}/{container}: a simulated container's log with the
// kubelet's options (follow, previous, timestamps, sinceSeconds/sinceTime, tailLines,
// limitBytes) and its error answers.
import type { ServerResponse } from 'node:http';
import type { Pod } from '../../api/types/core-v1.js';
import type { Clock } from '../../client/index.js';
import { ContainerLogError, instanceLines, logEveryMs, logInstance, logTimestamp, type ContainerInstance, type LogLine } from '../container-log.js';
import { writeText } from './respond.js';

/** How often a follower looks at the pod for its container ending (when no line is due sooner). */
const FOLLOW_POLL_MS = 250;

export interface LogOptions {
  readonly follow: boolean;
  readonly previous: boolean;
  readonly timestamps: boolean;
  readonly sinceMs?: number;
  readonly tailLines?: number;
  readonly limitBytes?: number;
}

const bool = (q: URLSearchParams, k: string) => ['true', '1', 'True', 'TRUE', 't'].includes(q.get(k) ?? '');

function int(q: URLSearchParams, k: string): number | undefined {
  const v = q.get(k);
  if (v === null || v === '') return undefined;
  if (!/^-?\d+$/.test(v)) throw new ContainerLogError(`invalid ${k}: ${JSON.stringify(v)}`);
  return Number(v);
}

/** The query as the kubelet reads it; throws ContainerLogError (400) on a malformed value. */
export function parseLogOptions(q: URLSearchParams, now: number): LogOptions {
  const sinceSeconds = int(q, 'sinceSeconds');
  const sinceTime = q.get('sinceTime');
  let sinceMs: number | undefined;
  if (sinceTime) {
    sinceMs = Date.parse(sinceTime);
    if (Number.isNaN(sinceMs)) throw new ContainerLogError(`invalid sinceTime: ${JSON.stringify(sinceTime)}`);
  } else if (sinceSeconds !== undefined) {
    sinceMs = now - sinceSeconds * 1000;
  }
  const tailLines = int(q, 'tailLines');
  const limitBytes = int(q, 'limitBytes');
  return {
    follow: bool(q, 'follow'),
    previous: bool(q, 'previous'),
    timestamps: bool(q, 'timestamps'),
    sinceMs,
    tailLines: tailLines !== undefined && tailLines >= 0 ? tailLines : undefined,
    limitBytes: limitBytes !== undefined && limitBytes > 0 ? limitBytes : undefined,
  };
}

/** Writes lines, counting bytes against limitBytes; false once the limit is reached. */
class LogWriter {
  private written = 0;
  constructor(
    private readonly res: ServerResponse,
    private readonly o: LogOptions,
  ) {}

  write(lines: readonly LogLine[]): boolean {
    for (const l of lines) {
      if (this.o.sinceMs !== undefined && l.at < this.o.sinceMs) continue;
      const chunk = Buffer.from(`${this.o.timestamps ? `${logTimestamp(l.at)} ` : ''}${l.text}\n`);
      if (this.o.limitBytes !== undefined) {
        const room = this.o.limitBytes - this.written;
        if (chunk.length >= room) {
          this.res.write(chunk.subarray(0, room));
          this.written += room;
          return false;
        }
      }
      this.res.write(chunk);
      this.written += chunk.length;
    }
    return true;
  }
}

/** The same run of the container in a newer copy of the pod, with its end if it ended. */
function sameRun(pod: Readonly<Pod> | undefined, container: string, run: ContainerInstance, now: number): ContainerInstance {
  if (!pod) return { ...run, endAt: run.endAt ?? now };
  let cur: ContainerInstance | undefined;
  try {
    cur = logInstance(pod, container, false);
  } catch {
    cur = undefined;
  }
  if (cur && cur.startedAt === run.startedAt) return cur;
  // A newer run (or none): this one ended; its end is in lastState when the kubelet restarted it.
  try {
    const prev = logInstance(pod, container, true);
    if (prev.startedAt === run.startedAt) return prev;
  } catch {
    // no previous run recorded
  }
  return { ...run, endAt: run.endAt ?? now };
}

export interface LogRequest {
  readonly res: ServerResponse;
  readonly pod: Readonly<Pod>;
  readonly container: string;
  readonly query: URLSearchParams;
  /** The pod as the node knows it now (undefined once it is gone). */
  readonly currentPod: () => Readonly<Pod> | undefined;
  readonly clock: Clock;
  /** Aborts when the client goes away or the server stops. */
  readonly signal: AbortSignal;
}

export async function serveContainerLogs(r: LogRequest): Promise<void> {
  const now = r.clock.now();
  let opts: LogOptions;
  let run: ContainerInstance;
  try {
    opts = parseLogOptions(r.query, now);
    run = logInstance(r.pod, r.container, opts.previous);
  } catch (e) {
    if (e instanceof ContainerLogError) return writeText(r.res, 400, e.message);
    throw e;
  }
  let lines = instanceLines(r.pod, r.container, run, now);
  if (opts.sinceMs !== undefined) lines = lines.filter((l) => l.at >= opts.sinceMs!);
  if (opts.tailLines !== undefined) lines = opts.tailLines === 0 ? [] : lines.slice(-opts.tailLines);
  r.res.writeHead(200, { 'Content-Type': 'text/plain' });
  const out = new LogWriter(r.res, opts);
  if (!out.write(lines) || !opts.follow || run.endAt !== undefined) {
    r.res.end();
    return;
  }
  r.res.flushHeaders();
  await follow(r, out, run, now, opts);
}

async function follow(r: LogRequest, out: LogWriter, run: ContainerInstance, sent: number, _o: LogOptions): Promise<void> {
  const every = logEveryMs(r.pod);
  while (!r.signal.aborted) {
    const now = r.clock.now();
    const nextLine = every ? run.startedAt + (Math.floor((sent - run.startedAt) / every) + 1) * every : Infinity;
    await sleep(r.clock, Math.max(1, Math.min(nextLine - now, FOLLOW_POLL_MS)), r.signal);
    if (r.signal.aborted) break;
    const at = r.clock.now();
    const cur = sameRun(r.currentPod(), r.container, run, at);
    const until = Math.min(at, cur.endAt ?? Infinity);
    const fresh = instanceLines(r.pod, r.container, run, until).filter((l) => l.at > sent);
    sent = until;
    if (!out.write(fresh) || cur.endAt !== undefined) break;
  }
  if (!r.res.destroyed) r.res.end();
}

function sleep(clock: Clock, ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      cancel();
      signal.removeEventListener('abort', done);
      resolve();
    };
    const cancel = clock.after(ms, done);
    signal.addEventListener('abort', done, { once: true });
  });
}
