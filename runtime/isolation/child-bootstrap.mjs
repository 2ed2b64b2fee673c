// The entry of the host's child processes: registers tsx (plugins are TypeScript, and so is this
// host when it runs from sources), then runs the child named by argv[2] (`list`: listing
// exporters; else one export). Plain JavaScript so plain Node can start it from any folder.
// The build compiles this file beside the compiled children, rewriting `.ts` to `.js`.
import { register } from 'tsx/esm/api';

// Stacks name the lines of the plugin's .ts files, not of the code tsx compiled them to.
process.setSourceMapsEnabled(true);
register();
await import(process.argv[2] === 'list' ? './list-child-entry.ts' : './child-entry.ts');
