import { IdahPluginError } from '../errors.ts';
import { formatOf } from './file-name.ts';
import { defaultOutputName } from './output-name.ts';
import { checkPlainName } from './path-rules.ts';

export interface FileOptions {
  /** Extension without dot: "json". */
  format?: string;
  /** A readable file name: "annotations.json". */
  name?: string;
}

export interface PlannedFile {
  name: string;
  format: string;
}

const FORMAT_PATTERN = /^[a-z0-9][a-z0-9_+-]*(\.[a-z0-9_+-]+)*$/i;

/** The checked format (lowercase, no leading dot), or undefined when none was given. */
export function checkFormat(format: unknown, what: string, plugin?: string): string | undefined {
  if (format === undefined) return undefined;
  const text = typeof format === 'string' ? format.replace(/^\./, '') : '';
  if (!FORMAT_PATTERN.test(text)) {
    throw new IdahPluginError(
      'IO_PATH_INVALID',
      `${what} expected format to be a file extension such as "json", got ${JSON.stringify(format) ?? String(format)}`,
      { plugin },
    );
  }
  return text.toLowerCase();
}

/**
 * The output file a file() call asks for, or undefined when it asks for nothing in particular.
 * A name gets `.<format>` appended unless it already ends with it; with no name the default
 * readable name is used.
 */
export function planOutputFile(
  options: FileOptions,
  defaults: { exporterSlug: string; now: Date },
  plugin?: string,
): PlannedFile | undefined {
  const what = 'io.file()';
  const format = checkFormat(options.format, what, plugin);
  const name = options.name === undefined ? undefined : checkPlainName(options.name, what, plugin);
  if (name === undefined) {
    return format === undefined ? undefined : { name: defaultOutputName(defaults.exporterSlug, defaults.now, format), format };
  }
  if (format !== undefined) {
    const named = name.toLowerCase().endsWith(`.${format}`) ? name : `${name}.${format}`;
    return { name: named, format };
  }
  const implied = formatOf(name);
  if (!implied) {
    throw new IdahPluginError(
      'IO_MISUSE',
      `${what} expected a format (e.g. { format: "json" }) or a name with an extension, got the name ${JSON.stringify(name)} and no format`,
      { plugin },
    );
  }
  return { name, format: implied };
}
