import { describe, expect, it } from 'vitest';
import type { ExportContext, Exporter } from '../../../runtime/index.ts';
import { runExport } from '../../../runtime/testing/index.ts';

const datasets = [{ name: 'd', entries: [{ name: 'a' }] }];

function exporterOf(body: (context: ExportContext) => unknown) {
  return class MetricsUnderTest implements Exporter {
    name = 'Metrics under test';
    description = 'metrics';
    export(context: ExportContext) {
      return body(context);
    }
  };
}

describe('context.metrics(category)', () => {
  it('counts in bulk and one by one, and the record carries the wire names', async () => {
    const result = await runExport(
      exporterOf((context) => {
        const originals = context.metrics('original_file').set({ standBy: 5 });
        originals.markSuccess(3).markFailed();
        originals.increment('failed', 2).increment('standBy', -10);
        expect([originals.standBy, originals.success, originals.failed]).toEqual([0, 3, 3]);
        expect(context.metrics('original_file')).toBe(originals);
        context.metrics('data_file').increment('success');
      }),
      { datasets },
    );
    expect(result.status).toBe('completed');
    expect(result.metrics).toEqual({ original_file: { stand_by: 0, success: 3, failed: 3 }, data_file: { stand_by: 0, success: 1, failed: 0 } });
    expect(result.job.metrics).toEqual(result.metrics);
  });

  it('throttles: ten thousand changes make a handful of metrics events, the last one exact', async () => {
    const result = await runExport(
      exporterOf((context) => {
        const counter = context.metrics('original_file').set({ standBy: 10_000 });
        for (let index = 0; index < 10_000; index += 1) counter.markSuccess();
      }),
      { datasets },
    );
    const events = result.events.filter((event) => event.event === 'metrics');
    expect(events.length).toBeGreaterThanOrEqual(1);
    expect(events.length).toBeLessThanOrEqual(2);
    expect(events.at(-1)?.metrics).toEqual({ original_file: { stand_by: 0, success: 10_000, failed: 0 } });
    expect(JSON.parse(JSON.stringify(events.at(-1)))).toEqual(events.at(-1));
  });

  it('refuses bad categories and counts with a clear error', async () => {
    const cases: Array<[(context: ExportContext) => unknown, string]> = [
      [(context) => context.metrics(''), 'context.metrics(category): expected a non-empty string such as "original_file", got ""'],
      [(context) => context.metrics('a').set({ success: -1 }), 'metrics("a").set: success: expected a whole number >= 0, got -1'],
      [(context) => context.metrics('a').markSuccess(1.5), 'metrics("a").markSuccess: expected a whole number >= 0, got 1.5'],
      [(context) => context.metrics('a').increment('done' as never), 'metrics("a").increment: expected standBy, success or failed, got "done"'],
    ];
    for (const [body, message] of cases) {
      const result = await runExport(exporterOf(body), { datasets });
      expect(result.error).toBe(message);
      expect(result.job.error_code).toBe('IO_MISUSE');
    }
  });
});
