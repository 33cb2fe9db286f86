import { parseArgs } from 'node:util';
import { parseEnv } from './env';
import { Lifecycle } from './lifecycle';
import { loadApp } from './load-app';
import { migrateCommand } from './commands/migrate';
import { workerCommand } from './commands/worker';
import { apiCommand } from './commands/api';
import { devCommand } from './commands/dev';
import { productsMigrateCommand } from './commands/products-migrate';
import { initCommand } from './commands/init';

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
  const log = (line: string) => process.stdout.write(`${line}\n`);
  if (command === 'init') {
    if (!positionals[1]) throw new Error('Usage: wfo init <dir>: the folder of the new project');
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
  try {
    switch (command) {
      case 'migrate':
        await migrateCommand(env, lifecycle, log);
        break;
      case 'api':
        await apiCommand(await loadApp(requireApp(values.app)), env, port, lifecycle, log);
        break;
      case 'worker':
        await workerCommand(await loadApp(requireApp(values.app)), env, concurrency, lifecycle, log);
        break;
      case 'products':
        await productsMigrateCommand(
          await loadApp(requireApp(values.app)),
          env,
          values['dry-run'] ?? false,
          lifecycle,
          log,
        );
        break;
      case 'dev':
        await devCommand(requireApp(values.app), env, port, lifecycle, log);
        break;
    }
    return 0;
  } finally {
    await lifecycle.close();
  }
}

function requireApp(app: string | undefined): string {
  if (!app) throw new Error('--app <module> is required: a module whose default export is defineOrchestrator(...)');
  return app;
}
