import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { ExporterClass } from '../../../runtime/exporter.ts';
import type { PluginInfo } from '../../../runtime/plugins/plugin-info.ts';
import { createRegistrationCollector } from '../../../runtime/plugins/sync-context.ts';
import { recordingLogger } from './support/fixtures.ts';

const PLUGIN: PluginInfo = { name: 'demo-plugin', title: 'Demo', version: '1.0.0', module: 'DemoPlugin', dir: '/plugins/demo' };

class BoxExport {
  name = 'Boxes';
  description = 'Bounding boxes.';
  options = z.object({ scale: z.number().default(1) });
  export() {}
}

class PlainExport {
  name = 'Plain';
  description = '';
  export() {}
}

function collector() {
  return createRegistrationCollector(PLUGIN, recordingLogger().logger);
}

/** The TypeError a registration throws, checked to be our kind. */
function registrationError(register: () => void): TypeError & { code: string; plugin: string } {
  try {
    register();
  } catch (error) {
    expect(error).toBeInstanceOf(TypeError);
    expect(error).toMatchObject({ code: 'REGISTRATION_INVALID', plugin: 'demo-plugin' });
    expect((error as Error).message).toMatch(/^\[demo-plugin\] registerExports: /);
    return error as TypeError & { code: string; plugin: string };
  }
  throw new Error('expected registerExports to throw, but it accepted the call');
}

describe('registerExports', () => {
  it.each([
    ['a string', 'image'],
    ['a RegExp', /^image/],
    ['an array of both', ['image', /^video/]],
  ])('accepts %s as selector and names the exporter <Module>::<ClassName>', (_kind, selector) => {
    const { context, registrations } = collector();
    context.registerExports(selector, BoxExport);
    expect(registrations).toEqual([
      expect.objectContaining({ id: 'DemoPlugin::BoxExport', name: 'Boxes', description: 'Bounding boxes.', plugin: PLUGIN, exporterClass: BoxExport }),
    ]);
    expect(registrations[0]?.selector).toEqual(selector);
    expect(registrations[0]?.optionsSchema).toBeInstanceOf(z.ZodObject);
  });

  it('leaves optionsSchema out when the exporter has no options', () => {
    const { context, registrations } = collector();
    context.registerExports('image', PlainExport);
    expect(registrations[0]).not.toHaveProperty('optionsSchema');
  });

  it('keeps its own copy of an array selector', () => {
    const { context, registrations } = collector();
    const selector = ['image'];
    context.registerExports(selector, BoxExport);
    selector.push('video');
    expect(registrations[0]?.selector).toEqual(['image']);
  });

  it.each([
    [42, 'found number 42'],
    ['', 'found string ""'],
    ['   ', 'found string "   "'],
    [[], 'found an empty array'],
    [['image', 3], 'found number 3 at index 1 of the array'],
    [['image', ['nested']], 'found an array of 1 at index 1 of the array'],
    [{ modality: 'image' }, 'found an object'],
    [null, 'found null'],
    [undefined, 'found undefined'],
    [() => 'image', 'found an anonymous function'],
  ])('throws a TypeError for the selector %j saying what came', (selector, found) => {
    const { context } = collector();
    const error = registrationError(() => context.registerExports(selector as never, BoxExport));
    expect(error.message).toContain(`expected a modality selector (a non-empty string, a RegExp, or a non-empty array of those), ${found}`);
  });

  it.each([
    ['an arrow function', () => ({}), 'expected an exporter class (constructible with no arguments), found an anonymous function'],
    ['an instance', new PlainExport(), 'expected an exporter class (constructible with no arguments), found an object'],
    ['a string', 'PlainExport', 'expected an exporter class (constructible with no arguments), found string "PlainExport"'],
    ['an anonymous class', (() => class {})(), 'expected a named exporter class (its name makes the exporter id), found an anonymous class'],
    [
      'a class that needs arguments',
      class NeedsArgs {
        constructor(readonly path: string) {
          if (!path) throw new Error('path is required');
        }
      },
      'expected "new NeedsArgs()" to construct an exporter, but it threw: path is required',
    ],
    [
      'a class without the exporter members',
      class Empty {},
      'exporter class Empty is not a valid exporter: name: expected a non-empty string, found undefined; description: expected a string, found undefined; export: expected a method export(context) (or steps), found undefined',
    ],
    [
      'a class whose options are not a zod schema',
      class JsonSchemaOptions {
        name = 'x';
        description = 'y';
        options = { type: 'object' };
        export() {}
      },
      'exporter class JsonSchemaOptions is not a valid exporter: options: expected a zod schema or nothing, found an object',
    ],
  ])('throws a TypeError when given %s instead of an exporter class', (_kind, exporter, message) => {
    const { context } = collector();
    const error = registrationError(() => context.registerExports('image', exporter as unknown as ExporterClass));
    expect(error.message).toBe(`[demo-plugin] registerExports: ${message}`);
  });

  it('refuses the same class twice and remembers the first rejection', () => {
    const handle = collector();
    handle.context.registerExports('image', BoxExport);
    const error = registrationError(() => handle.context.registerExports('video', BoxExport));
    expect(error.message).toContain('DemoPlugin::BoxExport is already registered');
    expect(handle.firstRejection).toBe(error);
    expect(handle.registrations).toHaveLength(1);
  });

  it('ignores registrations once init is over, with an error in the plugin log (a throw could crash the host)', () => {
    const { logger, entries } = recordingLogger();
    const handle = createRegistrationCollector(PLUGIN, logger);
    handle.close();
    expect(() => handle.context.registerExports('image', BoxExport)).not.toThrow();
    expect(handle.registrations).toEqual([]);
    expect(entries).toEqual([expect.objectContaining({ level: 'error', message: expect.stringMatching(/after Sync\.init finished and is ignored/) })]);
  });

  it('hands init the plugin and a logger', () => {
    const { logger, entries } = recordingLogger();
    const { context } = createRegistrationCollector(PLUGIN, logger.child('demo-plugin'));
    context.logger.warn('careful');
    expect(context.plugin).toBe(PLUGIN);
    expect(entries).toEqual([expect.objectContaining({ source: 'demo-plugin', level: 'warn', message: 'careful' })]);
  });
});
