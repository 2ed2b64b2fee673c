import type { ZodType } from 'zod';
import { describeThrown } from '../errors.ts';
import { exporterSteps } from '../steps/exporter-steps.ts';
import type { ExporterClass, ModalitySelector } from '../exporter.ts';
import { describeFoundValue } from '../manifest/describe-value.ts';
import { registrationTypeError } from './registration-error.ts';

const SELECTOR_EXPECTED = 'a modality selector (a non-empty string, a RegExp, or a non-empty array of those)';

function isSelectorPart(value: unknown): value is string | RegExp {
  return (typeof value === 'string' && value.trim().length > 0) || value instanceof RegExp;
}

function describeArgument(value: unknown): string {
  if (typeof value === 'function') return value.name ? `function ${value.name}` : 'an anonymous function';
  return describeFoundValue(value);
}

/** Checks a selector at registration time; returns a frozen copy so the plugin cannot change it later. */
export function validateSelector(plugin: string, selector: unknown): ModalitySelector {
  if (isSelectorPart(selector)) return selector;
  if (!Array.isArray(selector)) {
    throw registrationTypeError(plugin, `expected ${SELECTOR_EXPECTED}, found ${describeArgument(selector)}`);
  }
  if (selector.length === 0) throw registrationTypeError(plugin, `expected ${SELECTOR_EXPECTED}, found an empty array`);
  selector.forEach((part: unknown, index) => {
    if (!isSelectorPart(part)) {
      throw registrationTypeError(
        plugin,
        `expected ${SELECTOR_EXPECTED}, found ${describeArgument(part)} at index ${index} of the array`,
      );
    }
  });
  return Object.freeze([...(selector as Array<string | RegExp>)]);
}

/** What the registry keeps from one instance of an exporter class. */
export interface ExporterDescription {
  className: string;
  name: string;
  description: string;
  optionsSchema: ZodType | undefined;
}

function isZodSchema(value: unknown): value is ZodType {
  return typeof value === 'object' && value !== null && typeof (value as { safeParse?: unknown }).safeParse === 'function';
}

/** Checks that `value` is an exporter class and reads its name, description and options schema. */
export function describeExporterClass(plugin: string, value: unknown): ExporterDescription {
  if (typeof value !== 'function' || value.prototype === undefined) {
    throw registrationTypeError(
      plugin,
      `expected an exporter class (constructible with no arguments), found ${describeArgument(value)}`,
    );
  }
  const className = value.name;
  if (!className) {
    throw registrationTypeError(plugin, 'expected a named exporter class (its name makes the exporter id), found an anonymous class');
  }
  let instance: Record<string, unknown>;
  try {
    instance = new (value as ExporterClass)() as unknown as Record<string, unknown>;
  } catch (thrown) {
    throw registrationTypeError(plugin, `expected "new ${className}()" to construct an exporter, but it threw: ${describeThrown(thrown)}`);
  }
  const problems: string[] = [];
  if (typeof instance.name !== 'string' || instance.name.trim() === '') {
    problems.push(`name: expected a non-empty string, found ${describeFoundValue(instance.name)}`);
  }
  if (typeof instance.description !== 'string') {
    problems.push(`description: expected a string, found ${describeFoundValue(instance.description)}`);
  }
  const stepProblem = stepsProblem(instance);
  if (stepProblem) problems.push(stepProblem);
  else if (instance.steps === undefined && instance.setupSteps === undefined && typeof instance.export !== 'function') {
    problems.push(`export: expected a method export(context) (or steps), found ${describeArgument(instance.export)}`);
  }
  if (instance.options !== undefined && !isZodSchema(instance.options)) {
    problems.push(`options: expected a zod schema or nothing, found ${describeArgument(instance.options)}`);
  }
  if (problems.length > 0) {
    throw registrationTypeError(plugin, `exporter class ${className} is not a valid exporter: ${problems.join('; ')}`);
  }
  return {
    className,
    name: instance.name as string,
    description: instance.description as string,
    optionsSchema: instance.options as ZodType | undefined,
  };
}

/** What is wrong with an exporter's steps, checked at registration as at run time; undefined when nothing is. */
function stepsProblem(instance: object): string | undefined {
  try {
    exporterSteps(instance);
    return undefined;
  } catch (thrown) {
    return describeThrown(thrown);
  }
}
