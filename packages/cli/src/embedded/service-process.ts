import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { appendFileSync } from 'node:fs';

/** A server WFO runs for itself (`wfo dev`'s Postgres and Redis). */
export interface EmbeddedService {
  /** `Postgres` or `Redis`, for messages. */
  readonly name: string;
  readonly url: string;
  readonly pid: number;
  /** Settles only if the server stops by itself (a crash), with an error that shows the server's last log lines. */
  readonly failed: Promise<Error>;
  /** Stop the server and wait until it has exited. */
  readonly stop: () => Promise<void>;
}

export interface ServiceProcessOptions {
  readonly name: string;
  /** Where clients reach the server once it is ready. */
  readonly url: string;
  readonly command: string;
  readonly args: readonly string[];
  readonly spawn?: Pick<SpawnOptions, 'uid' | 'gid' | 'env' | 'cwd'>;
  /** The signal that shuts the server down cleanly, and the one that ends it at once when that takes too long. */
  readonly stopSignal: NodeJS.Signals;
  readonly forceSignal: NodeJS.Signals;
  /** Appends the server's whole output here (besides the last lines kept for error messages). */
  readonly logFile?: string;
  /** Turns a failure to start the program at all (ENOENT, EACCES) into an error that says what to do. */
  readonly spawnError: (err: NodeJS.ErrnoException) => Error;
}

const READY = /ready to accept connections/i;
const START_TIMEOUT_MS = 60_000;
const STOP_TIMEOUT_MS = 30_000;
const TAIL_LINES = 30;

/**
 * Children still running, each with its clean-shutdown signal: sent if this process exits without stopping them
 * (the last safety net). The server then shuts down cleanly by itself after `wfo` is gone.
 */
const running = new Map<ChildProcess, NodeJS.Signals>();
let exitHookInstalled = false;

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => {
    for (const [child, signal] of running) child.kill(signal);
  });
}

function describeExit(code: number | null, signal: NodeJS.Signals | null): string {
  return signal ? `killed by ${signal}` : `exit code ${code}`;
}

/**
 * Starts a server program and resolves once it logs that it accepts connections (Postgres and Redis both say
 * "ready to accept connections"). The server gets a process group of its own, so a Ctrl-C in the terminal reaches
 * only `wfo`, which stops the server after its own work has stopped; if `wfo` exits without stopping it, an exit
 * hook asks it to shut down. If it exits or stays silent before it is ready, the error carries its last log lines.
 */
export function startServiceProcess(opts: ServiceProcessOptions): Promise<EmbeddedService> {
  installExitHook();
  const child = spawn(opts.command, [...opts.args], {
    ...opts.spawn,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const tail: string[] = [];
  let onLine: (line: string) => void = () => undefined;
  let partial = '';
  const collect = (chunk: Buffer) => {
    const text = chunk.toString('utf8');
    if (opts.logFile) appendFileSync(opts.logFile, text);
    const lines = (partial + text).split('\n');
    partial = lines.pop() ?? '';
    for (const line of lines) {
      tail.push(line);
      if (tail.length > TAIL_LINES) tail.shift();
      onLine(line);
    }
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  const logTail = () => [...tail, partial].filter((l) => l.trim() !== '').join('\n');

  let stopping = false;
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once('exit', (code, signal) => {
      running.delete(child);
      resolve({ code, signal });
    });
  });
  const failed = new Promise<Error>((resolve) => {
    void exited.then(({ code, signal }) => {
      if (!stopping) {
        resolve(
          new Error(
            `The embedded ${opts.name} stopped unexpectedly (${describeExit(code, signal)}). Its last log lines:\n${logTail()}`,
          ),
        );
      }
    });
  });
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    stopping = true;
    child.kill(opts.stopSignal);
    const timer = setTimeout(() => child.kill(opts.forceSignal), STOP_TIMEOUT_MS);
    await exited;
    clearTimeout(timer);
  };

  return new Promise((resolve, reject) => {
    let settled = false;
    const fail = (error: Error) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      onLine = () => undefined;
      stopping = true;
      if (child.exitCode === null && child.signalCode === null) child.kill(opts.forceSignal);
      reject(error);
    };
    const timer = setTimeout(
      () =>
        fail(new Error(`The embedded ${opts.name} did not start within a minute. Its last log lines:\n${logTail()}`)),
      START_TIMEOUT_MS,
    );
    child.once('error', (err: NodeJS.ErrnoException) => fail(opts.spawnError(err)));
    void exited.then(({ code, signal }) => {
      fail(
        new Error(
          `The embedded ${opts.name} could not start (${describeExit(code, signal)}). Its log:\n${logTail() || '(nothing)'}`,
        ),
      );
    });
    onLine = (line) => {
      if (!READY.test(line) || settled) return;
      settled = true;
      clearTimeout(timer);
      onLine = () => undefined;
      resolve({ name: opts.name, url: opts.url, pid: child.pid!, failed, stop });
    };
    if (child.pid !== undefined) running.set(child, opts.stopSignal);
  });
}
