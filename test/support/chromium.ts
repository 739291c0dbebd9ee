import { existsSync } from 'node:fs';
import { type Browser, chromium } from 'playwright-core';

/** Debian's Chromium (installed by deploy/scripts/ensure-chromium.sh); CHROMIUM_PATH overrides. */
export function chromiumPath(): string {
  const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].filter(
    (path): path is string => path !== undefined,
  );
  const found = candidates.find((path) => existsSync(path));
  if (!found) throw new Error('Chromium not found: run deploy/scripts/ensure-chromium.sh (make test does)');
  return found;
}

/**
 * Headless Chromium with the flags this machine needs: no sandbox (root), and no background networking
 * (the network is closed; Chromium's own update and sync calls would only fail and slow it down).
 * Playwright gives each launch a fresh, empty profile.
 */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath(),
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
