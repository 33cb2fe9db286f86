import type { Logger } from '@wfo/engine';
import pino, { type Logger as Pino } from 'pino';
import type { LogLevel } from '../console-logger';

/**
 * Structured JSON logs (pino) on stderr, one object per line: `time`, `level`, `message`, the base fields (`pid`,
 * `hostname`) and the fields of the call. A step's `ctx.log` is a child carrying `processId`, `workflowKey` and
 * `stepName`, so every line a step causes says where it came from. Writes are synchronous: a crash never loses
 * the lines just before it.
 */
export function pinoLogger(level: LogLevel = 'info', base: Record<string, unknown> = {}): Logger {
  const root = pino(
    {
      level,
      base: { pid: process.pid, hostname: undefined, ...base },
      messageKey: 'message',
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
    },
    pino.destination({ fd: 2, sync: true }),
  );
  return adapt(root);
}

function adapt(p: Pino): Logger {
  return {
    debug: (message, fields) => p.debug(fields ?? {}, message),
    info: (message, fields) => p.info(fields ?? {}, message),
    warn: (message, fields) => p.warn(fields ?? {}, message),
    error: (message, fields) => p.error(fields ?? {}, message),
    child: (bindings) => adapt(p.child(bindings)),
  };
}
