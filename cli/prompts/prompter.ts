import type { CliEnvironment } from '../environment.ts';
import { clackPrompter } from './clack-prompter.ts';

export interface TextQuestion {
  message: string;
  defaultValue?: string;
  placeholder?: string;
  /** Returns a message when the answer is not acceptable. */
  validate?: (answer: string) => string | undefined;
}

export interface Choice<Value extends string> {
  value: Value;
  label: string;
  hint?: string;
}

export interface MultiselectQuestion<Value extends string> {
  message: string;
  choices: ReadonlyArray<Choice<Value>>;
  initialValues?: Value[];
}

/** The questions a command may ask. Commands ask only through this, so tests can answer for the user. */
export interface Prompter {
  text(question: TextQuestion): Promise<string>;
  multiselect<Value extends string>(question: MultiselectQuestion<Value>): Promise<Value[]>;
}

/** Thrown when the user cancels a prompt (Ctrl-C, Escape). */
export class PromptCancelled extends Error {
  constructor() {
    super('Operation cancelled');
    this.name = 'PromptCancelled';
  }
}

/** An environment may carry its own prompter (tests answering scripted questions); otherwise the terminal is asked. */
export type PromptingEnvironment = CliEnvironment & { prompter?: Prompter };

export function prompterFor(environment: PromptingEnvironment): Prompter {
  return environment.prompter ?? clackPrompter(environment);
}
