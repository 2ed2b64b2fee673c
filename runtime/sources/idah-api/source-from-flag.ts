import { resolve } from 'node:path';
import type { DataSource } from '../data-source.ts';
import { openUpdSource } from '../upd/upd-source.ts';
import { openIdahApiSource } from './open-idah-api-source.ts';
import { baseUrlOfSourceUrl, isIdahSourceUrl } from './source-url.ts';

export interface SourceFlagOptions {
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** A JSON credentials file for a live IDAH (else IDAH_TOKEN, IDAH_API_KEY or IDAH_EMAIL + IDAH_PASSWORD). */
  credentialsFile?: string;
}

/** `--source`: a UPD file path, or `idah+https://host` (`idah+http://` for a local server) for a live IDAH. */
export function openSourceFromFlag(value: string, options: SourceFlagOptions): Promise<DataSource> {
  if (!isIdahSourceUrl(value)) return openUpdSource(resolve(options.cwd, value));
  return openIdahApiSource({
    baseUrl: baseUrlOfSourceUrl(value),
    credentials: options.credentialsFile === undefined ? undefined : { file: resolve(options.cwd, options.credentialsFile) },
    env: options.env,
  });
}

export interface LiveDatasetStats {
  id: string;
  name: string;
  modality: string;
  entries: number | null;
  /** IDAH keeps no such counters: null, never a guess. */
  annotations: null;
  medias: null;
}

/** `data info` on a live IDAH: each dataset with IDAH's own entry counter. */
export async function liveDatasetStats(source: DataSource): Promise<LiveDatasetStats[]> {
  return (await source.listDatasets()).map((dataset) => ({
    id: dataset.id,
    name: dataset.name,
    modality: dataset.modality,
    entries: typeof dataset.entries_total_count === 'number' ? dataset.entries_total_count : null,
    annotations: null,
    medias: null,
  }));
}
