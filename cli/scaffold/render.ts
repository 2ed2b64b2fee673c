import { readdir, readFile } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import Handlebars from 'handlebars';
import { IdahPluginError } from '../../runtime/errors.ts';
import type { ChangeSet } from './change-set.ts';
import type { ScaffoldVariables } from './variables.ts';

const TEMPLATE_SUFFIX = '.hbs';

/** Files a package manager or git would drop or act on if shipped under their real names. */
const RENAMED_ON_OUTPUT: Record<string, string> = { _gitignore: '.gitignore' };

const handlebars = Handlebars.create();
// `{{quote pluginDisplayName " Export"}}` joins its arguments into one JSON string literal,
// which is also a valid TypeScript string: user text with quotes cannot break the file.
handlebars.registerHelper('quote', (...args: unknown[]) => JSON.stringify(args.slice(0, -1).join('')));

/** Renders one template text; an unknown placeholder is an error (strict), nothing is HTML-escaped. */
export function renderText(source: string, variables: ScaffoldVariables, origin: string): string {
  try {
    return handlebars.compile(source, { noEscape: true, strict: true })(variables);
  } catch (error) {
    throw new IdahPluginError(
      'SCAFFOLD_FAILED',
      `template ${origin} did not render: ${error instanceof Error ? error.message : String(error)}`,
      { cause: error },
    );
  }
}

/** `{{pluginFilename}}/sync.ts.hbs` -> `my_plugin/sync.ts`; `_gitignore.hbs` -> `.gitignore`. */
export function renderPath(relativePath: string, variables: ScaffoldVariables): string {
  return relativePath
    .split('/')
    .map((segment) => {
      const rendered = renderText(segment, variables, relativePath);
      const bare = rendered.endsWith(TEMPLATE_SUFFIX) ? rendered.slice(0, -TEMPLATE_SUFFIX.length) : rendered;
      return RENAMED_ON_OUTPUT[bare] ?? bare;
    })
    .join('/');
}

/**
 * Renders every file under `templateFolder` into a change set rooted at `destination`
 * (a relative folder, '' for the root). `.hbs` files are rendered; others are copied as bytes.
 */
export async function renderTemplateFolder(
  templateFolder: string,
  variables: ScaffoldVariables,
  destination = '',
): Promise<ChangeSet> {
  const changes: ChangeSet = [];
  for (const relativePath of await listFiles(templateFolder)) {
    const source = await readFile(join(templateFolder, relativePath));
    const target = renderPath(relativePath, variables);
    changes.push({
      path: destination ? `${destination}/${target}` : target,
      contents: relativePath.endsWith(TEMPLATE_SUFFIX)
        ? renderText(source.toString('utf8'), variables, relativePath)
        : source,
    });
  }
  // In output order (`.gitignore` among the rest), so plans read like a folder listing.
  return changes.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/** Every file below `folder`, as sorted `/`-separated relative paths. */
async function listFiles(folder: string): Promise<string[]> {
  const entries = await readdir(folder, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => relative(folder, join(entry.parentPath, entry.name)).split(sep).join('/'))
    .sort();
}
