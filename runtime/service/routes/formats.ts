import type { Hono } from 'hono';
import { requirePermission } from '../auth/authenticate.ts';
import { queryError, rejectUnknownParams } from '../http/list-query.ts';
import type { ServiceContext, ServiceEnv } from '../service-context.ts';

/**
 * `GET /exports/formats?modalities[]=` (IDAH's plain array, plus each exporter's plugin and
 * options JSON Schema) and `GET /plugins` (what loaded, what failed and why).
 */
export function registerFormats(api: Hono<ServiceEnv>, context: ServiceContext): void {
  api.get('/exports/formats', (c) => {
    requirePermission(c, 'read', 'sync:exports');
    const queries = c.req.queries();
    rejectUnknownParams(queries, ['modalities']);
    const modalities = [...(queries['modalities[]'] ?? []), ...(queries.modalities ?? [])].flatMap((value) => value.split(',')).filter(Boolean);
    if (modalities.length === 0) {
      throw queryError([{ parameter: 'modalities[]', detail: 'modalities[]: expected at least one modality, e.g. ?modalities[]=idah-image' }]);
    }
    const formats = context.host.registry.formatsFor(modalities).map((format) => ({
      name: format.name,
      description: format.description,
      exporter: format.exporter,
      plugin: format.plugin,
      modalities: format.modalities,
      options_schema: format.options,
    }));
    c.header('X-Plugin-Failures', String(context.host.report.failures.length));
    return c.json(formats);
  });

  api.get('/plugins', (c) => {
    requirePermission(c, 'read', 'sync:exports');
    rejectUnknownParams(c.req.queries());
    const { report } = context.host;
    return c.json({
      plugins: report.plugins.map((plugin) => ({
        name: plugin.name,
        title: plugin.manifest.title,
        version: plugin.manifest.version,
        modalities: plugin.manifest.modalities ?? [],
        exporters: plugin.exporterIds,
      })),
      failures: report.failures.map(({ plugin, dir, code, message }) => ({ plugin, dir, code, message })),
      warnings: report.warnings,
    });
  });
}
