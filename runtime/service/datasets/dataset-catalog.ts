import type { SourceDescriptor } from '../../sources/source-descriptor.ts';
import type { CatalogDataset, CatalogProblem, CatalogProject } from './upd-catalog.ts';

export type { CatalogDataset, CatalogProblem, CatalogProject };

/**
 * What the service exports from: the UPD files of a data folder, or a live IDAH. Projects group
 * datasets; a job reads its project through the descriptor `sourceOf` gives (credentials only
 * by reference).
 */
export interface DatasetCatalog {
  readonly kind: 'upd' | 'idah-api';
  /** Where the datasets are (a folder, IDAH's address), for messages. */
  readonly root: string;
  /** Every project, and what could not be read (listed, not fatal). */
  scan(): Promise<{ projects: CatalogProject[]; problems: CatalogProblem[] }>;
  project(projectId: string): Promise<CatalogProject | null>;
  sourceOf(project: CatalogProject): SourceDescriptor;
  /** Why `projectId` names no project, for a 422. */
  missingProject(projectId: string, known: string[]): string;
  close(): Promise<void>;
}
