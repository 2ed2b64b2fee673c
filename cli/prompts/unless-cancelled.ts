import type { CliEnvironment } from '../environment.ts';
import { CANCELLING_SIGNALS } from '../interrupt.ts';
import { PromptCancelled } from './prompter.ts';

const CANCELLED_EXIT_CODE = CANCELLING_SIGNALS.SIGINT;

/** Cancelling a prompt (Ctrl-C) writes nothing and says so; the command exits 130, as a shell expects of Ctrl-C. */
export async function unlessCancelled(environment: CliEnvironment, work: () => Promise<void>): Promise<void> {
  try {
    await work();
  } catch (error) {
    if (!(error instanceof PromptCancelled)) throw error;
    environment.stderr.write('Operation cancelled\n');
    environment.exitCode = CANCELLED_EXIT_CODE;
  }
}
