// `k8ts scheduler`: the scheduler against any API server through a kubeconfig, with leader election
// through a Lease (kube-system/kube-scheduler) by default; and the in-process variant that
// `k8ts server` starts. Bad flags exit with code 2; losing the lease exits with code 1, as upstream.
import { Command, InvalidArgumentError } from 'commander';
import type { Logger } from 'pino';
import type { Client } from '../client/index.js';
import { Scheduler } from '../scheduler/index.js';
import { addLeaderElectionFlags, defaultLeaderElectionFlags, type LeaderElectionFlags } from './leader-election-flags.js';
import { runLeaderElectedCommand, startInProcessLeaderElected, type ElectionWithClient } from './component-runtime.js';

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

function newScheduler(client: Client, f: SchedulerFlags, log: Logger, le: ElectionWithClient): Scheduler {
  return new Scheduler({ client, schedulerName: f.schedulerName, percentageOfNodesToScore: f.percentageOfNodesToScore, leaderElection: le, logger: log });
}

export async function runScheduler(flags: SchedulerFlags): Promise<void> {
  await runLeaderElectedCommand(flags, {
    command: 'scheduler',
    component: 'kube-scheduler',
    build: (client, log, le) => newScheduler(client, flags, log, le),
    startingFields: { schedulerName: flags.schedulerName },
  });
}

export const DEFAULT_IN_PROCESS_FLAGS: SchedulerFlags = {
  ...defaultLeaderElectionFlags('kube-scheduler'),
  schedulerName: 'default-scheduler',
  percentageOfNodesToScore: 0,
};

/**
 * For `k8ts server`: the scheduler in this process, talking to the API server over HTTPS with the
 * kubeconfig given (in-process: its own identity, system:kube-scheduler) like any other client. It campaigns again if it loses the lease. Never rejects.
 */
export function startInProcessScheduler(kubeconfig: string, log: Logger, signal: AbortSignal): { done: Promise<void> } {
  return startInProcessLeaderElected(
    kubeconfig,
    DEFAULT_IN_PROCESS_FLAGS,
    { component: 'kube-scheduler', what: 'scheduler', build: (client, le) => newScheduler(client, DEFAULT_IN_PROCESS_FLAGS, log, le) },
    log,
    signal,
  );
}
