// `k8ts scheduler`: the scheduler against any API server through a kubeconfig, with leader election
// through a Lease (kube-system/kube-scheduler) by default; and the in-process variant that
// `k8ts server` starts. Bad flags exit with code 2; losing the lease exits with code 1, as upstream.
import { Command, InvalidArgumentError } from 'commander';
import { pino, type Logger } from 'pino';
import { clientFromKubeconfig, KubeconfigError, type Client } from '../client/index.js';
import { LeaderElectionLostError, Scheduler, type LeaderElectionOptions } from '../scheduler/index.js';
import { UsageError } from './main.js';
import { addLeaderElectionFlags, leaderElectionFromFlags, withLeaderElectionClient, type LeaderElectionFlags } from './leader-election-flags.js';
import { newStopController } from '../client/index.js';
import { componentUserAgent } from './user-agent.js';

export interface SchedulerFlags extends LeaderElectionFlags {
  kubeconfig?: string;
  schedulerName: string;
  percentageOfNodesToScore: number;
}



function parsePercent(v: string): number {
  if (!/^\d+$/.test(v) || Number(v) > 100) throw new InvalidArgumentError(`"${v}" is not a percentage (0-100; 0 means adaptive)`);
  return Number(v);
}

export function registerSchedulerCommand(program: Command): void {
  addLeaderElectionFlags(
    program
      .command('scheduler')
      .description('run the scheduler (assigns pending pods to nodes) against an API server')
      .option('--kubeconfig <file>', 'kubeconfig of the cluster (default: $KUBECONFIG)'),
    'scheduler',
    'kube-scheduler',
  )
    .option('--scheduler-name <name>', 'schedule pods whose spec.schedulerName is this', 'default-scheduler')
    .option('--percentage-of-nodes-to-score <n>', 'share of nodes to find feasible before scoring (0: adaptive)', parsePercent, 0)
    .action(async (flags: SchedulerFlags) => {
      await runScheduler(flags);
    });
}

const leaderElection = (f: SchedulerFlags, exitOnLoss: boolean): LeaderElectionOptions | false => leaderElectionFromFlags(f, exitOnLoss);

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
    client = clientFromKubeconfig(file, { userAgent: componentUserAgent('kube-scheduler') });
  } catch (e) {
    if (e instanceof KubeconfigError) throw new UsageError(e.message);
    throw e;
  }
  const election = withLeaderElectionClient(le, file, 'kube-scheduler');
  const scheduler = newScheduler(client, flags, log, election.le);
  const stop = newStopController();
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
    election.close();
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
 * kubeconfig given (in-process: its own identity, system:kube-scheduler) like any other client. It campaigns again if it loses the lease. Never rejects.
 */
export function startInProcessScheduler(kubeconfig: string, log: Logger, signal: AbortSignal): { done: Promise<void> } {
  const client = clientFromKubeconfig(kubeconfig, { userAgent: componentUserAgent('kube-scheduler') });
  const election = withLeaderElectionClient(leaderElection(DEFAULT_IN_PROCESS_FLAGS, false), kubeconfig, 'kube-scheduler');
  const scheduler = newScheduler(client, DEFAULT_IN_PROCESS_FLAGS, log, election.le);
  const done = scheduler
    .run(signal)
    .catch((e: unknown) => log.error({ err: e instanceof Error ? e.message : String(e) }, 'scheduler stopped'))
    .finally(() => {
      client.close();
      election.close();
    });
  log.info({ identity: scheduler.identity }, 'started the scheduler');
  return { done };
}
