import { IdahPluginError } from '../errors.ts';
import { formatIssues } from './format-issues.ts';
import { describeJsonSyntaxError } from './json-syntax.ts';
import { type Manifest, manifestSchema } from './manifest-schema.ts';

/**
 * Validates an already-parsed manifest. Every problem is reported at once, in one
 * MANIFEST_INVALID error; `details.problems` holds the lines for callers that list them.
 */
export function parseManifest(json: unknown, file: string): Manifest {
  const result = manifestSchema.safeParse(json);
  if (result.success) return result.data;
  const problems = formatIssues(result.error.issues, json);
  // The name, even an invalid one, tells a reader which plugin the report is about.
  const pluginName = (json as { name?: unknown } | null)?.name;
  throw new IdahPluginError(
    'MANIFEST_INVALID',
    `${file} is not a valid plugin manifest (${problems.length} ${problems.length === 1 ? 'problem' : 'problems'}):\n${problems.map((line) => `  - ${line}`).join('\n')}`,
    { details: { file, problems, ...(typeof pluginName === 'string' ? { pluginName } : {}) } },
  );
}

/** Parses the text of a manifest file; a JSON syntax error names the line and column. */
export function parseManifestText(text: string, file: string): Manifest {
  const withoutBom = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  let json: unknown;
  try {
    json = JSON.parse(withoutBom);
  } catch (cause) {
    throw new IdahPluginError(
      'MANIFEST_INVALID',
      `${file} is not valid JSON: ${describeJsonSyntaxError(withoutBom)}`,
      { cause, details: { file } },
    );
  }
  return parseManifest(json, file);
}
