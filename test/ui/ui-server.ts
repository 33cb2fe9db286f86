import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';

const UI_DIR = path.resolve(__dirname, '../../apps/ui');

export interface UiServer {
  readonly url: string;
  readonly child: ChildProcess;
  stop(): Promise<void>;
}

/** Whether `apps/ui` has been built (`npm run ui -- --build`). */
export function uiIsBuilt(): boolean {
  return existsSync(path.join(UI_DIR, '.next/BUILD_ID'));
}

/** The built UI's server on a free port, forwarding the API to `wfoUrl`. */
export function startUiServer(wfoUrl: string): Promise<UiServer> {
  const child = spawn(process.execPath, [path.join(UI_DIR, 'server.js')], {
    cwd: UI_DIR,
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', WFO_URL: wfoUrl, NEXT_TELEMETRY_DISABLED: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`The UI server did not start in time:\n${output}`)), 60_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening on (http:\/\/\S+)/.exec(output);
      if (!match) return;
      clearTimeout(timer);
      resolve({
        url: match[1]!.replace('localhost', '127.0.0.1'),
        child,
        stop: async () => {
          if (child.exitCode === null) child.kill('SIGTERM');
          await exited;
        },
      });
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    void exited.then(() => {
      clearTimeout(timer);
      reject(new Error(`The UI server exited:\n${output}`));
    });
  });
}
