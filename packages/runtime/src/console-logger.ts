import type { Logger } from '@wfo/engine';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent';
const ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 };

/** A logger writing one JSON line per event to stderr, from `level` up. */
export function consoleLogger(level: LogLevel = 'info', base: Record<string, unknown> = {}): Logger {
  const write = (lineLevel: Exclude<LogLevel, 'silent'>) => (message: string, fields?: Record<string, unknown>) => {
    if (ORDER[lineLevel] < ORDER[level]) return;
    process.stderr.write(
      `${JSON.stringify({ time: new Date().toISOString(), level: lineLevel, message, ...base, ...fields })}\n`,
    );
  };
  return {
    debug: write('debug'),
    info: write('info'),
    warn: write('warn'),
    error: write('error'),
    child: (bindings) => consoleLogger(level, { ...base, ...bindings }),
  };
}
