// What an exporter can reach at run time: the context's io is the author's half only, and the
// stop an exporter asked for is the host's to read. Types say so (plugin-api.test-d.ts); this
// checks the objects a real job hands out, so a plugin in plain JavaScript or with a cast cannot
// stage or delete its own output either.
import { describe, expect, it } from 'vitest';
import type { ExportContext } from '../../runtime/index.ts';
import { runExport } from '../../runtime/testing/index.ts';

const seen: { io: string[]; context: string[]; finalize: string; dispose: string; requestedStop: boolean }[] = [];

class Inspect {
  name = 'Inspect';
  description = 'Records what its context offers';
  export(context: ExportContext): void {
    const io = context.io as unknown as Record<string, unknown>;
    const members = (value: object) => {
      const names = new Set<string>(Object.keys(value));
      for (let proto = Object.getPrototypeOf(value); proto && proto !== Object.prototype; proto = Object.getPrototypeOf(proto)) {
        for (const name of Object.getOwnPropertyNames(proto)) if (name !== 'constructor') names.add(name);
      }
      return [...names].sort();
    };
    seen.push({
      io: members(context.io),
      context: members(context),
      finalize: typeof io.finalize,
      dispose: typeof io.dispose,
      requestedStop: 'requestedStop' in context,
    });
    context.io.file({ format: 'txt' });
  }
}

describe('the context a job hands an exporter', () => {
  it('offers the author methods of io and no host-only member', async () => {
    const result = await runExport(Inspect, { datasets: [{ id: 'd1', entries: [] }] });
    expect(result.job.status, result.job.error ?? '').toBe('completed');
    const [inspected] = seen;
    expect(inspected?.io).toEqual(['cleanup', 'directory', 'file', 'mode', 'resolve', 'tempPath', 'useFile', 'writeEntry', 'writeFile', 'zipDirectory']);
    expect(inspected).toMatchObject({ finalize: 'undefined', dispose: 'undefined', requestedStop: false });
    expect(inspected?.context).not.toContain('requestedStop');
  });
});
