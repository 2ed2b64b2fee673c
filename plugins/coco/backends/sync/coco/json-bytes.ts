import { once } from 'node:events';
import { createWriteStream, type WriteStream } from 'node:fs';

/** Bytes are gathered in a buffer of this size, handed to the file whenever the next write might not fit. */
const BUFFER_BYTES = 1 << 20;
const DOT = 0x2e;
const DIGIT_0 = 0x30;
const MINUS = 0x2d;

/**
 * Writes JSON text to a file with numbers encoded straight into the buffer: no string per
 * number, no string per item. COCO writes a million annotations of ~20 numbers each, and the
 * strings for them were a large part of what the garbage collector had to clear. Text and
 * numbers come out exactly as `String()` and formatCents write them.
 */
export class JsonBytes {
  readonly path: string;
  readonly #stream: WriteStream;
  #buffer = Buffer.allocUnsafe(BUFFER_BYTES);
  #at = 0;
  #behind = false;
  #failure: Error | undefined;

  constructor(path: string) {
    this.path = path;
    this.#stream = createWriteStream(path);
    this.#stream.on('error', (error) => {
      this.#failure = error;
    });
  }

  /** Makes room for `bytes` more bytes (at most the buffer's size); call before a run of writes of that size at most. */
  room(bytes: number): void {
    if (this.#at + bytes > this.#buffer.length) this.#handOver();
  }

  /** ASCII or UTF-8 text; a text larger than the buffer is written on its own. */
  text(text: string): void {
    if (text.length * 3 > BUFFER_BYTES) {
      this.#handOver();
      this.#behind = !this.#stream.write(Buffer.from(text)) || this.#behind;
      return;
    }
    this.room(text.length * 3);
    this.#at += this.#buffer.write(text, this.#at);
  }

  /** Bytes prepared once (JSON punctuation and keys); within the room asked for. */
  bytes(bytes: Uint8Array): void {
    this.#buffer.set(bytes, this.#at);
    this.#at += bytes.length;
  }

  /** A whole number as String() writes it (safe integers); within the room asked for (24 bytes at most: String(-Number.MAX_VALUE)). */
  integer(value: number): void {
    let magnitude = value;
    if (magnitude < 0) {
      this.#buffer[this.#at++] = MINUS;
      magnitude = -magnitude;
    }
    this.#digits(magnitude);
  }

  /** Hundredths as formatCents writes them (2 decimals at most, trailing zeros dropped); within the room asked for. */
  cents(value: number): void {
    let magnitude = value;
    if (magnitude < 0) {
      this.#buffer[this.#at++] = MINUS;
      magnitude = -magnitude;
    }
    const whole = Math.trunc(magnitude / 100);
    const fraction = magnitude - whole * 100;
    this.#digits(whole);
    if (fraction === 0) return;
    const buffer = this.#buffer;
    buffer[this.#at++] = DOT;
    const tens = Math.trunc(fraction / 10);
    const ones = fraction - tens * 10;
    buffer[this.#at++] = DIGIT_0 + tens;
    if (ones !== 0) buffer[this.#at++] = DIGIT_0 + ones;
  }

  /** Resolves when the file has taken what was handed to it, if it was behind; undefined otherwise. */
  drained(): Promise<void> | undefined {
    if (this.#failure) return Promise.reject(this.#failure);
    if (!this.#behind) return undefined;
    this.#behind = false;
    return this.#stream.writableNeedDrain ? once(this.#stream, 'drain').then(() => undefined) : undefined;
  }

  /** Writes what is left and waits until the file is closed. */
  async close(): Promise<void> {
    this.#handOver();
    this.#stream.end();
    if (!this.#stream.closed) await once(this.#stream, 'close');
    if (this.#failure) throw this.#failure;
  }

  #digits(value: number): void {
    const buffer = this.#buffer;
    // Anything but a safe whole number (a fraction, NaN, a huge value) as String() writes it.
    if (!(value <= Number.MAX_SAFE_INTEGER) || value !== Math.floor(value)) {
      this.#at += buffer.write(String(value), this.#at, 'latin1');
      return;
    }
    if (value < 10) {
      buffer[this.#at++] = DIGIT_0 + value;
      return;
    }
    let length = 1;
    for (let rest = value; rest >= 10; rest = Math.floor(rest / 10)) length += 1;
    let at = this.#at + length - 1;
    for (let rest = value; at >= this.#at; at -= 1) {
      const next = Math.floor(rest / 10);
      buffer[at] = DIGIT_0 + (rest - next * 10);
      rest = next;
    }
    this.#at += length;
  }

  #handOver(): void {
    if (this.#at === 0) return;
    const full = this.#buffer.subarray(0, this.#at);
    this.#buffer = Buffer.allocUnsafe(BUFFER_BYTES);
    this.#at = 0;
    this.#behind = !this.#stream.write(full) || this.#behind;
  }
}
