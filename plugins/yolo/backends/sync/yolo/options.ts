import { imageExportOptions, z } from 'idah-plugin';

export const yoloOptions = z.object({
  ...imageExportOptions,
  task: z
    .enum(['detect', 'segment'])
    .default('detect')
    .describe('"detect": one box per row (class cx cy w h); "segment": one polygon per row (class x1 y1 x2 y2 ...)'),
});

export type YoloOptions = z.output<typeof yoloOptions>;
export type YoloTask = YoloOptions['task'];
