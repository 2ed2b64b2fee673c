import { PassThrough } from 'node:stream';

export const KEYS = { enter: '\r', space: ' ', down: '\u001b[B', ctrlC: '\u0003', backspace: '\u007f' } as const;

/**
 * A user at a keyboard: waits until a prompt's question is on screen, then types its answer.
 * Feed `screen` everything the command writes to stderr.
 */
export function keyboard(script: Array<{ whenShown: string; type: string }>) {
  const stdin = new PassThrough();
  let step = 0;
  let answeredUpTo = 0;
  return {
    stdin,
    screen(text: string) {
      const next = script[step];
      if (!next) return;
      // Look only at what appeared since the last answer, so a question is answered once.
      const at = text.indexOf(next.whenShown, answeredUpTo);
      if (at === -1) return;
      step++;
      answeredUpTo = at + next.whenShown.length;
      // After the prompt has attached to stdin (it draws first, then listens).
      setTimeout(() => stdin.write(next.type), 10);
    },
    get unanswered() {
      return script.slice(step).map((entry) => entry.whenShown);
    },
  };
}
