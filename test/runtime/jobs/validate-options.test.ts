import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { IdahPluginError } from '../../../runtime/errors.ts';
import { closestKey } from '../../../runtime/jobs/unknown-option-keys.ts';
import { validateOptions } from '../../../runtime/jobs/validate-options.ts';

const yoloLike = z.object({
  include_medias: z.enum(['none', 'original']).default('original'),
  on_error: z.enum(['fail', 'skip']).default('fail'),
  task: z.enum(['detect', 'segment']).default('detect'),
});

function problemsOf(run: () => unknown): string[] {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(IdahPluginError);
    expect((error as IdahPluginError).code).toBe('OPTIONS_INVALID');
    return ((error as IdahPluginError).details as { problems: string[] }).problems;
  }
  throw new Error('expected validateOptions to throw');
}

describe('validateOptions: unknown keys', () => {
  it('names an unknown key with a did-you-mean and the known options, instead of exporting with the default', () => {
    expect(problemsOf(() => validateOptions(yoloLike, { tsk: 'segment' }, 'yolo'))).toEqual([
      'options.tsk: unknown option; did you mean "task"? (known options: include_medias, on_error, task)',
    ]);
  });

  it('lists every unknown key beside the invalid values, and suggests nothing for a far-off key', () => {
    const problems = problemsOf(() => validateOptions(yoloLike, { 'include-medias': 'none', colour: 'red', task: 'pose' }));
    expect(problems[0]).toMatch(/^options\.include-medias: unknown option; did you mean "include_medias"\?/);
    expect(problems[1]).toMatch(/^options\.colour: unknown option; \(known options:/);
    expect(problems[2]).toMatch(/^options\.task: /);
  });

  it('accepts declared keys, also through a default or a pipe wrapper, and loose objects take any key', () => {
    expect(validateOptions(yoloLike, { task: 'segment' })).toMatchObject({ task: 'segment', include_medias: 'original' });
    const piped = yoloLike.transform((value) => value);
    expect(() => validateOptions(piped, { tsk: 1 })).toThrow(/did you mean "task"/);
    expect(validateOptions(z.looseObject({ a: z.number().optional() }), { b: 1 })).toEqual({ b: 1 });
  });

  it('says when an exporter takes no options at all', () => {
    expect(problemsOf(() => validateOptions(z.object({}), { format: 'x' }))).toEqual(['options.format: unknown option; (this exporter takes no options)']);
  });

  it('closestKey ignores case and -/_ and stays within a third of the length', () => {
    expect(closestKey('ON-ERROR', ['on_error', 'task'])).toBe('on_error');
    expect(closestKey('pixelbase', ['pixel_base'])).toBe('pixel_base');
    expect(closestKey('xyz', ['task'])).toBeUndefined();
  });
});
