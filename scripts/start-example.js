// `npm start`: the example orchestrator as a newcomer runs it. Starts the NMS simulator (apps/nms-simulator) unless
// NMS_URL points at an NMS already, then `wfo dev` (API and worker, and its own Postgres and Redis when none answer)
// told where the NMS is. A stop signal to this process, or either child ending, stops both; the exit code is wfo's.
'use strict';
const { spawn } = require('node:child_process');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const wfoBin = path.join(root, 'packages/cli/bin/wfo.js');
const app = 'apps/example/src/app.ts';
const signals = ['SIGTERM', 'SIGINT', 'SIGHUP'];

/** Start the simulator; resolves with its URL once it listens, or null (said why) when it could not start. */
function startSimulator(children) {
  return new Promise((resolve) => {
    const nms = spawn(process.execPath, ['--import', 'tsx', 'apps/nms-simulator/src/main.ts'], {
      cwd: root,
      env: process.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    children.push(nms);
    let output = '';
    let listening = false;
    const relay = (stream, target) =>
      stream.on('data', (chunk) => {
        const text = chunk.toString();
        target.write(text);
        if (listening) return;
        output += text;
        const match = /NMS simulator ready at (\S+)/.exec(output);
        if (match) {
          listening = true;
          resolve(match[1]);
        }
      });
    relay(nms.stdout, process.stdout);
    relay(nms.stderr, process.stderr);
    nms.on('exit', (code) => {
      if (listening) return;
      console.error(
        `The NMS simulator did not start (exit ${code}). Free its port or set NMS_PORT; or point NMS_URL at a ` +
          'running NMS. Going on without it: provisioning workflows will wait for the NMS.',
      );
      resolve(null);
    });
  });
}

async function main() {
  const children = [];
  let stopping = false;
  const stopAll = (signal) => {
    stopping = true;
    for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill(signal);
  };
  for (const signal of signals) process.on(signal, () => stopAll(signal));

  const env = { ...process.env };
  if (!env.NMS_URL) {
    const url = await startSimulator(children);
    if (url) env.NMS_URL = url;
  }
  if (stopping) return;
  const wfo = spawn(process.execPath, [wfoBin, 'dev', '--app', app, ...process.argv.slice(2)], {
    cwd: root,
    env,
    stdio: 'inherit',
  });
  children.push(wfo);
  wfo.on('exit', (code, signal) => {
    stopAll('SIGTERM');
    process.exitCode = code ?? (signal ? 128 + (require('node:os').constants.signals[signal] ?? 0) : 1);
  });
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
