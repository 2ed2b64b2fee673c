import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { IdahPluginError } from '../../../runtime/errors.ts';
import { closestKey } from '../../../runtime/jobs/closest-key.ts';
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

  it('names the current option for a name other exporters use for the same idea', () => {
    const jsonLike = z.object({ pretty: z.boolean().default(false), entry_status: z.array(z.string()).optional() });
    const updLike = jsonLike.extend({ completed_entries: z.boolean().default(false) });
    expect(problemsOf(() => validateOptions(updLike, { only_completed: true, 'completed-only': true }))).toEqual([
      'options.only_completed: unknown option; did you mean "completed_entries"? (known options: pretty, entry_status, completed_entries)',
      'options.completed-only: unknown option; did you mean "completed_entries"? (known options: pretty, entry_status, completed_entries)',
    ]);
    expect(problemsOf(() => validateOptions(jsonLike, { completed_entries: true, statuses: ['a'] }))).toEqual([
      'options.completed_entries: unknown option; did you mean "entry_status" (as entry_status=["completed"])? (known options: pretty, entry_status)',
      'options.statuses: unknown option; did you mean "entry_status"? (known options: pretty, entry_status)',
    ]);
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
