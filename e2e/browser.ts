// Debian's Chromium driven by playwright-core, with the launch flags that work on this kind of machine.
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Browser, type BrowserContext, chromium } from 'playwright-core';

const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'];
const args = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

function executablePath(): string {
  const found = candidates.find((path): path is string => Boolean(path && existsSync(path)));
  if (!found) {
    throw new Error(
      'Chromium not found: install it (apt-get install chromium) or set CHROMIUM_PATH. .ci/run does this.',
    );
  }
  return found;
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: executablePath(), args });
}

/**
 * Chromium with a fresh profile whose cookie setting (chrome://settings/cookies) allows or blocks third-party
 * cookies: the browser's own setting, as a person sets it. Checked on this machine's Chromium 156: Playwright's
 * contexts block them already (the CDP reason is "UserPreferences"), `--test-third-party-cookie-phaseout` changes
 * nothing, and a profile's `profile.cookie_controls_mode` (0 allow, 1 block) decides.
 */
export function launchChromiumProfile(thirdPartyCookies: 'allowed' | 'blocked'): Promise<BrowserContext> {
  const profile = mkdtempSync(join(tmpdir(), 'chromium-profile-'));
  mkdirSync(join(profile, 'Default'));
  const mode = thirdPartyCookies === 'allowed' ? 0 : 1;
  writeFileSync(join(profile, 'Default', 'Preferences'), JSON.stringify({ profile: { cookie_controls_mode: mode } }));
  return chromium.launchPersistentContext(profile, { executablePath: executablePath(), args });
}
