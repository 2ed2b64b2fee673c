import { IdahPluginError } from '../errors.ts';

/**
 * Thrown by `context.error(message)`: unwinds the export at once. The job fails with
 * exactly `message`, even if the exporter catches this and carries on.
 */
export class ExportFailureSignal extends IdahPluginError {
  constructor(message: string, plugin?: string) {
    super('EXPORT_FAILED', message, { plugin });
    // The job's error is the exporter's text as given, with no prefix.
    this.message = message;
  }
}

/** Thrown by `context.reschedule({ after })`: the job goes back to pending and runs again later. */
export class RescheduleSignal extends Error {
  readonly afterMs: number;

  constructor(afterMs: number) {
    super(`export asked to run again in ${afterMs} ms`);
    this.name = 'RescheduleSignal';
    this.afterMs = afterMs;
  }
}

const MAX_DELAY_MS = 60 * 60 * 1000;
const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** Reads a delay: milliseconds as a number, or a string with a unit (`250ms`, `30s`, `5m`, `1h`). */
export function parseDelay(after: unknown): number {
  let ms: number | undefined;
  if (typeof after === 'number') ms = after;
  if (typeof after === 'string') {
    const match = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h)\s*$/.exec(after);
    if (match) ms = Number(match[1]) * (UNIT_MS[match[2] as string] ?? 1);
  }
  if (ms === undefined || !Number.isFinite(ms) || ms < 0 || ms > MAX_DELAY_MS) {
    throw new IdahPluginError(
      'IO_MISUSE',
      `reschedule: "after" expected milliseconds (0 to ${MAX_DELAY_MS}) or a string like "30s", "5m", got ${JSON.stringify(after)}`,
    );
  }
  return Math.round(ms);
}
