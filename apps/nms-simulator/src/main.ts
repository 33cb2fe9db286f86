// The NMS simulator as its own process: `npm start -w @wfo/nms-simulator` (or `tsx apps/nms-simulator/src/main.ts`).
import { configFromEnv } from './simulator-config';
import { startSimulator } from './simulator-server';

async function main(): Promise<void> {
  const config = configFromEnv(process.env);
  const simulator = await startSimulator(config, {
    log: (line) => console.log(`[nms] ${line}`),
  });
  // Not "listening on http://…": that is how tools and tests recognise the WFO API in `npm start`'s output.
  console.log(`NMS simulator ready at ${simulator.url} (configuration jobs take ${config.configurationMs} ms)`);
  const stop = () => {
    void simulator.close().then(() => process.exit(0));
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
  process.once('SIGHUP', stop);
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : String(err));
  process.exit(1);
});
