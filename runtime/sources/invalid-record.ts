import { describeThrown, IdahPluginError, isIdahPluginError } from '../errors.ts';

/**
 * A record a source could not read (invalid or too deep JSON, a duplicate id): the source hands
 * out a stand-in carrying its ids and the error, so one bad row does not fail the batch it was
 * read with. The export context never gives a stand-in to an exporter: it goes to the `on_error`
 * policy (skip and report, or fail) when the exporter reaches it.
 */
const INVALID = Symbol('idah-plugin.invalid-record');

/** Which record an error is about, as a job's `skipped` item names it. */
export interface RecordPlace {
  table: string;
  id: string;
  column?: string;
}

export function markInvalid<T extends object>(standIn: T, error: IdahPluginError): T {
  if (invalidityOf(standIn)) return standIn; // the first problem found is the one reported
  Object.defineProperty(standIn, INVALID, { value: error, enumerable: false });
  return standIn;
}

/** The error a stand-in carries, or undefined for a record read well. */
export function invalidityOf(record: object): IdahPluginError | undefined {
  return (record as { [INVALID]?: IdahPluginError })[INVALID];
}

/**
 * Runs a row mapping; a RECORD_INVALID (or a RangeError from a value too deep for the mapping)
 * becomes the stand-in `standIn()` marked with the error. Anything else is rethrown.
 */
export function readRecord<T extends object>(map: () => T, standIn: () => T, place: RecordPlace): T {
  try {
    return map();
  } catch (error) {
    if (isIdahPluginError(error, 'RECORD_INVALID')) return markInvalid(standIn(), error);
    if (error instanceof RangeError) return markInvalid(standIn(), recordInvalid(place, `could not be read: ${describeThrown(error)}`, error));
    throw error;
  }
}

export const recordInvalid = (place: RecordPlace, problem: string, cause?: unknown): IdahPluginError =>
  new IdahPluginError('RECORD_INVALID', `UPD: ${place.table}${place.column ? `.${place.column}` : ''} of "${place.id}": ${problem}`, {
    cause,
    details: { ...place },
  });

/** The record an error names (from its details), for a skipped item. */
export function placeOf(error: unknown): RecordPlace | undefined {
  if (!isIdahPluginError(error)) return undefined;
  const details = error.details as Partial<RecordPlace> | undefined;
  if (typeof details?.table !== 'string' || typeof details.id !== 'string') return undefined;
  return { table: details.table, id: details.id, ...(typeof details.column === 'string' ? { column: details.column } : {}) };
}
