// The entry of the host's child processes: registers tsx (plugins and this host are
// TypeScript), then runs the child named by argv[2] (`list`: listing exporters; else one export).
// Plain JavaScript so plain Node can start it from any folder.
import { register } from 'tsx/esm/api';

register();
await import(process.argv[2] === 'list' ? './list-child-entry.ts' : './child-entry.ts');
