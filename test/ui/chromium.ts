import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

/** Debian's Chromium (`apt-get install chromium`), or the one `WFO_CHROMIUM` names. Never a downloaded browser. */
export function findChromium(): string | null {
  const candidates = [process.env.WFO_CHROMIUM, '/usr/bin/chromium', '/usr/bin/chromium-headless-shell'];
  return candidates.find((c): c is string => !!c && existsSync(c)) ?? null;
}

/**
 * Headless Chromium with a fresh profile, and with its background traffic off: without these flags it keeps
 * calling home (updates, sync, QUIC probes), which on a closed network is a flood of failing requests. Playwright
 * gives every launch a fresh temporary profile (its `--user-data-dir`), removed on close.
 */
export function launchChromium(executablePath: string): Promise<Browser> {
  return chromium.launch({
    executablePath,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}
