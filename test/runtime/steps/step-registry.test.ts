import { describe, expect, it } from 'vitest';
import { describeExporterClass } from '../../../runtime/plugins/validate-registration.ts';
import { StepRegistry } from '../../../runtime/steps/step-registry.ts';

const step = (name: string) => ({ name, progressWeight: 1, run: () => undefined });

describe('StepRegistry', () => {
  it('keeps the running order through register, insertBefore, insertAfter and unregister', () => {
    const registry = new StepRegistry().register(step('b')).insertBefore('b', step('a')).insertAfter('b', step('c')).register(step('d')).unregister('c');
    expect(registry.steps.map((entry) => entry.name)).toEqual(['a', 'b', 'd']);
    expect(registry.has('c')).toBe(false);
  });

  it('refuses an unknown anchor, naming the registered steps', () => {
    const registry = new StepRegistry({ plugin: 'demo' }).register(step('fetch'));
    expect(() => registry.insertAfter('convert', step('save'))).toThrow(
      '[demo] steps: insertAfter: expected the name of a registered step, got "convert" (registered: "fetch")',
    );
    expect(() => registry.unregister('nope')).toThrow(/unregister: expected the name of a registered step/);
  });

  it('refuses bad steps with every problem listed', () => {
    const registry = new StepRegistry();
    expect(() => registry.register({ name: '', progressWeight: -1, run: 'no', rollback: 3 } as never)).toThrow(
      'steps: step 1 is not a valid step: name: expected a non-empty string, found string ""; progressWeight: expected a finite number greater than 0, found number -1; run: expected a function run(context), found string "no"; rollback: expected a function or nothing, found number 3',
    );
    expect(() => registry.register(null as never)).toThrow(/step 1: expected an object with name, progressWeight and run\(context\), found null/);
  });
});

describe('registering a step-based exporter', () => {
  it('checks the steps when the plugin registers it', () => {
    class Both {
      name = 'Both';
      description = '';
      steps = [step('a')];
      export() {}
    }
    class Duplicates {
      name = 'Duplicates';
      description = '';
      steps = [step('a'), step('a')];
    }
    class HookThrows {
      name = 'Hook';
      description = '';
      setupSteps() {
        throw new Error('forgot something');
      }
    }
    class Fine {
      name = 'Fine';
      description = '';
      setupSteps(registry: StepRegistry) {
        registry.register(step('only'));
      }
    }
    expect(() => describeExporterClass('demo', Both)).toThrow(/either export\(context\) or steps .* not both/);
    expect(() => describeExporterClass('demo', Duplicates)).toThrow(/Duplicates is not a valid exporter: steps: a step named "a" is already registered/);
    expect(() => describeExporterClass('demo', HookThrows)).toThrow(/setupSteps\(registry\) threw: forgot something/);
    expect(describeExporterClass('demo', Fine).name).toBe('Fine');
  });
});
