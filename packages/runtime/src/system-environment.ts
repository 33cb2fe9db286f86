import { randomBytes } from 'node:crypto';
import type { StepEnvironment } from '@wfo/engine';

/** Epoch seconds from the process clock: the shell's clock, handed to the engine as an input. */
export function nowSeconds(): number {
  return Date.now() / 1000;
}

/** A URL-safe token of 256 random bits (callback tokens need at least 128). */
export function newUrlSafeToken(): string {
  return randomBytes(32).toString('base64url');
}

/** Time and randomness for one step, from the real clock and the system's random source. */
export function systemEnvironment(): StepEnvironment {
  return { now: nowSeconds(), newToken: newUrlSafeToken };
}
