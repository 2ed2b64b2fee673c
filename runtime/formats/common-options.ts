import { z } from 'zod';
import { onErrorOption } from './error-policy.ts';
import { splitsOption } from './splits.ts';

/** As the UPD exporter: no media, the original file of each entry (key ""), or every rendition too. */
export const includeMediasOption = z
  .enum(['none', 'original', 'all'])
  .default('original')
  .describe('Media in the output: "none" (labels only), "original" (each entry\'s original image) or "all" (renditions too)');

export type IncludeMedias = z.output<typeof includeMediasOption>;

export const reproducibleOption = z
  .boolean()
  .default(false)
  .describe('Same input, same bytes: sorted order, fixed timestamps in files and zip entries');

/**
 * The options every image-format exporter shares; spread them into its schema:
 * `z.object({ ...imageExportOptions, task: ... })`.
 */
export const imageExportOptions = {
  include_medias: includeMediasOption,
  splits: splitsOption,
  on_error: onErrorOption,
  reproducible: reproducibleOption,
};

export const imageExportOptionsSchema = z.object(imageExportOptions);
export type ImageExportOptions = z.output<typeof imageExportOptionsSchema>;
