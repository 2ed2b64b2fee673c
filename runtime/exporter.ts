import type { ZodType } from 'zod';
import type { ExportContext } from './context/export-context.ts';
import type { ExportStep } from './steps/export-step.ts';
import type { StepRegistry } from './steps/step-registry.ts';

/**
 * What a plugin author writes: a class with a zero-argument constructor.
 * `options` is a zod schema; the host validates `context.options` with it (defaults applied)
 * before `export` runs, and lists it as JSON Schema in `formats`.
 */
export interface Exporter<Options = Record<string, unknown>> {
  readonly name: string;
  readonly description: string;
  readonly options?: ZodType<Options>;
  export(context: ExportContext<Options>): unknown;
}

/**
 * An exporter written as steps instead of one `export(context)`: a `steps` list, a
 * `setupSteps(registry)` hook (`register`, `insertBefore`, `insertAfter`, `unregister`), or both
 * (the hook then edits the list). Steps run in order with weighted progress, and roll back in
 * reverse when the export fails or is cancelled.
 */
export interface StepExporter<Options = Record<string, unknown>> {
  readonly name: string;
  readonly description: string;
  readonly options?: ZodType<Options>;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- each step has its own result type.
  readonly steps?: ReadonlyArray<ExportStep<Options, any>>;
  setupSteps?(registry: StepRegistry<Options>): void;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- `any` lets classes with their own option types fit one registry.
export type ExporterClass<Options = any> = new () => Exporter<Options> | StepExporter<Options>;

/** Which dataset modalities an exporter serves: exact names, patterns, or a list of both. */
export type ModalitySelector = string | RegExp | ReadonlyArray<string | RegExp>;

export function selectorMatches(selector: ModalitySelector, modality: string): boolean {
  const parts = typeof selector === 'string' || selector instanceof RegExp ? [selector] : selector;
  return parts.some((part) => {
    if (typeof part === 'string') return part === modality;
    part.lastIndex = 0;
    return part.test(modality);
  });
}

export function describeSelector(selector: ModalitySelector): string {
  const parts = typeof selector === 'string' || selector instanceof RegExp ? [selector] : selector;
  return parts.map((part) => (typeof part === 'string' ? JSON.stringify(part) : String(part))).join(', ');
}
