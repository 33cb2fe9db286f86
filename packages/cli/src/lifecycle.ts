import { isAlive, npmAncestor } from './embedded/processes';

/** Why a long-running command stops. */
export type StopReason = { readonly signal: NodeJS.Signals } | { readonly parentExited: true };

const SIGNALS: readonly NodeJS.Signals[] = ['SIGTERM', 'SIGINT', 'SIGHUP'];
const EXIT_CODES: Record<string, number> = { SIGHUP: 129, SIGINT: 130, SIGTERM: 143 };
const PARENT_CHECK_MS = 500;
const REPEAT_WINDOW_MS = 1_000;

/**
 * What a `wfo` command opened, and when it closes it: whatever the command opens is registered with `onClose` and
 * closed newest first, on success, on an error, or on a stop request. A stop request is SIGTERM, SIGINT or SIGHUP,
 * or, for a command started by an npm script, npm ending: npm does not pass SIGTERM or SIGHUP on to its script, so
 * `docker stop` or a closed terminal would otherwise leave `wfo` and its embedded services running.
 *
 * npm passes SIGINT and SIGTERM to its script's shell only: a script that starts `wfo` with `exec` (`"start": "exec
 * wfo dev …"`) gets them itself.
 *
 * A signal during start-up closes what is open so far and exits; a signal sent again (a second later or more) exits
 * at once (the embedded services are then asked to shut down by their exit hook).
 */
export class Lifecycle {
  private readonly closers: Array<() => Promise<void> | void> = [];
  private readonly listeners: Array<() => void> = [];
  private waiting?: (result: { reason?: StopReason; failure?: Error }) => void;
  private pending?: { reason?: StopReason; failure?: Error };
  private stoppingSince?: number;

  constructor(private readonly log: (line: string) => void) {}

  /** Close `close` when the command ends; things are closed in the reverse order of registration. */
  onClose(close: () => Promise<void> | void): void {
    this.closers.push(close);
  }

  /** Listen for stop requests (see the class comment); `npmScript`: this process runs as an npm script. */
  watch(npmScript: boolean): void {
    for (const signal of SIGNALS) {
      const handler = () => this.requestStop({ signal });
      process.on(signal, handler);
      this.listeners.push(() => process.off(signal, handler));
    }
    if (npmScript) {
      const parent = process.ppid;
      const npm = npmAncestor();
      const timer = setInterval(() => {
        if (process.ppid !== parent || (npm !== undefined && !isAlive(npm))) this.requestStop({ parentExited: true });
      }, PARENT_CHECK_MS);
      timer.unref();
      this.listeners.push(() => clearInterval(timer));
    }
  }

  /** End the command with `failure` when it happens (an embedded service that died). */
  failWhen(failure: Promise<Error>): void {
    void failure.then((error) => this.settle({ failure: error }));
  }

  /** Resolves with the stop request; rejects with a failure given to `failWhen`. */
  async untilStopped(): Promise<StopReason> {
    const result =
      this.pending ?? (await new Promise<{ reason?: StopReason; failure?: Error }>((r) => (this.waiting = r)));
    if (result.failure) throw result.failure;
    return result.reason!;
  }

  /** Close everything registered, newest first. A failing close is reported and the others still run. */
  async close(): Promise<void> {
    for (let close = this.closers.pop(); close; close = this.closers.pop()) {
      try {
        await close();
      } catch (err) {
        this.log(`While stopping: ${err instanceof Error ? err.message : String(err)}`);
      }
    }
    for (const remove of this.listeners.splice(0)) remove();
  }

  private requestStop(reason: StopReason): void {
    if (this.stoppingSince !== undefined) {
      // One stop request often arrives twice (a Ctrl-C reaches both npm, which passes it on, and `wfo`; `timeout`
      // signals its child and then its process group): only a signal sent again later means "now".
      if ('signal' in reason && Date.now() - this.stoppingSince > REPEAT_WINDOW_MS) process.exit(1);
      return;
    }
    this.stoppingSince = Date.now();
    this.log('signal' in reason ? `${reason.signal}: stopping` : 'npm exited: stopping');
    if (this.waiting) {
      this.settle({ reason });
      return;
    }
    // Still starting: nothing waits for the request, so close what is open and exit here.
    const code = 'signal' in reason ? (EXIT_CODES[reason.signal] ?? 1) : 1;
    void this.close().finally(() => process.exit(code));
  }

  private settle(result: { reason?: StopReason; failure?: Error }): void {
    if (this.pending) return;
    this.pending = result;
    this.waiting?.(result);
  }
}
