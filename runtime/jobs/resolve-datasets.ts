import { IdahPluginError } from '../errors.ts';
import { describeSelector, type ModalitySelector, selectorMatches } from '../exporter.ts';
import type { DatasetRecord } from '../records.ts';
import type { DataSource } from '../sources/data-source.ts';

/** The datasets an export reads: every id must exist, in the order asked. */
export async function resolveDatasets(
  source: DataSource,
  datasetIds: readonly string[] | 'all',
): Promise<DatasetRecord[]> {
  if (datasetIds === 'all') return source.listDatasets();
  const unique = [...new Set(datasetIds)];
  const found = await source.getDatasets(unique);
  const foundIds = new Set(found.map((dataset) => dataset.id));
  const missing = unique.filter((id) => !foundIds.has(id));
  if (missing.length > 0) {
    const available = (await source.listDatasets()).map((dataset) => dataset.id);
    const shown = available.slice(0, 10).join(', ') + (available.length > 10 ? ', ...' : '');
    throw new IdahPluginError(
      'DATASET_NOT_FOUND',
      `dataset ${missing.map((id) => `"${id}"`).join(', ')} not found in ${source.description}; available: ${shown || 'none'}`,
    );
  }
  return found;
}

/** Upstream never checked this: an exporter only runs on datasets whose modality it serves. */
export function checkModalities(
  datasets: readonly DatasetRecord[],
  selector: ModalitySelector | undefined,
  exporterId: string,
  plugin?: string,
): void {
  if (selector === undefined) return;
  const mismatched = datasets.filter((dataset) => !selectorMatches(selector, dataset.modality));
  if (mismatched.length === 0) return;
  const listed = mismatched.map((dataset) => `"${dataset.id}" (${dataset.modality})`).join(', ');
  throw new IdahPluginError(
    'MODALITY_MISMATCH',
    `exporter ${exporterId} serves modalities ${describeSelector(selector)}; dataset ${listed} does not match`,
    { plugin },
  );
}
