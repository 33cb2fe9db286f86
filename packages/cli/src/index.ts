/**
 * @wfo/cli: the `wfo` command (`bin/wfo.js` runs `main`), and the services `wfo dev` starts when none is configured.
 */
export { main } from './main';
export { startEmbeddedPostgres } from './embedded/embedded-postgres';
export { startEmbeddedRedis } from './embedded/embedded-redis';
export type { EmbeddedService } from './embedded/service-process';
export { freePort, reachable } from './embedded/reachable';
