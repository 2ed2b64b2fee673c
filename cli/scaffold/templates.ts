import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../../runtime/package-root.ts';

/** The package's templates folder (shipped in the npm package: "files" lists it). */
export const TEMPLATES_FOLDER = join(PACKAGE_ROOT, 'templates');

export const PLUGIN_TEMPLATE = join(TEMPLATES_FOLDER, 'plugin');

/** Files that replace the sync backend's with `create --steps`: an exporter written as steps. */
export const STEPS_SYNC_VARIANT = join(TEMPLATES_FOLDER, 'variants', 'steps-sync');

export function backendTemplate(service: string): string {
  return join(TEMPLATES_FOLDER, 'backends', service);
}

export interface BackendService {
  id: string;
  label: string;
  hint: string;
}

const KNOWN_SERVICES: Record<string, Omit<BackendService, 'id'>> = {
  sync: { label: 'Sync Service', hint: 'exporters: datasets to files or other systems' },
  media: { label: 'Media Service', hint: 'media processors: derived files from uploads' },
};

/** The backend kinds are the template's folders, as upstream: adding a folder adds a kind. */
export function backendServices(): BackendService[] {
  return readdirSync(join(TEMPLATES_FOLDER, 'backends'), { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => ({
      id: entry.name,
      ...(KNOWN_SERVICES[entry.name] ?? { label: entry.name, hint: '' }),
    }))
    .sort((a, b) => rank(a.id) - rank(b.id) || a.id.localeCompare(b.id));
}

/** Known kinds first, in the order above; others after them. */
function rank(id: string): number {
  const index = Object.keys(KNOWN_SERVICES).indexOf(id);
  return index === -1 ? Number.MAX_SAFE_INTEGER : index;
}
