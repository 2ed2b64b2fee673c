import type { CliEnvironment } from '../environment.ts';
import { PromptCancelled } from './prompter.ts';

/** Cancelling a prompt is the user's choice, not a failure: say so and exit 0 (as IDAH's CLI does). */
export async function unlessCancelled(environment: CliEnvironment, work: () => Promise<void>): Promise<void> {
  try {
    await work();
  } catch (error) {
    if (!(error instanceof PromptCancelled)) throw error;
    environment.stderr.write('Operation cancelled\n');
  }
}
