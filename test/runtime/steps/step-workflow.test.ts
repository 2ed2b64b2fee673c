import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ExportContext, ExportStep, StepExporter } from '../../../runtime/index.ts';
import type { StepRegistry } from '../../../runtime/steps/step-registry.ts';
import { runExport } from '../../../runtime/testing/index.ts';

const datasets = [{ name: 'streets', entries: [{ name: 'a' }, { name: 'b' }, { name: 'c' }, { name: 'd' }] }];

afterEach(() => {
  vi.useRealTimers();
});

type Step = ExportStep<Record<string, unknown>, unknown>;

/** An exporter class over the given steps (built fresh per run, as the host does). */
function stepExporter(makeSteps: () => Step[]) {
  return class StepsUnderTest implements StepExporter {
    name = 'Steps under test';
    description = 'steps';
    steps = makeSteps();
  };
}

/** A step that records its run and rollback in `trail`. */
function traced(trail: string[], name: string, extra: Partial<Step> = {}): Step {
  return {
    name,
    progressWeight: 1,
    run: () => {
      trail.push(`run ${name}`);
      return `${name} result`;
    },
    rollback: (_context, result) => {
      trail.push(`rollback ${name} (${String(result)})`);
    },
    ...extra,
  };
}

describe('step workflows', () => {
  it('runs the steps in order, lists each with its timing, and rolls nothing back on success', async () => {
    const trail: string[] = [];
    const result = await runExport(stepExporter(() => ['fetch', 'convert', 'save'].map((name) => traced(trail, name))), { datasets });
    expect(result.status).toBe('completed');
    expect(trail).toEqual(['run fetch', 'run convert', 'run save']);
    expect(result.steps.map((step) => [step.name, step.status])).toEqual([
      ['fetch', 'completed'],
      ['convert', 'completed'],
      ['save', 'completed'],
    ]);
    for (const step of result.steps) {
      expect(Date.parse(step.finished_at!)).toBeGreaterThanOrEqual(Date.parse(step.started_at!));
      expect(step.duration_ms).toBeGreaterThanOrEqual(0);
      expect(step.error).toBeNull();
    }
    const stepEvents = result.events.filter((event) => event.event === 'step');
    expect(stepEvents.map((event) => `${event.step.name}:${event.step.status}`)).toEqual([
      'fetch:running', 'fetch:completed', 'convert:running', 'convert:completed', 'save:running', 'save:completed',
    ]);
  });

  it('scales each step\'s own progress (set, or read from entries) into its weight, monotonic', async () => {
    // Past the 100 ms report throttle on vitest's clock, moved by the steps themselves.
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
    const seen: number[] = [];
    const result = await runExport(
      stepExporter(() => [
        {
          name: 'prepare',
          progressWeight: 1,
          run: async (context: ExportContext) => {
            context.progress = 0.5;
            seen.push(context.progress);
            vi.advanceTimersByTime(150);
          },
        },
        {
          name: 'read',
          progressWeight: 3,
          run: async (context: ExportContext) => {
            for await (const dataset of context.datasets) {
              for await (const entry of dataset.entries()) {
                void entry;
                vi.advanceTimersByTime(120);
              }
            }
          },
        },
      ]),
      { datasets },
    );
    expect(result.status).toBe('completed');
    expect(seen).toEqual([0.5]);
    const near = (value: number) => result.progress.some((reported) => Math.abs(reported - value) < 1e-9);
    // prepare: 0.5 of its quarter; read: each of 4 entries is a quarter of the remaining three quarters.
    expect(near(0.125)).toBe(true);
    for (const value of [0.25 + 0.75 / 4, 0.25 + 0.75 / 2, 0.25 + (0.75 * 3) / 4]) expect(near(value)).toBe(true);
    expect(result.progress.at(-1)).toBe(1);
    for (let index = 1; index < result.progress.length; index += 1) {
      expect(result.progress[index]).toBeGreaterThanOrEqual(result.progress[index - 1]!);
    }
  });

  it('rolls back in reverse every step that ran, the failing one included, best effort; the job fails with the original error', async () => {
    const trail: string[] = [];
    const result = await runExport(
      stepExporter(() => [
        traced(trail, 'initialize'),
        traced(trail, 'fetch', { canSkip: () => true }),
        traced(trail, 'convert', {
          rollback: () => {
            trail.push('rollback convert');
            throw new Error('could not remove the converted files');
          },
        }),
        traced(trail, 'no-undo', { rollback: undefined }),
        traced(trail, 'save', {
          run: () => {
            trail.push('run save');
            throw new Error('disk full');
          },
        }),
        traced(trail, 'finalize'),
      ]),
      { datasets },
    );
    expect(result.status).toBe('errored');
    expect(result.error).toBe('disk full');
    expect(result.job.error_code).toBe('EXPORT_THREW');
    expect(trail).toEqual([
      'run initialize',
      'run convert',
      'run no-undo',
      'run save',
      'rollback save (undefined)',
      'rollback convert',
      'rollback initialize (initialize result)',
    ]);
    expect(result.steps.map(({ name, status, error, rollback_error }) => ({ name, status, error, rollback_error }))).toEqual([
      { name: 'initialize', status: 'rolled_back', error: null, rollback_error: null },
      { name: 'fetch', status: 'skipped', error: null, rollback_error: null },
      { name: 'convert', status: 'rollback_failed', error: null, rollback_error: 'could not remove the converted files' },
      { name: 'no-undo', status: 'completed', error: null, rollback_error: null },
      { name: 'save', status: 'rolled_back', error: 'disk full', rollback_error: null },
      { name: 'finalize', status: 'pending', error: null, rollback_error: null },
    ]);
  });

  it('a step that throws a non-Error fails the job with a readable message, and still rolls back', async () => {
    const trail: string[] = [];
    const result = await runExport(
      stepExporter(() => [
        traced(trail, 'first'),
        traced(trail, 'second', {
          run: () => {
            throw { reason: 'quota' };
          },
          rollback: () => {
            trail.push('rollback second');
            throw 'rollback as a string';
          },
        }),
      ]),
      { datasets },
    );
    expect(result.status).toBe('errored');
    expect(result.error).toBe('the export threw a non-Error value: {"reason":"quota"}');
    expect(trail).toEqual(['run first', 'rollback second', 'rollback first (first result)']);
    expect(result.steps[1]).toMatchObject({ status: 'rollback_failed', error: result.error, rollback_error: 'rollback as a string' });
  });

  it('context.error() in a step rolls back and fails the job with exactly its message', async () => {
    const trail: string[] = [];
    const result = await runExport(
      stepExporter(() => [traced(trail, 'first'), traced(trail, 'check', { run: (context: ExportContext) => context.error('no labels to export') })]),
      { datasets },
    );
    expect(result.status).toBe('errored');
    expect(result.error).toBe('no labels to export');
    expect(result.job.error_code).toBe('EXPORT_FAILED');
    expect(trail).toEqual(['run first', 'rollback check (undefined)', 'rollback first (first result)']);
  });

  it('cancellation in the middle of a step rolls back that step and the ones before it', async () => {
    const trail: string[] = [];
    const controller = new AbortController();
    const result = await runExport(
      stepExporter(() => [
        traced(trail, 'first'),
        traced(trail, 'long', {
          run: async (context: ExportContext) => {
            trail.push('run long');
            setTimeout(() => controller.abort(new Error('stop')), 20);
            // Reads until cancelled: iteration throws once the signal is aborted.
            await new Promise((_, reject) => context.signal.addEventListener('abort', () => reject(context.signal.reason), { once: true }));
          },
        }),
        traced(trail, 'never'),
      ]),
      { datasets, signal: controller.signal },
    );
    expect(result.status).toBe('cancelled');
    expect(trail).toEqual(['run first', 'run long', 'rollback long (undefined)', 'rollback first (first result)']);
    expect(result.steps.map((step) => step.status)).toEqual(['rolled_back', 'rolled_back', 'pending']);
    expect(result.steps[1]?.error).toBe('stop');
  });

  it('a step that ignores cancellation gets its grace time, then the rollback runs anyway', async () => {
    const trail: string[] = [];
    const controller = new AbortController();
    let release = () => {};
    const result = await runExport(
      stepExporter(() => [
        traced(trail, 'stubborn', {
          run: async () => {
            setTimeout(() => controller.abort(), 10);
            await new Promise<void>((resolve) => {
              release = resolve;
            });
          },
        }),
      ]),
      { datasets, signal: controller.signal, cancelGraceMs: 50 },
    );
    release();
    expect(result.status).toBe('cancelled');
    expect(trail).toEqual(['rollback stubborn (undefined)']);
    expect(result.steps[0]?.status).toBe('rolled_back');
  });

  it('setupSteps edits the list: register, insertBefore, insertAfter, unregister', async () => {
    const trail: string[] = [];
    class Edited implements StepExporter {
      name = 'Edited';
      description = 'steps from a base list, edited by the hook';
      steps = [traced(trail, 'fetch'), traced(trail, 'convert'), traced(trail, 'upload')];
      setupSteps(registry: StepRegistry) {
        registry.insertBefore('convert', traced(trail, 'validate')).insertAfter('convert', traced(trail, 'save')).unregister('upload').register(traced(trail, 'report'));
      }
    }
    const result = await runExport(Edited, { datasets });
    expect(result.status).toBe('completed');
    expect(trail).toEqual(['run fetch', 'run validate', 'run convert', 'run save', 'run report']);
  });

  it('a bad step list fails the job with REGISTRATION_INVALID naming the problem', async () => {
    const cases: Array<[() => Step[], RegExp]> = [
      [() => [traced([], 'a'), traced([], 'a')], /a step named "a" is already registered/],
      [() => [{ ...traced([], 'a'), progressWeight: 0 }], /step "a" is not a valid step: progressWeight: expected a finite number greater than 0, found number 0/],
      [() => [{ ...traced([], 'a'), progressWeight: Number.NaN }], /progressWeight: expected a finite number greater than 0, found number NaN/],
      [() => [{ name: 'b', progressWeight: 1 } as unknown as Step], /step "b" is not a valid step: run: expected a function run\(context\), found nothing \(the field is missing\)/],
      [() => [], /expected at least one step, got none/],
    ];
    for (const [steps, message] of cases) {
      const result = await runExport(stepExporter(steps), { datasets });
      expect(result.status).toBe('errored');
      expect(result.job.error_code).toBe('REGISTRATION_INVALID');
      expect(result.error).toMatch(message);
    }
  });
});

