// What the components that run against an API server through a kubeconfig (`k8ts scheduler`,
// `k8ts controller-manager`, `k8ts sim-nodes`) do alike to start and stop: their logger, the
// kubeconfig they are given, a client that sends the component's User-Agent, a stop signal for
// SIGTERM and SIGINT; and, for the two that hold a lease, the run itself, both as a command of
// its own and in the `k8ts server` process.
import { pino, type Logger } from 'pino';
import { clientFromKubeconfig, KubeconfigError, LeaderElectionLostError, newStopController, type Client } from '../client/index.js';
import { UsageError } from './main.js';
import { leaderElectionFromFlags, withLeaderElectionClient, type LeaderElectionFlags, type LeaderElectionSettings } from './leader-election-flags.js';
import { componentUserAgent } from './user-agent.js';

/** JSON lines with ISO times, as `k8ts server` logs. */
export function newComponentLogger(): Logger {
  return pino({ base: undefined, timestamp: pino.stdTimeFunctions.isoTime });
}

/** --kubeconfig, else the first file $KUBECONFIG lists; with neither, a UsageError. */
export function kubeconfigFile(flag: string | undefined): string {
  const file = flag ?? process.env.KUBECONFIG?.split(':')[0];
  if (!file) throw new UsageError('--kubeconfig is required (or set KUBECONFIG)');
  return file;
}

/** A client from the kubeconfig file, sending the component's User-Agent; a kubeconfig that does not load is a UsageError. */
export function componentClient(file: string, component: string): Client {
  try {
    return clientFromKubeconfig(file, { userAgent: componentUserAgent(component) });
  } catch (e) {
    if (e instanceof KubeconfigError) throw new UsageError(e.message);
    throw e;
  }
}

/** A signal that the first SIGTERM or SIGINT aborts, logging 'stopping' with the signal's name. */
export function stopOnSignals(log: Logger): AbortSignal {
  const stop = newStopController();
  const onSignal = (signal: string) => {
    log.info({ signal }, 'stopping');
    stop.abort();
  };
  process.once('SIGTERM', () => onSignal('SIGTERM'));
  process.once('SIGINT', () => onSignal('SIGINT'));
  return stop.signal;
}

/** The leader-election options a component is made with: the flags' settings and a client of their own, or false. */
export type ElectionWithClient = (LeaderElectionSettings & { client: Client }) | false;

/** A component that campaigns for its lease and then works until the signal (the scheduler, the controller manager). */
export interface LeaderElectedComponent {
  readonly identity: string;
  run(signal: AbortSignal): Promise<void>;
}

export interface LeaderElectedCommand<C extends LeaderElectedComponent> {
  /** The command's name, as in the 'k8ts <command> starting' log line. */
  readonly command: string;
  /** The component's User-Agent name, which also names its lease client ("<component>/leader-election"). */
  readonly component: string;
  readonly build: (client: Client, log: Logger, le: ElectionWithClient) => C;
  /** Fields of the starting log line between the server and leaderElect. */
  readonly startingFields?: Record<string, unknown>;
}

/**
 * Runs a leader-elected component as a command until SIGTERM or SIGINT. Bad flags or kubeconfig
 * are UsageErrors; losing the lease is logged and rejects, so the command exits with code 1.
 */
export async function runLeaderElectedCommand<C extends LeaderElectedComponent>(flags: LeaderElectionFlags & { kubeconfig?: string }, c: LeaderElectedCommand<C>): Promise<void> {
  const log = newComponentLogger();
  const le = leaderElectionFromFlags(flags, true);
  const file = kubeconfigFile(flags.kubeconfig);
  const client = componentClient(file, c.component);
  const election = withLeaderElectionClient(le, file, c.component);
  const close = () => {
    client.close();
    election.close();
  };
  let component: C;
  try {
    component = c.build(client, log, election.le);
  } catch (e) {
    close();
    throw e;
  }
  const signal = stopOnSignals(log);
  log.info({ server: client.config.server, ...c.startingFields, leaderElect: flags.leaderElect, identity: component.identity }, `k8ts ${c.command} starting`);
  const alive = holdProcessOpen();
  try {
    await component.run(signal);
  } catch (e) {
    if (e instanceof LeaderElectionLostError) log.error({}, 'leaderelection lost');
    throw e;
  } finally {
    alive.release();
    close();
  }
}

/** Resolves when signal aborts, keeping the process running until then (see holdProcessOpen). */
export async function untilStopped(signal: AbortSignal): Promise<void> {
  const alive = holdProcessOpen();
  try {
    await new Promise<void>((resolve) => (signal.aborted ? resolve() : signal.addEventListener('abort', () => resolve(), { once: true })));
  } finally {
    alive.release();
  }
}

/**
 * Keeps the process running until released. A component's waits (retry back-off, lease renewal)
 * use unref'd timers, so once the API server has gone away and its connections have closed,
 * nothing else would: the process would end with its run still pending (exit code 13) instead of
 * retrying until it stops or loses its lease.
 */
function holdProcessOpen(): { release(): void } {
  const timer = setInterval(() => {}, 2 ** 31 - 1);
  return { release: () => clearInterval(timer) };
}

/**
 * For `k8ts server`: a leader-elected component in this process, with the flags' defaults and the
 * kubeconfig given; `what` names it in the log ('started the <what>', '<what> stopped'). done
 * settles when it stops and never rejects: a failure is logged.
 */
export function startInProcessLeaderElected<C extends LeaderElectedComponent>(
  kubeconfig: string,
  defaults: LeaderElectionFlags,
  c: { readonly component: string; readonly what: string; readonly build: (client: Client, le: ElectionWithClient) => C },
  log: Logger,
  signal: AbortSignal,
): { done: Promise<void> } {
  const client = clientFromKubeconfig(kubeconfig, { userAgent: componentUserAgent(c.component) });
  const election = withLeaderElectionClient(leaderElectionFromFlags(defaults, false), kubeconfig, c.component);
  const component = c.build(client, election.le);
  const done = component
    .run(signal)
    .catch((e: unknown) => log.error({ err: e instanceof Error ? e.message : String(e) }, `${c.what} stopped`))
    .finally(() => {
      client.close();
      election.close();
    });
  log.info({ identity: component.identity }, `started the ${c.what}`);
  return { done };
}
