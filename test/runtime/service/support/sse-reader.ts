export interface SseEvent {
  event: string;
  id: string | undefined;
  data: unknown;
}

/** Reads server-sent events from a real response until `done` says so (or the timeout passes). */
export async function readEvents(response: Response, done: (events: SseEvent[]) => boolean, timeoutMs = 20_000): Promise<SseEvent[]> {
  const reader = (response.body as ReadableStream<Uint8Array>).getReader();
  const decoder = new TextDecoder();
  const events: SseEvent[] = [];
  let buffer = '';
  const timer = setTimeout(() => void reader.cancel(), timeoutMs);
  try {
    while (!done(events)) {
      const { value, done: ended } = await reader.read();
      if (ended) break;
      buffer += decoder.decode(value, { stream: true });
      let end: number;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const fields = { event: 'message', id: undefined as string | undefined, data: [] as string[] };
        for (const line of block.split('\n')) {
          if (line.startsWith(':')) continue;
          const [name, ...rest] = line.split(':');
          const value = rest.join(':').replace(/^ /, '');
          if (name === 'event') fields.event = value;
          else if (name === 'id') fields.id = value;
          else if (name === 'data') fields.data.push(value);
        }
        if (fields.data.length > 0) events.push({ event: fields.event, id: fields.id, data: JSON.parse(fields.data.join('\n')) });
      }
    }
  } finally {
    clearTimeout(timer);
    await reader.cancel().catch(() => {});
  }
  return events;
}
