import type { Logger } from '@wfo/engine';

/** A logger for benchmarks: keeps the output to the figures, but still shows what went wrong. */
export const errorsOnlyLogger: Logger = {
  debug: () => {},
  info: () => {},
  warn: () => {},
  error: (message, fields) => console.error(message, fields),
};
