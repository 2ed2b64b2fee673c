import { stat } from 'node:fs/promises';
import { relative, resolve, sep } from 'node:path';
import { glob } from 'tinyglobby';
import { describeThrown } from '../../errors.ts';
import type { SourceDescriptor } from '../../sources/source-descriptor.ts';
import type { DatasetCatalog } from './dataset-catalog.ts';
import { updDatasetStats } from '../../sources/upd/upd-source.ts';

/**
 * One dataset the service can export. Naming: a UPD file is a project, so
 * - `project_id` is the file's path under the data folder without `.upd` (`demo`, `team/run-1`);
 * - the dataset's id is `<project_id>:<dataset id in the file>` (`demo:ds-1`).
 * `POST /exports/export` takes `project_id` and `dataset_ids` either as ids in that file
 * (`["ds-1"]`) or as these full ids (`["demo:ds-1"]`).
 */
export interface CatalogDataset {
  id: string;
  project_id: string;
  dataset_id: string;
  name: string;
  modality: string;
  /** Null when the source keeps no such counter (a live IDAH counts entries only). */
  entries_count: number | null;
  annotations_count: number | null;
  medias_count: number | null;
  /** The UPD file, relative to the data folder; null for a live IDAH. */
  file: string | null;
}

export interface CatalogProject {
  project_id: string;
  path: string;
  datasets: CatalogDataset[];
}

/** A file that is not a readable UPD: listed, not fatal. */
export interface CatalogProblem {
  file: string;
  error: string;
}

interface Cached {
  mtimeMs: number;
  size: number;
  project: CatalogProject | null;
  problem: CatalogProblem | null;
}

/** The UPD files under a data folder (four levels deep), read once per change of each file. */
export class UpdCatalog implements DatasetCatalog {
  readonly kind = 'upd';
  readonly root: string;
  readonly #cache = new Map<string, Cached>();

  constructor(root: string) {
    this.root = resolve(root);
  }

  async scan(): Promise<{ projects: CatalogProject[]; problems: CatalogProblem[] }> {
    const files = await glob('**/*.upd', {
      cwd: this.root,
      deep: 4,
      ignore: ['**/node_modules/**', '**/.*/**'],
      absolute: true,
    });
    const projects: CatalogProject[] = [];
    const problems: CatalogProblem[] = [];
    for (const path of files.sort()) {
      const entry = await this.#read(path);
      if (entry.project) projects.push(entry.project);
      if (entry.problem) problems.push(entry.problem);
    }
    return { projects, problems };
  }

  async datasets(): Promise<CatalogDataset[]> {
    return (await this.scan()).projects.flatMap((project) => project.datasets);
  }

  /** The project (UPD file) a `project_id` names, or null. */
  async project(projectId: string): Promise<CatalogProject | null> {
    return (await this.scan()).projects.find((project) => project.project_id === projectId) ?? null;
  }

  /**
   * The source a job reads. A service exports on others' behalf, so media URLs on loopback and
   * private addresses are refused (no reaching into the service's own network through a UPD).
   */
  sourceOf(project: CatalogProject): SourceDescriptor {
    return { kind: 'upd', path: project.path, refusePrivateAddresses: true };
  }

  missingProject(projectId: string, known: string[]): string {
    return `no UPD file ${JSON.stringify(`${projectId}.upd`)} under ${this.root}; projects: ${known.join(', ') || 'none'}`;
  }

  close(): Promise<void> {
    return Promise.resolve();
  }

  async #read(path: string): Promise<Cached> {
    const file = relative(this.root, path).split(sep).join('/');
    const projectId = file.replace(/\.upd$/, '');
    let info;
    try {
      info = await stat(path);
    } catch (error) {
      return { mtimeMs: 0, size: 0, project: null, problem: { file, error: describeThrown(error) } };
    }
    const cached = this.#cache.get(path);
    if (cached && cached.mtimeMs === info.mtimeMs && cached.size === info.size) return cached;
    let entry: Cached;
    try {
      const stats = await updDatasetStats(path);
      const datasets = stats.map((dataset) => ({
        id: `${projectId}:${dataset.id}`,
        project_id: projectId,
        dataset_id: dataset.id,
        name: dataset.name,
        modality: dataset.modality,
        entries_count: dataset.entries,
        annotations_count: dataset.annotations,
        medias_count: dataset.medias,
        file,
      }));
      entry = { mtimeMs: info.mtimeMs, size: info.size, project: { project_id: projectId, path, datasets }, problem: null };
    } catch (error) {
      entry = { mtimeMs: info.mtimeMs, size: info.size, project: null, problem: { file, error: describeThrown(error) } };
    }
    this.#cache.set(path, entry);
    return entry;
  }
}
