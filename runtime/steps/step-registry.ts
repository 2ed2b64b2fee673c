import { IdahPluginError } from '../errors.ts';
import { describeFoundValue } from '../manifest/describe-value.ts';
import type { ExportStep } from './export-step.ts';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- steps of any options and result types fit one list.
type AnyStep = ExportStep<any, any>;

/**
 * The ordered steps of an export, as a `setupSteps(registry)` hook builds them. Every change is
 * checked at once: a bad step or a name used twice is a REGISTRATION_INVALID error naming it.
 */
export class StepRegistry<Options = Record<string, unknown>> {
  readonly #steps: AnyStep[] = [];
  readonly #plugin: string | undefined;

  constructor(options: { plugin?: string | undefined } = {}) {
    this.#plugin = options.plugin;
  }

  /** Adds a step at the end. */
  register<Result>(step: ExportStep<Options, Result>): this {
    this.#insert(this.#steps.length, step);
    return this;
  }

  /** Adds a step just before the step named `name`. */
  insertBefore<Result>(name: string, step: ExportStep<Options, Result>): this {
    this.#insert(this.#indexOf(name, 'insertBefore'), step);
    return this;
  }

  /** Adds a step just after the step named `name`. */
  insertAfter<Result>(name: string, step: ExportStep<Options, Result>): this {
    this.#insert(this.#indexOf(name, 'insertAfter') + 1, step);
    return this;
  }

  /** Removes the step named `name`. */
  unregister(name: string): this {
    this.#steps.splice(this.#indexOf(name, 'unregister'), 1);
    return this;
  }

  has(name: string): boolean {
    return this.#steps.some((step) => step.name === name);
  }

  /** The steps in running order. */
  get steps(): ReadonlyArray<ExportStep<Options>> {
    return [...this.#steps];
  }

  #insert(index: number, step: unknown): void {
    const checked = checkStep(step, this.#steps.length, this.#plugin);
    if (this.has(checked.name)) throw stepsError(`a step named "${checked.name}" is already registered; step names must be unique`, this.#plugin);
    this.#steps.splice(index, 0, checked);
  }

  #indexOf(name: string, what: string): number {
    const index = this.#steps.findIndex((step) => step.name === name);
    if (index === -1) {
      const known = this.#steps.map((step) => JSON.stringify(step.name)).join(', ') || 'none';
      throw stepsError(`${what}: expected the name of a registered step, got ${JSON.stringify(name)} (registered: ${known})`, this.#plugin);
    }
    return index;
  }
}

/** Checks one step's shape; `position` only names it in the error. */
export function checkStep(step: unknown, position: number, plugin?: string): AnyStep {
  if (typeof step !== 'object' || step === null) {
    throw stepsError(`step ${position + 1}: expected an object with name, progressWeight and run(context), found ${describeFoundValue(step)}`, plugin);
  }
  const candidate = step as Record<string, unknown>;
  const label = typeof candidate.name === 'string' && candidate.name.trim() !== '' ? `step "${candidate.name}"` : `step ${position + 1}`;
  const problems: string[] = [];
  if (typeof candidate.name !== 'string' || candidate.name.trim() === '') problems.push(`name: expected a non-empty string, found ${found(candidate.name)}`);
  const weight = candidate.progressWeight;
  if (typeof weight !== 'number' || !Number.isFinite(weight) || weight <= 0) {
    problems.push(`progressWeight: expected a finite number greater than 0, found ${found(weight)}`);
  }
  if (typeof candidate.run !== 'function') problems.push(`run: expected a function run(context), found ${found(candidate.run)}`);
  for (const hook of ['canSkip', 'rollback'] as const) {
    if (candidate[hook] !== undefined && typeof candidate[hook] !== 'function') {
      problems.push(`${hook}: expected a function or nothing, found ${found(candidate[hook])}`);
    }
  }
  if (problems.length > 0) throw stepsError(`${label} is not a valid step: ${problems.join('; ')}`, plugin);
  return step as AnyStep;
}

const found = (value: unknown) => describeFoundValue(value, value !== undefined);

export function stepsError(message: string, plugin?: string): IdahPluginError {
  return new IdahPluginError('REGISTRATION_INVALID', `steps: ${message}`, { plugin });
}
