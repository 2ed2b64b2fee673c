import { describeThrown } from '../../errors.ts';
import type { DataSource } from '../../sources/data-source.ts';
import { openSource, type SourceDescriptor } from '../../sources/source-descriptor.ts';
import type { DatasetCatalog } from './dataset-catalog.ts';
import type { CatalogDataset, CatalogProblem, CatalogProject } from './upd-catalog.ts';

type IdahApiDescriptor = Extract<SourceDescriptor, { kind: 'idah-api' }>;

/** Where datasets without a `project_id` are listed. */
export const NO_PROJECT = 'default';

export interface LiveIdahCatalogOptions {
  /** How long one listing of IDAH's datasets is reused (default 10 s). */
  cacheMs?: number;
}

/**
 * A live IDAH's datasets, grouped by their `project_id`: the service lists them with IDAH's
 * own entry counter, and each job reads its project through the `idah-api` descriptor (the
 * credentials named by reference, resolved by the worker that runs it).
 */
export class LiveIdahCatalog implements DatasetCatalog {
  readonly kind = 'idah-api';
  readonly root: string;
  readonly #descriptor: IdahApiDescriptor;
  readonly #cacheMs: number;
  #source: Promise<DataSource> | undefined;
  #listing: { at: number; result: Promise<{ projects: CatalogProject[]; problems: CatalogProblem[] }> } | undefined;

  constructor(descriptor: IdahApiDescriptor, options: LiveIdahCatalogOptions = {}) {
    this.#descriptor = descriptor;
    this.root = descriptor.baseUrl;
    this.#cacheMs = options.cacheMs ?? 10_000;
  }

  scan(): Promise<{ projects: CatalogProject[]; problems: CatalogProblem[] }> {
    if (this.#listing && Date.now() - this.#listing.at < this.#cacheMs) return this.#listing.result;
    const result = this.#list();
    this.#listing = { at: Date.now(), result };
    return result;
  }

  async project(projectId: string): Promise<CatalogProject | null> {
    return (await this.scan()).projects.find((project) => project.project_id === projectId) ?? null;
  }

  sourceOf(): SourceDescriptor {
    return { ...this.#descriptor };
  }

  missingProject(projectId: string, known: string[]): string {
    return `no project ${JSON.stringify(projectId)} among the datasets of IDAH at ${this.root}; projects: ${known.join(', ') || 'none'}`;
  }

  async close(): Promise<void> {
    const source = this.#source;
    this.#source = undefined;
    if (source) await (await source.catch(() => undefined))?.close();
  }

  async #list(): Promise<{ projects: CatalogProject[]; problems: CatalogProblem[] }> {
    try {
      this.#source ??= openSource(this.#descriptor);
      const source = await this.#source.catch((error: unknown) => {
        this.#source = undefined;
        throw error;
      });
      const byProject = new Map<string, CatalogDataset[]>();
      for (const record of await source.listDatasets()) {
        const projectId = typeof record.project_id === 'string' && record.project_id ? record.project_id : NO_PROJECT;
        const entries = typeof record.entries_total_count === 'number' ? record.entries_total_count : null;
        const list = byProject.get(projectId) ?? [];
        list.push({
          id: `${projectId}:${record.id}`,
          project_id: projectId,
          dataset_id: record.id,
          name: record.name,
          modality: record.modality,
          entries_count: entries,
          annotations_count: null,
          medias_count: null,
          file: null,
        });
        byProject.set(projectId, list);
      }
      const projects = [...byProject.entries()]
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([project_id, datasets]) => ({ project_id, path: this.root, datasets }));
      return { projects, problems: [] };
    } catch (error) {
      // Not cached: the next request asks IDAH again.
      this.#listing = undefined;
      return { projects: [], problems: [{ file: this.root, error: describeThrown(error) }] };
    }
  }
}
