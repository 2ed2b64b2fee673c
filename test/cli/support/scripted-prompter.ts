import { type MultiselectQuestion, PromptCancelled, type Prompter, type TextQuestion } from '../../../cli/prompts/prompter.ts';

/** An answer, `default` (press enter), or `cancel` (Ctrl-C). */
export type ScriptedAnswer = string | string[] | { default: true } | { cancel: true };

export interface AskedQuestion {
  kind: 'text' | 'multiselect';
  message: string;
  defaultValue?: string;
  choices?: string[];
}

/**
 * Plays the user: answers questions in order and records what was asked. An answer that the
 * question's own validation rejects fails the test, as a user would be asked again.
 */
export function scriptedPrompter(answers: ScriptedAnswer[]): Prompter & { asked: AskedQuestion[] } {
  const queue = [...answers];
  const asked: AskedQuestion[] = [];
  const next = (message: string): ScriptedAnswer => {
    const answer = queue.shift();
    if (answer === undefined) throw new Error(`no scripted answer left for the question "${message}"`);
    if (typeof answer === 'object' && 'cancel' in answer) throw new PromptCancelled();
    return answer;
  };
  return {
    asked,
    async text(question: TextQuestion) {
      asked.push({ kind: 'text', message: question.message, ...(question.defaultValue !== undefined && { defaultValue: question.defaultValue }) });
      const answer = next(question.message);
      const value = typeof answer === 'object' && 'default' in answer ? (question.defaultValue ?? '') : String(answer);
      const problem = question.validate?.(value);
      if (problem) throw new Error(`the answer ${JSON.stringify(value)} to "${question.message}" was rejected: ${problem}`);
      return value;
    },
    async multiselect<Value extends string>(question: MultiselectQuestion<Value>) {
      asked.push({ kind: 'multiselect', message: question.message, choices: question.choices.map((choice) => choice.value) });
      const answer = next(question.message);
      if (!Array.isArray(answer)) throw new Error(`expected a list answer for "${question.message}", got ${JSON.stringify(answer)}`);
      return answer as Value[];
    },
  };
}
