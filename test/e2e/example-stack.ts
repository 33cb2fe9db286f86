// The example orchestrator as `npm start` runs it, for end-to-end tests: the NMS simulator, then `wfo api` and
// `wfo worker` processes of apps/example, told where the NMS is and where the NMS reaches the API for callbacks.
import { createServer } from 'node:net';
import path from 'node:path';
import { configFromEnv } from '../../apps/nms-simulator/src/simulator-config';
import { startSimulator, type RunningSimulator } from '../../apps/nms-simulator/src/simulator-server';
import { startWfo, type Wfo, type WfoOptions } from './harness';

export const EXAMPLE_APP = path.resolve(__dirname, '../../apps/example/src/app.ts');

export interface ExampleStack {
  readonly wfo: Wfo;
  readonly nms: RunningSimulator;
  stop(): Promise<void>;
}

/** A port nothing listens on now (the OS's choice), for a process that must know its URL before it starts. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export async function startExampleStack(
  opts: Omit<WfoOptions, 'app' | 'apiPort'> & { nmsEnv?: Record<string, string> } = {},
): Promise<ExampleStack> {
  const nms = await startSimulator(configFromEnv({ NMS_PORT: '0', NMS_CONFIGURATION_MS: '300', ...opts.nmsEnv }));
  const apiPort = await freePort();
  try {
    const wfo = await startWfo({
      ...opts,
      app: EXAMPLE_APP,
      apiPort,
      env: { NMS_URL: nms.url, WFO_PUBLIC_URL: `http://127.0.0.1:${apiPort}`, ...opts.env },
    });
    return {
      wfo,
      nms,
      async stop() {
        await wfo.stop();
        await nms.close();
      },
    };
  } catch (err) {
    await nms.close();
    throw err;
  }
}
