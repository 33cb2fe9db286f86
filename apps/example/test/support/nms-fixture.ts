// What the example's workflow tests run against: the NMS simulator in this test process, and a stand-in for the
// orchestrator's callback endpoint that records what the simulator posts back, for the test to hand to
// `testing.callback`.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { testing, type TestProcess } from '@wfo/core';
import { configFromEnv } from '../../../nms-simulator/src/simulator-config';
import { startSimulator, type RunningSimulator } from '../../../nms-simulator/src/simulator-server';

export interface PostedCallback {
  readonly path: string;
  readonly body: Record<string, unknown>;
}

export interface NmsFixture {
  readonly nms: RunningSimulator;
  readonly callbacks: PostedCallback[];
  /** Change the simulator's faults, as `PUT /admin/faults` does. */
  faults(patch: Record<string, unknown>): Promise<void>;
  /**
   * While the process awaits a callback: wait for the simulator's answer to it, pass on its progress report and
   * the result, and run on. Returns the process once it no longer awaits a callback.
   */
  settle(p: TestProcess): Promise<TestProcess>;
  close(): Promise<void>;
}

async function until<T>(what: string, check: () => T | undefined, timeoutMs = 5_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

export async function startNmsFixture(): Promise<NmsFixture> {
  const callbacks: PostedCallback[] = [];
  const receiver: Server = createServer((req, res) => {
    let data = '';
    req.on('data', (chunk: Buffer) => (data += chunk.toString()));
    req.on('end', () => {
      callbacks.push({ path: req.url ?? '', body: JSON.parse(data) as Record<string, unknown> });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  const nms = await startSimulator(configFromEnv({ NMS_PORT: '0', NMS_CONFIGURATION_MS: '20' }));
  // The example reads where the NMS is, and where the NMS calls back, from the environment.
  process.env.NMS_URL = nms.url;
  process.env.WFO_PUBLIC_URL = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;

  return {
    nms,
    callbacks,
    async faults(patch) {
      const response = await fetch(`${nms.url}/admin/faults`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(patch),
      });
      if (!response.ok) throw new Error(`PUT /admin/faults: ${response.status} ${await response.text()}`);
    },
    async settle(p) {
      let current = p;
      while (current.status === 'awaiting_callback') {
        const route = String(current.state.callback_route);
        const result = await until(`the NMS's callback to ${route}`, () => callbacks.find((c) => c.path === route));
        const progress = callbacks.find((c) => c.path === `${route}/progress`);
        if (progress) current = await testing.callbackProgress(current, progress.body);
        current = await testing.callback(current, result.body);
      }
      return current;
    },
    async close() {
      await nms.close();
      receiver.closeAllConnections();
      await new Promise<void>((resolve) => receiver.close(() => resolve()));
    },
  };
}
