import type { Manifest, ManifestBackend } from '../manifest/manifest-schema.ts';

/** Who a plugin is, as its sync context, its registrations and its errors name it. */
export interface PluginInfo {
  readonly name: string;
  readonly title: string;
  readonly version: string;
  /** `entryPoints.backend.module`: the first half of every exporter id. */
  readonly module: string;
  readonly dir: string;
}

export function pluginInfoOf(manifest: Manifest, backend: ManifestBackend, dir: string): PluginInfo {
  return Object.freeze({
    name: manifest.name,
    title: manifest.title,
    version: manifest.version,
    module: backend.module,
    dir,
  });
}

/** `<Module>::<ClassName>`, as IDAH names exporters. */
export function exporterIdOf(module: string, className: string): string {
  return `${module}::${className}`;
}
