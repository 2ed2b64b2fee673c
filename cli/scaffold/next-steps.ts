import { displayPath } from './report.ts';

/** What to run after scaffolding, as the user would type it from where they are. */
export function nextSteps(pluginDir: string, pluginName: string, cwd: string, services: readonly string[]): string {
  const shown = displayPath(pluginDir, cwd);
  const lines = [`  idah-plugin test ${shown}`];
  if (services.includes('sync')) {
    // The host looks in ./plugins by default; anywhere else it needs to be told.
    const found = shown.startsWith('plugins/') ? '' : ` --plugins ${shown}`;
    lines.push(`  idah-plugin export ${pluginName}${found} --source demo.upd    (idah-plugin demo makes demo.upd)`);
  }
  return `next:\n${lines.join('\n')}\n`;
}
