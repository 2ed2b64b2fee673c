import { imageExportOptions, z } from 'idah-plugin';

export const pascalVocOptions = z.object({
  ...imageExportOptions,
  pixel_base: z
    .union([z.literal(1), z.literal(0)])
    .default(1)
    .describe(
      '1 (the VOC devkit): xmin/ymin are the 1-based index of the first pixel covered, xmax/ymax of the last (a full 640-wide box is 1..640); ' +
        '0: pixel-edge coordinates as CVAT, Datumaro and LabelImg write them (the same box is 0..640)',
    ),
});

export type PascalVocOptions = z.output<typeof pascalVocOptions>;
export type PixelBase = PascalVocOptions['pixel_base'];
