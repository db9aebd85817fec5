// `k8ts scheduler`: the scheduler against any API server through a kubeconfig, with leader election
// through a Lease (kube-system/kube-scheduler) by default; and the in-process variant that
// `k8ts server` starts. Bad flags exit with code 2; losing the lease exits with code 1, as upstream.
import { Command, InvalidArgumentError } from 'commander';
import { pino, type Logger } from 'pino';
import { clientFromKubeconfig, KubeconfigError, type Client } from '../client/index.js';
import { LeaderElectionLostError, Scheduler, type LeaderElectionOptions } from '../scheduler/index.js';
import { UsageError } from './main.js';

export interface SchedulerFlags {
  kubeconfig?: string;
  leaderElect: boolean;
  leaderElectLeaseDuration: number;
  leaderElectRenewDeadline: number;
  leaderElectRetryPeriod: number;
  leaderElectResourceNamespace: string;
  leaderElectResourceName: string;
  schedulerName: string;
  percentageOfNodesToScore: number;
}

function parseBool(v: string): boolean {
  if (v === 'true' || v === '1' || v === 't' || v === 'T' || v === 'TRUE' || v === 'True') return true;
  if (v === 'false' || v === '0' || v === 'f' || v === 'F' || v === 'FALSE' || v === 'False') return false;
  throw new InvalidArgumentError(`"${v}" is not a boolean (true or false)`);
}

const UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** A Go duration ("15s", "1m30s", "500ms") in milliseconds. */
export function parseDuration(v: string): number {
  const re = /(\d+(?:\.\d+)?)(ms|s|m|h)/gy;
  let total = 0;
  let matched = 0;
  for (let m = re.exec(v); m; m = re.exec(v)) {
    total += Number(m[1]) * UNITS[m[2]!]!;
    matched = re.lastIndex;
  }
  if (v.length === 0 || matched !== v.length || total <= 0) throw new InvalidArgumentError(`"${v}" is not a duration (e.g. 15s, 500ms, 1m)`);
  return total;
}

function parsePercent(v: string): number {
  if (!/^\d+$/.test(v) || Number(v) > 100) throw new InvalidArgumentError(`"${v}" is not a percentage (0-100; 0 means adaptive)`);
  return Number(v);
}

export function registerSchedulerCommand(program: Command): void {
  program
    .command('scheduler')
    .description('run the scheduler (assigns pending pods to nodes) against an API server')
    .option('--kubeconfig <file>', 'kubeconfig of the cluster (default: $KUBECONFIG)')
    .option('--leader-elect [bool]', 'hold a Lease so that only one scheduler acts at a time', parseBool, true)
    .option('--leader-elect-lease-duration <duration>', 'how long a lease is valid without renewal', parseDuration, 15_000)
    .option('--leader-elect-renew-deadline <duration>', 'how long the leader retries renewing before it gives up', parseDuration, 10_000)
    .option('--leader-elect-retry-period <duration>', 'time between acquire/renew attempts', parseDuration, 2_000)
    .option('--leader-elect-resource-namespace <ns>', 'namespace of the lease', 'kube-system')
    .option('--leader-elect-resource-name <name>', 'name of the lease', 'kube-scheduler')
    .option('--scheduler-name <name>', 'schedule pods whose spec.schedulerName is this', 'default-scheduler')
    .option('--percentage-of-nodes-to-score <n>', 'share of nodes to find feasible before scoring (0: adaptive)', parsePercent, 0)
    .action(async (flags: SchedulerFlags) => {
      await runScheduler(flags);
    });
}

function leaderElection(f: SchedulerFlags, exitOnLoss: boolean): LeaderElectionOptions | false {
  if (!f.leaderElect) return false;
  if (f.leaderElectLeaseDuration <= f.leaderElectRenewDeadline) throw new UsageError('--leader-elect-lease-duration must be greater than --leader-elect-renew-deadline');
  if (f.leaderElectRenewDeadline <= 1.2 * f.leaderElectRetryPeriod) throw new UsageError('--leader-elect-renew-deadline must be greater than 1.2 × --leader-elect-retry-period');
  return {
    namespace: f.leaderElectResourceNamespace,
    name: f.leaderElectResourceName,
    leaseDurationMs: f.leaderElectLeaseDuration,
    renewDeadlineMs: f.leaderElectRenewDeadline,
    retryPeriodMs: f.leaderElectRetryPeriod,
    exitOnLoss,
  };
}

function newScheduler(client: Client, f: SchedulerFlags, log: Logger, le: LeaderElectionOptions | false): Scheduler {
  return new Scheduler({ client, schedulerName: f.schedulerName, percentageOfNodesToScore: f.percentageOfNodesToScore, leaderElection: le, logger: log });
}

export async function runScheduler(flags: SchedulerFlags): Promise<void> {
  const log = pino({ base: undefined, timestamp: pino.stdTimeFunctions.isoTime });
  const le = leaderElection(flags, true);
  const file = flags.kubeconfig ?? process.env.KUBECONFIG?.split(':')[0];
  if (!file) throw new UsageError('--kubeconfig is required (or set KUBECONFIG)');
  let client: Client;
  try {
    client = clientFromKubeconfig(file);
  } catch (e) {
    if (e instanceof KubeconfigError) throw new UsageError(e.message);
    throw e;
  }
  const scheduler = newScheduler(client, flags, log, le);
  const stop = new AbortController();
  const onSignal = (signal: string) => {
    log.info({ signal }, 'stopping');
    stop.abort();
  };
  process.once('SIGTERM', () => onSignal('SIGTERM'));
  process.once('SIGINT', () => onSignal('SIGINT'));
  log.info({ server: client.config.server, schedulerName: flags.schedulerName, leaderElect: flags.leaderElect, identity: scheduler.identity }, 'k8ts scheduler starting');
  try {
    await scheduler.run(stop.signal);
  } catch (e) {
    if (e instanceof LeaderElectionLostError) log.error({}, 'leaderelection lost');
    throw e;
  } finally {
    client.close();
  }
}

export const DEFAULT_IN_PROCESS_FLAGS: SchedulerFlags = {
  leaderElect: true,
  leaderElectLeaseDuration: 15_000,
  leaderElectRenewDeadline: 10_000,
  leaderElectRetryPeriod: 2_000,
  leaderElectResourceNamespace: 'kube-system',
  leaderElectResourceName: 'kube-scheduler',
  schedulerName: 'default-scheduler',
  percentageOfNodesToScore: 0,
};

/**
 * For `k8ts server`: the scheduler in this process, talking to the API server over HTTPS with the
 * admin kubeconfig like any other client. It campaigns again if it loses the lease. Never rejects.
 */
export function startInProcessScheduler(kubeconfig: string, log: Logger, signal: AbortSignal): { done: Promise<void> } {
  const client = clientFromKubeconfig(kubeconfig);
  const scheduler = newScheduler(client, DEFAULT_IN_PROCESS_FLAGS, log, leaderElection(DEFAULT_IN_PROCESS_FLAGS, false));
  const done = scheduler
    .run(signal)
    .catch((e: unknown) => log.error({ err: e instanceof Error ? e.message : String(e) }, 'scheduler stopped'))
    .finally(() => client.close());
  log.info({ identity: scheduler.identity }, 'started the scheduler');
  return { done };
}
