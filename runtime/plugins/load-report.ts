import type { IdahErrorCode } from '../errors.ts';
import type { Manifest } from '../manifest/manifest-schema.ts';

export interface LoadedPlugin {
  name: string;
  dir: string;
  manifest: Manifest;
  /** The ids of the exporters it registered, `<Module>::<ClassName>`. */
  exporterIds: string[];
}

/** A plugin that could not load. The host keeps going without it. */
export interface PluginFailure {
  /** The manifest's name, or the folder's name when the manifest is unreadable. */
  plugin: string;
  dir: string;
  code: IdahErrorCode;
  /** What went wrong, with the cause, readable on its own. */
  message: string;
  /** The original thrown value, for a stack trace. */
  cause?: unknown;
}

/** A plugin with nothing for this host to run (frontend-only, no sync backend, replaced). */
export interface SkippedPlugin {
  plugin: string;
  dir: string;
  reason: string;
}

export interface LoadReport {
  plugins: LoadedPlugin[];
  failures: PluginFailure[];
  skipped: SkippedPlugin[];
  warnings: string[];
}
