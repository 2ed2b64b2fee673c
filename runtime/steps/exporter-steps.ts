import { describeThrown, isIdahPluginError } from '../errors.ts';
import type { ExportStep } from './export-step.ts';
import { StepRegistry, stepsError } from './step-registry.ts';

/**
 * The steps an exporter instance declares: its `steps` list, then whatever its `setupSteps(registry)`
 * hook registers, inserts or removes. Undefined for an exporter with `export(context)` instead.
 * A bad list (no steps, a bad step, a duplicate name, both `export` and steps) is a REGISTRATION_INVALID error.
 */
export function exporterSteps(exporter: object, plugin?: string): ReadonlyArray<ExportStep> | undefined {
  const candidate = exporter as { export?: unknown; steps?: unknown; setupSteps?: unknown };
  const declaresSteps = candidate.steps !== undefined || candidate.setupSteps !== undefined;
  if (!declaresSteps) return undefined;
  if (typeof candidate.export === 'function') {
    throw stepsError('an exporter has either export(context) or steps (a steps list or a setupSteps(registry) hook), not both', plugin);
  }
  if (candidate.steps !== undefined && !Array.isArray(candidate.steps)) {
    throw stepsError(`expected "steps" to be an array of steps, found ${typeof candidate.steps}`, plugin);
  }
  if (candidate.setupSteps !== undefined && typeof candidate.setupSteps !== 'function') {
    throw stepsError(`expected "setupSteps" to be a method setupSteps(registry), found ${typeof candidate.setupSteps}`, plugin);
  }
  const registry = new StepRegistry({ plugin });
  for (const step of (candidate.steps as unknown[] | undefined) ?? []) registry.register(step as ExportStep);
  if (typeof candidate.setupSteps === 'function') {
    try {
      (candidate.setupSteps as (registry: StepRegistry) => unknown).call(exporter, registry);
    } catch (thrown) {
      if (isIdahPluginError(thrown)) throw thrown;
      throw stepsError(`setupSteps(registry) threw: ${describeThrown(thrown)}`, plugin);
    }
  }
  if (registry.steps.length === 0) throw stepsError('expected at least one step, got none', plugin);
  return registry.steps;
}
