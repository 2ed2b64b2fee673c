import { IdahPluginError } from '../errors.ts';
import type { DataSource } from './data-source.ts';
import { openUpdSource } from './upd/upd-source.ts';

/**
 * A data source named by plain data, so that a job's arguments, a queue row and a worker
 * process can all carry it. Secrets never sit here: a live source names where its
 * credentials are, not what they are.
 */
export type SourceDescriptor = { kind: 'upd'; path: string };

/** Opens the source a descriptor names. The caller closes it. */
export async function openSource(descriptor: SourceDescriptor): Promise<DataSource> {
  switch (descriptor?.kind) {
    case 'upd':
      return openUpdSource(descriptor.path);
    default:
      throw new IdahPluginError(
        'USAGE',
        `data source: expected { kind: "upd", path }, got ${JSON.stringify(descriptor)}`,
      );
  }
}
