import type { ZodType } from 'zod';
import { IdahPluginError } from '../errors.ts';
import { type ExporterClass, type ModalitySelector, describeSelector, selectorMatches } from '../exporter.ts';
import { type JsonSchema, optionsJsonSchema } from './options-json-schema.ts';
import type { PluginInfo } from './plugin-info.ts';

/** One `registerExports` call, checked and ready to run. */
export interface ExporterRegistration {
  /** `<Module>::<ClassName>`. */
  readonly id: string;
  readonly plugin: PluginInfo;
  readonly selector: ModalitySelector;
  readonly exporterClass: ExporterClass;
  readonly name: string;
  readonly description: string;
  readonly optionsSchema?: ZodType;
}

/** How `formats` lists an exporter: plain data, printable as JSON. */
export interface ExportFormat {
  exporter: string;
  name: string;
  description: string;
  plugin: string;
  /** The selector as text: `"image", /^video/`. */
  modalities: string;
  /** JSON Schema of the options, or null when the exporter takes none. */
  options: JsonSchema | null;
}

export class ExporterRegistry {
  readonly #byId = new Map<string, ExporterRegistration>();
  readonly #optionsSchemas = new WeakMap<ExporterRegistration, JsonSchema | null>();

  /** Adds a registration. An id held by another plugin is refused; the same plugin replaces its own. */
  add(registration: ExporterRegistration): void {
    const existing = this.#byId.get(registration.id);
    if (existing && existing.plugin.name !== registration.plugin.name) {
      throw new IdahPluginError(
        'REGISTRATION_INVALID',
        `exporter id ${registration.id} is already registered by plugin "${existing.plugin.name}" (${existing.plugin.dir}); give this plugin another entryPoints.backend.module`,
        { plugin: registration.plugin.name },
      );
    }
    if (existing) this.#byId.delete(registration.id); // re-added at the end: insertion order stays load order
    this.#byId.set(registration.id, registration);
  }

  /** Removes every exporter of a plugin; returns how many there were. */
  removePlugin(pluginName: string): number {
    let removed = 0;
    for (const [id, registration] of this.#byId) {
      if (registration.plugin.name !== pluginName) continue;
      this.#byId.delete(id);
      removed += 1;
    }
    return removed;
  }

  get(id: string): ExporterRegistration | undefined {
    return this.#byId.get(id);
  }

  /** All registrations, in the order plugins loaded. */
  list(): ExporterRegistration[] {
    return [...this.#byId.values()];
  }

  /** The exporters serving any of these modalities (a union, in registration order). */
  formatsFor(modalities: readonly string[]): ExportFormat[] {
    return this.list()
      .filter((registration) => modalities.some((modality) => selectorMatches(registration.selector, modality)))
      .map((registration) => this.#describe(registration));
  }

  /** Every exporter, whatever it serves. */
  formats(): ExportFormat[] {
    return this.list().map((registration) => this.#describe(registration));
  }

  /**
   * Finds an exporter by id (`MyPlugin::Export`) or, when that plugin registers exactly one,
   * by plugin name (`my-plugin`).
   */
  resolve(reference: string): ExporterRegistration {
    const byId = this.#byId.get(reference);
    if (byId) return byId;
    const ofPlugin = this.list().filter((registration) => registration.plugin.name === reference);
    if (ofPlugin.length === 1) return ofPlugin[0] as ExporterRegistration;
    if (ofPlugin.length > 1) {
      const ids = ofPlugin.map((registration) => registration.id);
      throw new IdahPluginError(
        'EXPORTER_AMBIGUOUS',
        `plugin "${reference}" registers ${ids.length} exporters; expected one of their ids: ${ids.join(', ')}`,
        { plugin: reference, details: { candidates: ids } },
      );
    }
    const available = [...this.#byId.keys()];
    throw new IdahPluginError(
      'EXPORTER_NOT_FOUND',
      `no exporter matches "${reference}"; expected an exporter id or the name of a plugin with one exporter. ${
        available.length > 0 ? `Available: ${available.join(', ')}` : 'No exporters are registered.'
      }`,
      { details: { reference, available } },
    );
  }

  #describe(registration: ExporterRegistration): ExportFormat {
    if (!this.#optionsSchemas.has(registration)) {
      this.#optionsSchemas.set(registration, optionsJsonSchema(registration.optionsSchema));
    }
    return {
      exporter: registration.id,
      name: registration.name,
      description: registration.description,
      plugin: registration.plugin.name,
      modalities: describeSelector(registration.selector),
      options: structuredClone(this.#optionsSchemas.get(registration) ?? null),
    };
  }
}
