import { imageExportOptions, z } from 'idah-plugin';

export const yoloOptions = z.object({
  ...imageExportOptions,
  task: z
    .enum(['detect', 'segment', 'obb'])
    .default('detect')
    .describe('"detect": one axis-aligned box per row (class cx cy w h); "segment": one polygon per row (class x1 y1 x2 y2 ...); "obb": one oriented box per row, its 4 corners (class x1 y1 ... x4 y4)'),
});

export type YoloOptions = z.output<typeof yoloOptions>;
export type YoloTask = YoloOptions['task'];
