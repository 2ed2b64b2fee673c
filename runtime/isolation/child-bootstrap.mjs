// The entry of the host's child processes: runs the child named by argv[2] (`list`: listing
// exporters; else one export). Plain JavaScript so plain Node can start it from any folder.
// The build compiles this file beside the compiled children, rewriting `.ts` to `.js`.
import { existsSync } from 'node:fs';
import { register } from 'tsx/esm/api';

// Stacks name the lines of the plugin's .ts files, not of the code tsx compiled them to.
process.setSourceMapsEnabled(true);
// From sources the host itself is TypeScript: tsx first. Compiled, the host loads without it (every
// import through tsx's hooks costs start-up), and the plugin loader registers tsx when it meets a
// TypeScript plugin (importPluginModule).
if (!existsSync(new URL('./child-entry.js', import.meta.url))) register();
await import(process.argv[2] === 'list' ? './list-child-entry.ts' : './child-entry.ts');
