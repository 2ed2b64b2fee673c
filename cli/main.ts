import { Command, CommanderError } from 'commander';
import { describeThrown, isIdahPluginError } from '../runtime/errors.ts';
import { sweepStaleStaging } from '../runtime/io/staging.ts';
import { type CliEnvironment, EXIT, processEnvironment } from './environment.ts';
import { type CommandEntry, commandTable } from './commands/index.ts';
import { packageVersion } from './package-info.ts';
import { terminalText } from './render/terminal-text.ts';

function baseProgram(environment: CliEnvironment): Command {
  return new Command('idah-plugin')
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
}

/** The command row `argv` asks for (`<name> …` or `help <name>`), if any. */
export function requestedCommand(argv: string[]): CommandEntry | undefined {
  const words = argv.filter((word) => !word.startsWith('-'));
  const name = words[0] === 'help' ? words[1] : words[0];
  // Only a leading word names a command: `--version x` is not the command `x`.
  if (argv[0] !== words[0]) return undefined;
  return commandTable.find((entry) => entry.name === name);
}

/**
 * The program for `argv`: the requested command is loaded and registered in full; every other
 * command is only its name and summary, enough for `--help` and for "unknown command" hints.
 */
export async function buildProgram(environment: CliEnvironment, argv: string[] = []): Promise<Command> {
  const program = baseProgram(environment);
  const requested = requestedCommand(argv);
  for (const entry of commandTable) {
    if (entry === requested) (await entry.load())(program, environment);
    else program.command(entry.name).description(entry.summary);
  }
  return program;
}

/** Runs the CLI and returns its exit code: 0 success, 1 failure, 2 usage error. */
export async function main(argv: string[], environment: CliEnvironment = processEnvironment()): Promise<number> {
  try {
    const program = await buildProgram(environment, argv);
    // What a killed run left in the temp folder (its owner is gone) goes now.
    if (requestedCommand(argv)) await sweepStaleStaging().catch(() => []);
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
