import { posix } from 'node:path';
import { IdahPluginError } from '../errors.ts';
import { sanitizeFileName } from './file-name.ts';

/**
 * The rules for every path or name an exporter hands to io. `what` names the call in messages
 * ("io.writeFile()"), so an author sees which call got what.
 */

function invalid(what: string, expected: string, got: string, plugin: string | undefined): IdahPluginError {
  return new IdahPluginError('IO_PATH_INVALID', `${what} expected ${expected}, got ${got}`, { plugin });
}

function checkBasics(value: unknown, what: string, expected: string, plugin: string | undefined): string {
  if (typeof value !== 'string') throw invalid(what, expected, `a ${value === null ? 'null' : typeof value}`, plugin);
  if (value === '') throw invalid(what, expected, 'an empty string', plugin);
  if (value.includes('\0')) throw invalid(what, expected, `${JSON.stringify(value)}, which contains a NUL character`, plugin);
  return value;
}

/**
 * A relative path inside the output, as `/`-separated sanitised segments.
 * Only `/` separates; a `\` is a character, replaced like other Windows-invalid ones.
 */
export function checkRelativePath(value: unknown, what: string, plugin?: string): string {
  const expected = 'a relative path inside the output directory';
  const text = checkBasics(value, what, expected, plugin);
  if (text.startsWith('/') || text.startsWith('\\') || /^[A-Za-z]:([\\/]|$)/.test(text)) {
    throw invalid(what, expected, `the absolute path ${JSON.stringify(text)}`, plugin);
  }
  const normalized = posix.normalize(text).replace(/\/+$/, '');
  if (normalized === '..' || normalized.startsWith('../')) {
    throw invalid(what, expected, `${JSON.stringify(text)}, which climbs out of it`, plugin);
  }
  if (normalized === '.' || normalized === '') {
    throw invalid(what, expected, `${JSON.stringify(text)}, which names the directory itself`, plugin);
  }
  return normalized.split('/').map(sanitizeFileName).join('/');
}

/** A plain file name (no directories), sanitised. */
export function checkPlainName(value: unknown, what: string, plugin?: string): string {
  const expected = 'a plain file name such as "annotations.json"';
  const text = checkBasics(value, what, expected, plugin);
  if (text.includes('/')) throw invalid(what, expected, `${JSON.stringify(text)}, which contains "/"`, plugin);
  if (text === '.' || text === '..') throw invalid(what, expected, JSON.stringify(text), plugin);
  return sanitizeFileName(text);
}
