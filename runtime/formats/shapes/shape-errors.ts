import { IdahPluginError } from '../../errors.ts';

/** A shape that is not as IDAH stores it; the message says what was expected and what came. */
export function invalidShape(message: string): IdahPluginError {
  return new IdahPluginError('SOURCE_INVALID', message);
}

/** A short JSON rendering of a bad value, for error messages. */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  const text = JSON.stringify(value);
  return text === undefined ? String(value) : text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

export const isFiniteNumber = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value);
