import { IdahPluginError } from '../errors.ts';
import { changedSince } from './changed-since.ts';
import type { DataSource } from './data-source.ts';
import type { IdahCredentialsRef } from './idah-api/credentials.ts';
import { openIdahApiSource } from './idah-api/open-idah-api-source.ts';
import { openUpdSource } from './upd/upd-source.ts';

/**
 * A data source named by plain data, so that a job's arguments, a queue row and a worker
 * process can all carry it. Secrets never sit here: a live source names where its
 * credentials are, not what they are.
 */
export type SourceDescriptor = (
  | {
      kind: 'upd';
      path: string;
      /** Where media paths must stay (default: the UPD file's folder). */
      mediaRoot?: string;
      /** Refuse http(s) media on loopback and private addresses; a service sets it. */
      refusePrivateAddresses?: boolean;
    }
  /** A live IDAH at `baseUrl` (`https://host`); `credentials` names env variables or a file, never values. */
  | { kind: 'idah-api'; baseUrl: string; credentials?: IdahCredentialsRef }
) & {
  /**
   * Incremental exports: only entries changed after this time (the entry or one of its
   * annotations has a later `updated_at`) are read, by every query of the run.
   */
  updated_since?: string;
};

/** Opens the source a descriptor names. The caller closes it. */
export async function openSource(descriptor: SourceDescriptor): Promise<DataSource> {
  const source = await openPlainSource(descriptor);
  if (descriptor.updated_since === undefined) return source;
  try {
    return changedSince(source, descriptor.updated_since);
  } catch (error) {
    await source.close().catch(() => {});
    throw error;
  }
}

async function openPlainSource(descriptor: SourceDescriptor): Promise<DataSource> {
  switch (descriptor?.kind) {
    case 'upd':
      return openUpdSource(descriptor.path, {
        ...(descriptor.mediaRoot !== undefined ? { mediaRoot: descriptor.mediaRoot } : {}),
        ...(descriptor.refusePrivateAddresses !== undefined ? { refusePrivateAddresses: descriptor.refusePrivateAddresses } : {}),
      });
    case 'idah-api':
      return openIdahApiSource({ baseUrl: descriptor.baseUrl, credentials: descriptor.credentials });
    default:
      throw new IdahPluginError(
        'USAGE',
        `data source: expected { kind: "upd", path } or { kind: "idah-api", baseUrl, credentials? }, got ${JSON.stringify(descriptor)}`,
      );
  }
}
