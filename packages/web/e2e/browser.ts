import { chromium, type Browser } from 'playwright-core';

/** Debian's Chromium (`apt-get install chromium`); override with PARTA_E2E_CHROMIUM. */
export const CHROMIUM_PATH = process.env.PARTA_E2E_CHROMIUM ?? '/usr/bin/chromium';

/**
 * Headless Chromium for end-to-end tests. No downloads (`playwright install`
 * is not needed) and no background traffic: the tests must work offline.
 */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
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

export const VIEWPORTS = {
  phone: {
    viewport: { width: 390, height: 844 },
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
  },
  desktop: { viewport: { width: 1280, height: 800 }, deviceScaleFactor: 1 },
} as const;
