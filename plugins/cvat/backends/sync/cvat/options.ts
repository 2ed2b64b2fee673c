import { imageExportOptions, z } from 'idah-plugin';

export const cvatOptions = z.object({ ...imageExportOptions });

export type CvatOptions = z.output<typeof cvatOptions>;
