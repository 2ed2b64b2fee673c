import type { ExportFormat } from '../plugins/registry.ts';

/** What `listFormatsIsolated` asks its child: which plugins to load, and which to leave out. */
export interface ListRequest {
  pluginPaths?: string | string[];
  includeBundled?: boolean;
  cwd: string;
  modalities: string[];
  initTimeoutMs: number;
  /** Plugin folders an earlier child hung or died on. */
  exclude: string[];
}

export interface ListedFailure {
  plugin: string;
  dir: string;
  code: string;
  message: string;
}

export type ListChildMessage =
  | { type: 'ready' }
  | { type: 'loading'; plugin: string; dir: string }
  | { type: 'listed'; formats: ExportFormat[]; failures: ListedFailure[]; warnings: string[] }
  | { type: 'failed'; message: string };
