// Node module hooks (module.register) for plugins loaded by the CLI; see module-hooks.ts.
// Runs on Node's hooks thread, so it is plain JavaScript with no imports of our own.

/** @type {Record<string, string>} bare specifier -> file URL of this host's entry point */
let hostEntryPoints = {};

/** @param {{ hostEntryPoints: Record<string, string> }} data */
export function initialize(data) {
  hostEntryPoints = data.hostEntryPoints;
}

/**
 * `idah-plugin`, `idah-plugin/testing` and `idah-plugin/host` always mean THIS host, wherever the plugin lives,
 * so a plugin shares the host's module instances (one error family, one zod).
 *
 * Plugins are ES modules written in TypeScript. In a folder whose package.json lacks
 * `"type": "module"`, tsx would compile a `.ts` file to CommonJS, and its
 * `require('idah-plugin')` would bypass this hook: such files are loaded as ES modules.
 */
export async function resolve(specifier, context, nextResolve) {
  const target = Object.hasOwn(hostEntryPoints, specifier) ? hostEntryPoints[specifier] : specifier;
  const resolved = await nextResolve(target, context);
  if (!isTypeScriptResolvedAsCommonJs(resolved)) return resolved;
  if (!resolved.url.includes('tsx-commonjs')) return { ...resolved, format: 'module' };
  // tsx decorated the URL for its CommonJS path: rebuild the plain one, keeping other queries.
  const url = typeScriptFileUrl(target, context.parentURL);
  if (!url) return resolved;
  for (const [name, value] of new URL(resolved.url).searchParams) {
    if (!name.startsWith('tsx-commonjs')) url.searchParams.set(name, value);
  }
  return { url: url.href, format: 'module', shortCircuit: true };
}

function isTypeScriptResolvedAsCommonJs(resolved) {
  if (resolved.format !== 'commonjs' && resolved.format !== 'commonjs-typescript') return false;
  if (!resolved.url.startsWith('file:') || resolved.url.includes('/node_modules/')) return false;
  return /\.ts(%3F.*)?$/.test(new URL(resolved.url).pathname);
}

/** The file URL a relative, absolute or file: specifier names, when it is a `.ts` file. */
function typeScriptFileUrl(specifier, parentURL) {
  if (!/^(file:|\.{1,2}\/|\/)/.test(specifier)) return undefined;
  const url = new URL(specifier, parentURL);
  url.search = '';
  return url.pathname.endsWith('.ts') ? url : undefined;
}
