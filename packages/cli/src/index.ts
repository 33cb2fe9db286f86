/**
 * @wfo/cli: the `wfo` command (`bin/wfo.js` runs `main`), and the services `wfo dev` starts when none is configured.
 */
export { main } from './main';
export { startEmbeddedPostgres, type EmbeddedService } from './embedded/embedded-postgres';
export { startEmbeddedRedis } from './embedded/embedded-redis';
export { freePort, reachable } from './embedded/reachable';
