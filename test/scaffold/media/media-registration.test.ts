import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createMediaServiceContext } from '../../../runtime/media/media-service-context.ts';
import type { MediaProcessContext, MediaServiceContext } from '../../../runtime/media/media-processor.ts';
import { ProcessorRegistry } from '../../../runtime/media/processor-registry.ts';
import { registrationsOfMedia } from '../../../runtime/media/registrations-of-media.ts';
import { mimeTypeMatches } from '../../../runtime/media/validate-processor.ts';

class Thumbnail {
  constructor(readonly context: MediaProcessContext) {}
  run() {}
}
const options = z.object({ size: z.number().default(128) });

function contextFor(plugin = 'thumbs') {
  const registry = new ProcessorRegistry();
  return { registry, ...createMediaServiceContext(plugin, registry) };
}

describe('registerProcessor', () => {
  it('registers a processor the registry can list and find by MIME type', () => {
    const { registry, context } = contextFor();
    context.registerProcessor('thumbnail', { processor: Thumbnail, options, mimeTypes: ['image/*'] });
    context.registerProcessor('audio-wave', { processor: Thumbnail, mimeTypes: ['audio/mpeg', 'audio/ogg'] });
    expect(registry.list().map(({ plugin, name, mimeTypes }) => ({ plugin, name, mimeTypes }))).toEqual([
      { plugin: 'thumbs', name: 'audio-wave', mimeTypes: ['audio/mpeg', 'audio/ogg'] },
      { plugin: 'thumbs', name: 'thumbnail', mimeTypes: ['image/*'] },
    ]);
    expect(registry.forMimeType('image/PNG').map((registration) => registration.name)).toEqual(['thumbnail']);
    expect(registry.forMimeType('video/mp4')).toEqual([]);
  });

  it('rejects bad arguments with a TypeError naming the plugin and listing every problem', () => {
    const { context } = contextFor();
    let thrown: unknown;
    try {
      context.registerProcessor('', { processor: 'Thumbnail' as never, options: {} as never, mimeTypes: ['image', 3 as never] });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(TypeError);
    expect(thrown).toMatchObject({ code: 'REGISTRATION_INVALID', plugin: 'thumbs' });
    const message = (thrown as Error).message;
    expect(message).toMatch(/^\[thumbs\] registerProcessor: /);
    expect(message).toContain('name: expected a non-empty string, found string ""');
    expect(message).toContain('processor: expected a class (constructed with the process context), found string "Thumbnail"');
    expect(message).toContain('options: expected a zod schema or nothing, found an object');
    expect(message).toContain('mimeTypes[0]: expected a MIME type such as "image/png" or "image/*", found string "image"');
    expect(message).toContain('mimeTypes[1]: expected a MIME type such as "image/png" or "image/*", found number 3');
  });

  it('rejects a missing definition and an empty mimeTypes list', () => {
    const { context } = contextFor();
    expect(() => context.registerProcessor('a', undefined as never)).toThrow(
      'definition: expected an object { processor, options, mimeTypes }, found undefined',
    );
    expect(() => context.registerProcessor('a', { processor: Thumbnail, mimeTypes: [] })).toThrow(
      'mimeTypes: expected a non-empty array of MIME types such as "image/png" or "image/*", found an empty array',
    );
  });

  it('refuses a name registered twice, naming who has it', () => {
    const { context } = contextFor();
    context.registerProcessor('thumbnail', { processor: Thumbnail, mimeTypes: ['image/*'] });
    expect(() => context.registerProcessor('thumbnail', { processor: Thumbnail, mimeTypes: ['image/*'] })).toThrow(
      '[thumbs] registerProcessor: expected a processor name not taken yet, but "thumbnail" is already registered by plugin "thumbs"',
    );
  });

  it('refuses registrations once init is over', () => {
    const { context, close } = contextFor();
    close();
    expect(() => context.registerProcessor('late', { processor: Thumbnail, mimeTypes: ['image/*'] })).toThrow(
      'registerProcessor("late") was called after Media.init returned; register processors inside init',
    );
  });
});

describe('registrationsOfMedia', () => {
  it("lists what a Media class's init registers, async init included", async () => {
    class Media {
      static async init(context: MediaServiceContext) {
        await Promise.resolve();
        context.registerProcessor('thumbnail', { processor: Thumbnail, options, mimeTypes: ['image/*'] });
      }
    }
    expect(await registrationsOfMedia(Media)).toEqual([
      { name: 'thumbnail', processor: Thumbnail, options, mimeTypes: ['image/*'] },
    ]);
  });

  it('fails like the host for an invalid registration or a class without init', async () => {
    class Broken {
      static init(context: MediaServiceContext) {
        context.registerProcessor('thumbnail', { processor: Thumbnail, mimeTypes: 'image/*' as never });
      }
    }
    await expect(registrationsOfMedia(Broken)).rejects.toMatchObject({
      code: 'REGISTRATION_INVALID',
      message: expect.stringContaining('mimeTypes: expected a non-empty array of MIME types'),
    });
    await expect(registrationsOfMedia(class NoInit {})).rejects.toThrow(
      'expected the class given to registrationsOfMedia to be a class with a static init(context) method, found class NoInit without init',
    );
  });
});

describe('mimeTypeMatches', () => {
  it.each([
    [['image/*'], 'image/png', true],
    [['image/png'], 'image/jpeg', false],
    [['*/*'], 'application/pdf', true],
    [['video/*', 'image/jpeg'], 'image/jpeg', true],
  ])('%j covers %s: %s', (patterns, mimeType, expected) => {
    expect(mimeTypeMatches(patterns, mimeType)).toBe(expected);
  });
});
