// The entry of an export's child process: registers tsx (plugins and this host are TypeScript),
// then runs the child. Plain JavaScript so plain Node can start it from any folder.
import { register } from 'tsx/esm/api';

register();
await import('./child-entry.ts');
