import { Command, CommanderError } from 'commander';
import { describeThrown, isIdahPluginError, sweepStaleStaging } from '../runtime/index.ts';
import { type CliEnvironment, EXIT, processEnvironment } from './environment.ts';
import { commandRegistrars } from './commands/index.ts';
import { packageVersion } from './package-info.ts';
import { terminalText } from './render/terminal-text.ts';

export function buildProgram(environment: CliEnvironment): Command {
  const program = new Command('idah-plugin')
    .description('Scaffold, test and run IDAH export plugins')
    .version(packageVersion(), '-V, --version')
    .showHelpAfterError('(run with --help for usage)')
    // Options after a command name are that command's (`create --version 1.2.3`).
    .enablePositionalOptions()
    .exitOverride()
    .configureOutput({
      writeOut: (text) => environment.stdout.write(text),
      writeErr: (text) => environment.stderr.write(text),
    });
  for (const register of commandRegistrars) register(program, environment);
  return program;
}

/** Runs the CLI and returns its exit code: 0 success, 1 failure, 2 usage error. */
export async function main(argv: string[], environment: CliEnvironment = processEnvironment()): Promise<number> {
  const program = buildProgram(environment);
  // What a killed run left in the temp folder (its owner is gone) goes now.
  await sweepStaleStaging().catch(() => []);
  try {
    await program.parseAsync(argv, { from: 'user' });
    return environment.exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      const helpShown = error.code === 'commander.helpDisplayed' || error.code === 'commander.version';
      return helpShown || error.exitCode === 0 ? EXIT.ok : EXIT.usage;
    }
    environment.stderr.write(`error: ${terminalText(describeThrown(error), { keepNewlines: true })}\n`);
    return isIdahPluginError(error, 'USAGE') ? EXIT.usage : EXIT.failure;
  }
}
