import { once } from 'node:events';
import { createServer, type RequestListener } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * Serves `app` on a free port of 127.0.0.1 while `use` runs with its base URL, then closes it, keep-alive
 * connections included (`server.close()` alone leaves fetch's idle connections open).
 */
export async function serveOnFreePort<T>(app: RequestListener, use: (baseUrl: string) => Promise<T>): Promise<T> {
  const server = createServer(app).listen(0, '127.0.0.1');
  await once(server, 'listening');
  try {
    return await use(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
  } finally {
    server.close();
    server.closeAllConnections();
  }
}
