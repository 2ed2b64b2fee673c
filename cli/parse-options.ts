import { IdahPluginError } from '../runtime/errors.ts';

/** A `--option` value: JSON when it parses as JSON (`true`, `3`, `["a"]`), otherwise the text itself. */
function parseValue(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/**
 * Builds exporter options from `--options-json` and repeated `--option key=value`
 * (later wins; `a.b=1` sets a nested field).
 */
export function parseExporterOptions(pairs: readonly string[], optionsJson: string | undefined): Record<string, unknown> {
  let options: Record<string, unknown> = {};
  if (optionsJson !== undefined) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(optionsJson);
    } catch (error) {
      throw new IdahPluginError('USAGE', `--options-json: expected a JSON object, got invalid JSON (${(error as Error).message})`);
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
      throw new IdahPluginError('USAGE', `--options-json: expected a JSON object, got ${optionsJson}`);
    }
    options = parsed as Record<string, unknown>;
  }
  for (const pair of pairs) {
    const separator = pair.indexOf('=');
    if (separator <= 0) {
      throw new IdahPluginError('USAGE', `--option: expected key=value, got "${pair}"`);
    }
    const path = pair.slice(0, separator).split('.');
    let target = options;
    for (const key of path.slice(0, -1)) {
      const next = target[key];
      target = (typeof next === 'object' && next !== null ? next : (target[key] = {})) as Record<string, unknown>;
    }
    target[path.at(-1) as string] = parseValue(pair.slice(separator + 1));
  }
  return options;
}

/** `--datasets all` or `--datasets a,b`. */
export function parseDatasetIds(value: string | undefined): string[] | 'all' {
  if (value === undefined || value.trim() === 'all') return 'all';
  const ids = value.split(',').map((id) => id.trim()).filter(Boolean);
  if (ids.length === 0) throw new IdahPluginError('USAGE', `--datasets: expected "all" or ids separated by commas, got "${value}"`);
  return ids;
}

/** Collects a repeatable flag's values. */
export const collect = (value: string, previous: string[] = []) => [...previous, value];
