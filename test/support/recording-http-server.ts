import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

export interface ScriptedAnswer {
  status: number;
  body?: string;
  headers?: Record<string, string>;
}

/**
 * A real HTTP server on 127.0.0.1 that keeps every request it gets (whole bodies) and answers
 * from a script: `answers[i]` for the i-th request, then `fallback` (default 200).
 */
export class RecordingHttpServer {
  readonly requests: RecordedRequest[] = [];
  answers: ScriptedAnswer[] = [];
  fallback: ScriptedAnswer = { status: 200, body: 'ok' };
  url = '';
  readonly #server: Server;

  private constructor() {
    this.#server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        this.requests.push({ method: request.method ?? '', path: request.url ?? '', headers: request.headers, body: Buffer.concat(chunks) });
        const answer = this.answers[this.requests.length - 1] ?? this.fallback;
        response.writeHead(answer.status, { 'Content-Type': 'text/plain', ...answer.headers });
        response.end(answer.body ?? '');
      });
    });
  }

  static async start(): Promise<RecordingHttpServer> {
    const server = new RecordingHttpServer();
    await new Promise<void>((resolve) => server.#server.listen(0, '127.0.0.1', resolve));
    server.url = `http://127.0.0.1:${(server.#server.address() as AddressInfo).port}`;
    return server;
  }

  close(): Promise<void> {
    this.#server.closeAllConnections();
    return new Promise((resolve) => this.#server.close(() => resolve()));
  }
}
