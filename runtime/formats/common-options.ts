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

/** How categories (and attribute names) are named in an output: the labeling configuration's label, or the stored id. */
export const categoryNamesOption = z
  .enum(['label', 'id'])
  .default('label')
  .describe('Category and attribute names: "label" (the labeling configuration\'s label, else the id) or "id" (as stored, e.g. "vehicles/car")');

/** Whether a JPEG's EXIF orientation is applied to image sizes and shapes (image-size.ts, imageFrame). */
export const exifOrientationOption = z
  .enum(['stored', 'upright'])
  .default('stored')
  .describe('JPEG EXIF orientation: "stored" (sizes and shapes as the file stores the pixels, as IDAH measures and draws them) or "upright" (orientation applied, as Ultralytics and OpenCV load images)');

/**
 * The options every image-format exporter shares; spread them into its schema:
 * `z.object({ ...imageExportOptions, task: ... })`.
 */
export const imageExportOptions = {
  include_medias: includeMediasOption,
  splits: splitsOption,
  on_error: onErrorOption,
  reproducible: reproducibleOption,
  category_names: categoryNamesOption,
  exif_orientation: exifOrientationOption,
};

export const imageExportOptionsSchema = z.object(imageExportOptions);
export type ImageExportOptions = z.output<typeof imageExportOptionsSchema>;
