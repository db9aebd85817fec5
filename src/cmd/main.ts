// k8ts: one binary, several commands (server, ...). Bad flags exit with code 2.
import { Command, CommanderError } from 'commander';
import { registerControllerManagerCommand } from './controller-manager.js';
import { registerSchedulerCommand } from './scheduler.js';
import { registerServerCommand } from './server.js';
import { registerSimNodesCommand } from './sim-nodes.js';

export async function main(argv: string[]): Promise<void> {
  const program = new Command();
  program
    .name('k8ts')
    .description('k8ts: a Kubernetes-compatible orchestrator')
    .version('0.1.0')
    .exitOverride()
    .showHelpAfterError('(run with --help for usage)');
  registerServerCommand(program);
  registerSimNodesCommand(program);
  registerSchedulerCommand(program);
  registerControllerManagerCommand(program);
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
