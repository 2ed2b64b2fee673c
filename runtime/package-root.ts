import { fileURLToPath } from 'node:url';

/**
 * The host runs either from its TypeScript sources (`<package>/runtime/…`) or compiled
 * (`<package>/dist/runtime/…`, built by `npm run build`): one level deeper. Files shipped beside
 * the sources (package.json, templates/, plugins/) are found from the package root either way.
 */
const compiled = import.meta.url.endsWith('.js');

/** The host package's root folder, with a trailing separator. */
export const PACKAGE_ROOT = fileURLToPath(new URL(compiled ? '../../' : '../', import.meta.url));

/** The extension of the host's own modules as they run now: `.js` compiled, `.ts` from sources. */
export const HOST_MODULE_EXTENSION = compiled ? '.js' : '.ts';
