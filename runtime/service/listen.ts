import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createAdaptorServer } from '@hono/node-server';
import type { Hono } from 'hono';
import { IdahPluginError } from '../errors.ts';

export interface ListeningService {
  /** `http://host:port` as clients reach it. */
  url: string;
  port: number;
  /** Stops accepting, ends open streams (SSE), resolves once the socket is closed. */
  close(): Promise<void>;
}

/** Serves the app over HTTP on `host:port` (port 0: a free one). */
export async function listenService(app: Hono, options: { host: string; port: number }): Promise<ListeningService> {
  const server = createAdaptorServer({ fetch: app.fetch }) as Server;
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(new IdahPluginError('USAGE', `cannot listen on ${options.host}:${options.port}: ${error.code === 'EADDRINUSE' ? 'the port is in use' : error.message}`)),
    );
    server.listen(options.port, options.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const shownHost = options.host.includes(':') ? `[${options.host}]` : options.host === '0.0.0.0' ? '127.0.0.1' : options.host;
  return {
    url: `http://${shownHost}:${port}`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
        // Event streams never end by themselves.
        setTimeout(() => server.closeAllConnections(), 1000).unref();
      }),
  };
}
