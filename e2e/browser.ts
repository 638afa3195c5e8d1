// Debian's Chromium driven by playwright-core, with the launch flags that work on this kind of machine.
import { existsSync } from 'node:fs';
import { type Browser, chromium } from 'playwright-core';

const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'];

export function launchChromium(): Promise<Browser> {
  const executablePath = candidates.find((path): path is string => Boolean(path && existsSync(path)));
  if (!executablePath) {
    throw new Error(
      'Chromium not found: install it (apt-get install chromium) or set CHROMIUM_PATH. .ci/run does this.',
    );
  }
  return chromium.launch({
    executablePath,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
    ],
  });
}
