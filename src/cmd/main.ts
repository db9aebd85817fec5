// k8ts: one binary, several commands (server, ...). Bad flags exit with code 2.
import { Command, CommanderError } from 'commander';

/** Each command's module, loaded only when it runs (or for the list in --help). */
const COMMANDS: ReadonlyArray<readonly [string, () => Promise<(program: Command) => void>]> = [
  ['server', async () => (await import('./server.js')).registerServerCommand],
  ['sim-nodes', async () => (await import('./sim-nodes.js')).registerSimNodesCommand],
  ['scheduler', async () => (await import('./scheduler.js')).registerSchedulerCommand],
  ['controller-manager', async () => (await import('./controller-manager.js')).registerControllerManagerCommand],
];

export async function main(argv: string[]): Promise<void> {
  const program = new Command();
  program
    .name('k8ts')
    .description('k8ts: a Kubernetes-compatible orchestrator')
    .version('0.1.0')
    .exitOverride()
    .showHelpAfterError('(run with --help for usage)');
  // `k8ts server ...` loads the server's code only, not the other components'.
  const named = COMMANDS.filter(([name]) => name === argv[0]);
  for (const [, load] of named.length ? named : COMMANDS) (await load())(program);
  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (e) {
    if (e instanceof CommanderError) {
      if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.code === 'commander.help') process.exit(0);
      process.exit(2);
    }
    if (e instanceof UsageError) {
      process.stderr.write(`error: ${e.message}\n`);
      process.exit(2);
    }
    process.stderr.write(`error: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(1);
  }
}

/** A bad flag value: reported on stderr with exit code 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}