describe('step workflows and the host', () => {
  it('rolls back every step when what comes after them fails (the output vanished before publishing)', async () => {
    const trail: string[] = [];
    const result = await runExport(
      stepExporter(() => [
        traced(trail, 'write', { run: (context: ExportContext) => (trail.push('run write'), context.io.file({ format: 'txt' }).path) }),
        traced(trail, 'remove', {
          run: async (context: ExportContext) => {
            trail.push('run remove');
            const { rm } = await import('node:fs/promises');
            await rm(context.io.file().path);
          },
        }),
      ]),
      { datasets },
    );
    expect(result.status).toBe('errored');
    expect(result.error).toMatch(/is gone; do not delete the output/);
    expect(trail.slice(0, 2)).toEqual(['run write', 'run remove']);
    expect(trail.slice(2)).toEqual(['rollback remove (undefined)', expect.stringMatching(/^rollback write \(.+\.txt\)$/)]);
    expect(result.steps.map((step) => step.status)).toEqual(['rolled_back', 'rolled_back']);
  });

  it('a reschedule from a step rolls back, and the next run starts the steps afresh', async () => {
    const trail: string[] = [];
    let runs = 0;
    const result = await runExport(
      stepExporter(() => [
        traced(trail, 'first'),
        traced(trail, 'flaky', {
          run: (context: ExportContext) => {
            runs += 1;
            trail.push(`run flaky ${runs}`);
            if (runs === 1) context.reschedule({ after: 0 });
            context.metrics('data_file').markSuccess();
          },
        }),
      ]),
      { datasets },
    );
    expect(result.status).toBe('completed');
    expect(result.job.retry_count).toBe(1);
    expect(trail).toEqual(['run first', 'run flaky 1', 'rollback flaky (undefined)', 'rollback first (first result)', 'run first', 'run flaky 2']);
    expect(result.steps.map((step) => step.status)).toEqual(['completed', 'completed']);
    expect(result.metrics).toEqual({ data_file: { stand_by: 0, success: 1, failed: 0 } });
  });
});

it('a context.error() that a step swallows still fails the job and rolls the steps back', async () => {
  const trail: string[] = [];
  const result = await runExport(
    stepExporter(() => [
      traced(trail, 'swallows', {
        run: (context: ExportContext) => {
          try {
            context.error('no labels');
          } catch {
            trail.push('swallowed');
          }
          return 'done anyway';
        },
      }),
    ]),
    { datasets },
  );
  expect(result.status).toBe('errored');
  expect(result.error).toBe('no labels');
  expect(trail).toEqual(['swallowed', 'rollback swallows (done anyway)']);
});
