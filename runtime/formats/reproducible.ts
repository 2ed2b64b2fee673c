import type { ExportIo } from '../io/export-io.ts';

/**
 * The one timestamp of reproducible outputs (file contents and zip entries). Inside DOS time's
 * range whatever the time zone (zip dates are local time, from 1980).
 */
export const REPRODUCIBLE_DATE = new Date('2000-01-01T00:00:00.000Z');

/** The creation time to write into an output: fixed when reproducible, now otherwise. */
export function outputTimestamp(reproducible: boolean): Date {
  return reproducible ? new Date(REPRODUCIBLE_DATE) : new Date();
}

/**
 * Zips the output directory. Reproducible: every entry stamped with REPRODUCIBLE_DATE, so the
 * same files give the same bytes. Otherwise the host zips it after export() returns, as usual.
 */
export async function zipImageExport(io: ExportIo, reproducible: boolean): Promise<void> {
  if (reproducible) await io.zipDirectory({ fixedDate: REPRODUCIBLE_DATE });
}

/** The options for io.writeEntry(): the fixed date when reproducible, the io's default otherwise. */
export function entryOptions(reproducible: boolean): { date?: Date } {
  return reproducible ? { date: REPRODUCIBLE_DATE } : {};
}
