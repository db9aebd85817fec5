// The leader-election flags that `k8ts scheduler` and `k8ts controller-manager` share (upstream's
// --leader-elect* component flags), their parsers, and the options they turn into.
import { InvalidArgumentError, type Command } from 'commander';
import { clientFromKubeconfig, type Client } from '../client/index.js';
import { UsageError } from './main.js';
import { componentUserAgent } from './user-agent.js';

export interface LeaderElectionFlags {
  leaderElect: boolean;
  leaderElectLeaseDuration: number;
  leaderElectRenewDeadline: number;
  leaderElectRetryPeriod: number;
  leaderElectResourceNamespace: string;
  leaderElectResourceName: string;
}

/** What the scheduler and the controller manager take (both define this same shape). */
export interface LeaderElectionSettings {
  readonly namespace: string;
  readonly name: string;
  readonly leaseDurationMs: number;
  readonly renewDeadlineMs: number;
  readonly retryPeriodMs: number;
  readonly exitOnLoss: boolean;
}

export function parseBool(v: string): boolean {
  if (['true', '1', 't', 'T', 'TRUE', 'True'].includes(v)) return true;
  if (['false', '0', 'f', 'F', 'FALSE', 'False'].includes(v)) return false;
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

/** Upstream's leader-election defaults (15 s lease, 10 s renew deadline, 2 s retry), with the lease in kube-system named leaseName. */
export const defaultLeaderElectionFlags = (leaseName: string): LeaderElectionFlags => ({
  leaderElect: true,
  leaderElectLeaseDuration: 15_000,
  leaderElectRenewDeadline: 10_000,
  leaderElectRetryPeriod: 2_000,
  leaderElectResourceNamespace: 'kube-system',
  leaderElectResourceName: leaseName,
});

/** Adds --leader-elect and its companions; `who` completes "only one ... acts at a time". */
export function addLeaderElectionFlags(cmd: Command, who: string, leaseName: string): Command {
  const d = defaultLeaderElectionFlags(leaseName);
  return cmd
    .option('--leader-elect [bool]', `hold a Lease so that only one ${who} acts at a time`, parseBool, d.leaderElect)
    .option('--leader-elect-lease-duration <duration>', 'how long a lease is valid without renewal', parseDuration, d.leaderElectLeaseDuration)
    .option('--leader-elect-renew-deadline <duration>', 'how long the leader retries renewing before it gives up', parseDuration, d.leaderElectRenewDeadline)
    .option('--leader-elect-retry-period <duration>', 'time between acquire/renew attempts', parseDuration, d.leaderElectRetryPeriod)
    .option('--leader-elect-resource-namespace <ns>', 'namespace of the lease', d.leaderElectResourceNamespace)
    .option('--leader-elect-resource-name <name>', 'name of the lease', d.leaderElectResourceName);
}

/** The flags as leader-election options, or false when --leader-elect=false; bad timings are a UsageError. */
export function leaderElectionFromFlags(f: LeaderElectionFlags, exitOnLoss: boolean): LeaderElectionSettings | false {
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

/**
 * The options with a client of their own for the Lease calls, as upstream gives leader election
 * its own client ("<component>/leader-election"): the renewals get their own connections and are
 * never queued on the client side behind a burst of the component's other calls. close() ends it.
 */
export function withLeaderElectionClient<T extends object>(le: T | false, kubeconfig: string, component: string): { le: (T & { client: Client }) | false; close(): void } {
  if (!le) return { le, close: () => undefined };
  const client = clientFromKubeconfig(kubeconfig, { userAgent: `${componentUserAgent(component)}/leader-election` });
  return { le: { ...le, client }, close: () => client.close() };
}
