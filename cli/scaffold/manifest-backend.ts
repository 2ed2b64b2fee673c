/** Where generated plugins keep their backends (the manifest's `entryPoints.backend.path`). */
export const DEFAULT_BACKEND_PATH = 'backends';

/**
 * The manifest text with `entryPoints.backend` declared, which the host needs to find any backend.
 * An existing declaration is kept as it is (the text is returned unchanged).
 */
export function withBackendEntry(manifestText: string, module: string): string {
  const manifest = JSON.parse(manifestText) as { entryPoints?: { backend?: unknown } };
  if (manifest.entryPoints?.backend) return manifestText;
  manifest.entryPoints = { ...manifest.entryPoints, backend: { module, path: DEFAULT_BACKEND_PATH } };
  return `${JSON.stringify(manifest, null, 2)}\n`;
}
