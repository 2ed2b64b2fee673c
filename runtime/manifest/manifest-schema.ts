import { z } from 'zod';

/**
 * The shape of a plugin's `manifest.json` (reference §2). Objects are loose: fields we do not
 * know are kept as they are, so a manifest written for a newer platform still loads.
 * Custom messages start with "expected"; the formatter appends what was found.
 */

/** kebab-case starting with a letter: `my-plugin`, `coco2`. */
export const PLUGIN_NAME_PATTERN = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/;
/** What `<Module>::<Class>` ids are built from: `MyPlugin`, `Coco_2`. */
export const BACKEND_MODULE_PATTERN = /^[A-Za-z][A-Za-z0-9_]*$/;
export const DEFAULT_DESCRIPTION = 'no description provided';

const nonEmptyString = z.string().min(1, { error: 'expected a non-empty string' });

/** A relative path that stays inside the plugin folder (no `/abs`, no `../`). */
const pathInsidePlugin = nonEmptyString.refine(
  (path) => !/^([/\\]|[A-Za-z]:)/.test(path) && !path.split(/[/\\]/).includes('..'),
  { error: 'expected a relative path inside the plugin folder (e.g. "backends")' },
);

const scriptAndStyle = z.looseObject({
  script: z.string().optional(),
  style: z.string().optional(),
});

const shape = z.looseObject({
  label: nonEmptyString,
  icon: z.string().optional(),
});

const modality = z.looseObject({
  id: nonEmptyString,
  label: z.string().optional(),
  description: z.string().optional(),
  shapes: z.record(z.string(), shape).optional(),
});

const repository = z.looseObject({
  type: z.string().optional(),
  url: z.string().optional(),
});

const backend = z.looseObject({
  module: z.string().regex(BACKEND_MODULE_PATTERN, {
    error: 'expected a module name of letters, digits and underscores starting with a letter (e.g. "MyPlugin")',
  }),
  path: pathInsidePlugin,
});

const entryPoints = z.looseObject({
  entryPlugin: scriptAndStyle.optional(),
  entryDetails: scriptAndStyle.optional(),
  // Frontend entries whose inner shape the host never reads: kept as given.
  datasetConfig: z.unknown().optional(),
  pluginShortcut: z.unknown().optional(),
  assetsDirectory: z.string().optional(),
  backend: backend.optional(),
});

export const manifestSchema = z.looseObject({
  type: z.literal('idah-plugin'),
  name: z.string().regex(PLUGIN_NAME_PATTERN, {
    error: 'expected a kebab-case name starting with a letter (e.g. "my-plugin")',
  }),
  version: nonEmptyString,
  title: nonEmptyString,
  description: z.string().default(DEFAULT_DESCRIPTION),
  modalities: z.array(modality).optional(),
  repository: repository.optional(),
  entryPoints,
});

export type Manifest = z.output<typeof manifestSchema>;
export type ManifestBackend = NonNullable<Manifest['entryPoints']['backend']>;
export type ManifestModality = NonNullable<Manifest['modalities']>[number];
