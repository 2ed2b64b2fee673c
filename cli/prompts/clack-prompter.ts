import { isCancel, multiselect, type Option, text } from '@clack/prompts';
import type { CliEnvironment } from '../environment.ts';
import { PromptCancelled, type Prompter } from './prompter.ts';

/**
 * Asks on the environment's terminal with @clack/prompts. Questions go to stderr, so stdout
 * stays clean for what the command prints.
 */
export function clackPrompter(environment: CliEnvironment): Prompter {
  const streams = { input: environment.stdin, output: environment.stderr };
  return {
    async text(question) {
      const answer = await text({
        ...streams,
        message: question.message,
        ...(question.defaultValue !== undefined && {
          defaultValue: question.defaultValue,
          placeholder: question.placeholder ?? question.defaultValue,
        }),
        // An empty answer (never typed: undefined; typed then erased: '') becomes the default.
        ...(question.validate && { validate: (value) => question.validate?.(value || question.defaultValue || '') }),
      });
      if (isCancel(answer)) throw new PromptCancelled();
      return answer;
    },
    async multiselect(question) {
      const answer = await multiselect({
        ...streams,
        message: question.message,
        // `Option<Value>` is a conditional type TypeScript cannot resolve for a generic Value.
        options: question.choices.map((choice) => ({ ...choice })) as Option<typeof question.choices[number]['value']>[],
        initialValues: question.initialValues ?? [],
        required: false,
      });
      if (isCancel(answer)) throw new PromptCancelled();
      return answer;
    },
  };
}
