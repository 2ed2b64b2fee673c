import { beforeAll, describe, expect, it } from 'vitest';
import { IdahPluginError } from '../../../runtime/errors.ts';
import { loadPlugins } from '../../../runtime/plugins/load-plugins.ts';
import { ExporterRegistry } from '../../../runtime/plugins/registry.ts';
import { fixturePlugin, recordingLogger } from './support/fixtures.ts';

function thrownBy(action: () => unknown): IdahPluginError {
  try {
    action();
  } catch (error) {
    expect(error).toBeInstanceOf(IdahPluginError);
    return error as IdahPluginError;
  }
  throw new Error('expected an IdahPluginError, but nothing was thrown');
}

describe('ExporterRegistry', () => {
  let registry: ExporterRegistry;
  beforeAll(async () => {
    registry = new ExporterRegistry();
    const report = await loadPlugins([fixturePlugin('good-image'), fixturePlugin('good-single')], {
      registry,
      logger: recordingLogger().logger,
    });
    expect(report.failures).toEqual([]);
  });

  const idsFor = (modalities: string[]) => registry.formatsFor(modalities).map((format) => format.exporter);

  describe('formatsFor', () => {
    it.each([
      [['image'], ['GoodImage::ImageBoxes']], // string: exact match
      [['video'], ['GoodImage::VideoFrames']], // RegExp
      [['video-hd'], ['GoodImage::VideoFrames']],
      [['videos'], []],
      [['text'], ['GoodSingle::TextLines']], // array: its string
      [['document'], ['GoodSingle::TextLines']], // array: its RegExp
      [['images'], []],
      [[], []],
    ])('%j -> %j', (modalities, ids) => {
      expect(idsFor(modalities)).toEqual(ids);
    });

    it('lists the union for several modalities, in registration order, once each', () => {
      expect(idsFor(['text', 'video', 'image', 'doc'])).toEqual(['GoodImage::ImageBoxes', 'GoodImage::VideoFrames', 'GoodSingle::TextLines']);
    });

    it('describes each exporter as plain data', () => {
      expect(registry.formatsFor(['text'])).toEqual([
        {
          exporter: 'GoodSingle::TextLines',
          name: 'Text lines',
          description: 'One line per annotated text span.',
          plugin: 'good-single',
          modalities: '"text", /^doc/',
          options: null,
        },
      ]);
      expect(registry.formatsFor(['video'])[0]?.modalities).toBe('/^video(-\\w+)?$/');
    });

    it('gives the options as the JSON Schema of their input (defaults optional, unrepresentable as any)', () => {
      const options = registry.formatsFor(['image'])[0]?.options;
      expect(options).toEqual({
        $schema: 'https://json-schema.org/draft/2020-12/schema',
        type: 'object',
        properties: {
          min_area: { type: 'number', minimum: 0, default: 0, description: 'Skip boxes smaller than this' },
          labels: { type: 'array', items: { type: 'string' } },
          since: {},
        },
      });
    });

    it('hands out copies of the schema, so a caller cannot change the next answer', () => {
      const first = registry.formatsFor(['image'])[0]?.options as Record<string, unknown>;
      first.type = 'changed';
      expect(registry.formatsFor(['image'])[0]?.options).toMatchObject({ type: 'object' });
    });

    it('lists everything with formats()', () => {
      expect(registry.formats().map((format) => format.exporter)).toEqual(registry.list().map((registration) => registration.id));
    });
  });

  describe('resolve', () => {
    it('finds an exporter by its exact id', () => {
      expect(registry.resolve('GoodImage::VideoFrames').name).toBe('Video frames');
    });

    it('finds the exporter of a plugin that registers exactly one', () => {
      expect(registry.resolve('good-single').id).toBe('GoodSingle::TextLines');
    });

    it('refuses a plugin name with several exporters, listing their ids', () => {
      const error = thrownBy(() => registry.resolve('good-image'));
      expect(error.code).toBe('EXPORTER_AMBIGUOUS');
      expect(error.message).toContain('plugin "good-image" registers 2 exporters; expected one of their ids: GoodImage::ImageBoxes, GoodImage::VideoFrames');
    });

    it('says what is available when nothing matches', () => {
      const error = thrownBy(() => registry.resolve('goodimage::imageboxes'));
      expect(error.code).toBe('EXPORTER_NOT_FOUND');
      expect(error.message).toBe(
        'no exporter matches "goodimage::imageboxes"; expected an exporter id or the name of a plugin with one exporter. Available: GoodImage::ImageBoxes, GoodImage::VideoFrames, GoodSingle::TextLines',
      );
    });

    it('says so when no exporter is registered at all', () => {
      expect(() => new ExporterRegistry().resolve('json')).toThrow(/No exporters are registered/);
    });
  });

  describe('add and removePlugin', () => {
    it('refuses an id another plugin holds and replaces one of the same plugin', () => {
      const own = new ExporterRegistry();
      const text = registry.resolve('GoodSingle::TextLines');
      own.add(text);
      own.add({ ...text, name: 'Text lines v2' });
      expect(own.list().map((registration) => registration.name)).toEqual(['Text lines v2']);
      const error = thrownBy(() => own.add({ ...text, plugin: { ...text.plugin, name: 'impostor' } }));
      expect(error.code).toBe('REGISTRATION_INVALID');
      expect(error.plugin).toBe('impostor');
    });

    it('removes every exporter of a plugin and says how many', () => {
      const own = new ExporterRegistry();
      for (const registration of registry.list()) own.add(registration);
      expect(own.removePlugin('good-image')).toBe(2);
      expect(own.removePlugin('good-image')).toBe(0);
      expect(own.list().map((registration) => registration.id)).toEqual(['GoodSingle::TextLines']);
    });
  });
});
