/**
 * Run by broken-folders.test.ts in a child process, possibly as another user (an unreadable
 * folder is readable to root): discovers the plugin paths given as arguments, prints the result.
 */
import { discoverPluginDirs } from '../../../../runtime/plugins/discover.ts';

const discovery = await discoverPluginDirs({ pluginPaths: process.argv.slice(2), includeBundled: false });
process.stdout.write(JSON.stringify({ uid: process.getuid?.(), ...discovery }));
