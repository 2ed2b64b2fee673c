import { packageVersion } from '../package-info.ts';
import { hostDependencySpec } from './host-dependency.ts';
import { pluginFilename, pluginModuleName } from './names.ts';

/** The placeholders templates may use, in file and folder names and in contents. */
export interface ScaffoldVariables {
  pluginName: string;
  pluginDisplayName: string;
  pluginDescription: string;
  pluginVersion: string;
  /** `my-plugin` -> `MyPlugin` */
  pluginModule: string;
  /** `my-plugin` -> `my_plugin` */
  pluginFilename: string;
  /** This host's version. */
  hostVersion: string;
  /** The generated package.json's `idah-plugin` dependency (see host-dependency.ts). */
  hostDependency: string;
}

export interface PluginIdentity {
  name: string;
  displayName: string;
  description: string;
  version: string;
  /** Taken from the manifest's `backend.module` when there is one; derived from the name otherwise. */
  module?: string;
}

/** `pluginDir`: where the plugin is, so its dependency on this host can be a path from there. */
export function scaffoldVariables(identity: PluginIdentity, pluginDir?: string): ScaffoldVariables {
  return {
    pluginName: identity.name,
    pluginDisplayName: identity.displayName,
    pluginDescription: identity.description,
    pluginVersion: identity.version,
    pluginModule: identity.module ?? pluginModuleName(identity.name),
    pluginFilename: pluginFilename(identity.name),
    hostVersion: packageVersion(),
    hostDependency: pluginDir === undefined ? `^${packageVersion()}` : hostDependencySpec(pluginDir),
  };
}
