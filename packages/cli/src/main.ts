import { parseArgs } from 'node:util';
import { parseEnv } from './env';
import { Lifecycle } from './lifecycle';
import { loadApp } from './load-app';
import { tuneV8ForMemory } from './memory-tuning';
import type * as InitCommand from './commands/init';
import type * as MigrateCommand from './commands/migrate';
import type * as ApiCommand from './commands/api';
import type * as WorkerCommand from './commands/worker';
import type * as ProductsMigrateCommand from './commands/products-migrate';
import type * as DevCommand from './commands/dev';

const USAGE = `Usage:
  wfo api    --app <app.ts> [--port 8080]       the HTTP API (and the Bull dashboard)
  wfo worker --app <app.ts> [--concurrency 20]  a worker; start as many as you like
  wfo migrate                                   apply database migrations
  wfo dev    --app <app.ts> [--port 8080]       migrate, then API and a worker in one process
  wfo products migrate --app <app.ts> [--dry-run]  print, then apply, changes to declared products
  wfo init   <dir>                              a new project: an app, a workflow test, npm start / npm test

Configuration comes from the environment: DATABASE_URL, REDIS_URL, PORT, LOG_LEVEL, OAUTH2_ACTIVE, WFO_* (see README).
Without DATABASE_URL/REDIS_URL, the commands use the Postgres and Redis of a \`wfo dev\` running here, else those on
127.0.0.1's default ports; \`wfo dev\` starts its own when none answers.`;

/** The `wfo` command line. Returns the exit code. */
export async function main(argv: string[]): Promise<number> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      app: { type: 'string' },
      port: { type: 'string' },
      concurrency: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
      'dry-run': { type: 'boolean' },
    },
  });
  const command = positionals[0];
  if (values.help || !command) {
    process.stdout.write(`${USAGE}\n`);
    return command || values.help ? 0 : 1;
  }
  tuneV8ForMemory();
  const log = (line: string) => process.stdout.write(`${line}\n`);
  if (command === 'init') {
    if (!positionals[1]) throw new Error('Usage: wfo init <dir>: the folder of the new project');
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded only for this command
    const { initCommand } = require('./commands/init') as typeof InitCommand;
    await initCommand(positionals[1], log);
    return 0;
  }
  const env = parseEnv(process.env);
  const port = values.port === undefined ? env.PORT : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port: not a port number: ${values.port}`);
  const concurrency = values.concurrency === undefined ? undefined : Number(values.concurrency);
  if (concurrency !== undefined && !(Number.isInteger(concurrency) && concurrency > 0)) {
    throw new Error(`--concurrency: not a positive integer: ${values.concurrency}`);
  }
  if (command === 'products' && positionals[1] !== 'migrate') {
    throw new Error('Usage: wfo products migrate --app <app.ts> [--dry-run]');
  }
  if (!['migrate', 'api', 'worker', 'products', 'dev'].includes(command)) {
    process.stderr.write(`Unknown command "${command}"\n${USAGE}\n`);
    return 1;
  }

  // Whatever a command opens (connections, servers, its own Postgres and Redis) is closed when it ends: on success,
  // on an error, or on a stop request (a signal; npm exiting).
  const lifecycle = new Lifecycle(log);
  lifecycle.watch(Boolean(process.env.npm_lifecycle_event)); // npm sets it for the scripts it runs
  /* eslint-disable @typescript-eslint/no-require-imports -- each command loads only its own modules */
  // Each command loads only its own modules: a worker never loads the HTTP server, the dashboard or the API docs
  // (a smaller, faster-starting worker process; docs/adr/0013-step-hot-path.md).
  try {
    switch (command) {
      case 'migrate': {
        const { migrateCommand } = require('./commands/migrate') as typeof MigrateCommand;
        await migrateCommand(env, lifecycle, log);
        break;
      }
      case 'api': {
        const { apiCommand } = require('./commands/api') as typeof ApiCommand;
        await apiCommand(await loadApp(requireApp(values.app)), env, port, lifecycle, log);
        break;
      }
      case 'worker': {
        const { workerCommand } = require('./commands/worker') as typeof WorkerCommand;
        await workerCommand(await loadApp(requireApp(values.app)), env, concurrency, lifecycle, log);
        break;
      }
      case 'products': {
        const { productsMigrateCommand } = require('./commands/products-migrate') as typeof ProductsMigrateCommand;
        await productsMigrateCommand(
          await loadApp(requireApp(values.app)),
          env,
          values['dry-run'] ?? false,
          lifecycle,
          log,
        );
        break;
      }
      case 'dev': {
        const { devCommand } = require('./commands/dev') as typeof DevCommand;
        await devCommand(requireApp(values.app), env, port, lifecycle, log);
        break;
      }
    }
    /* eslint-enable @typescript-eslint/no-require-imports */
    return 0;
  } finally {
    await lifecycle.close();
  }
}

function requireApp(app: string | undefined): string {
  if (!app) throw new Error('--app <module> is required: a module whose default export is defineOrchestrator(...)');
  return app;
}
