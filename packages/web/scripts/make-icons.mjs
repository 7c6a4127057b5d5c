// Renders the PWA icons (PNG) from the Parta mark with Debian's Chromium.
// Run once when the mark changes: `node packages/web/scripts/make-icons.mjs`.
// The PNGs are committed; the build does not run this.
import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const out = fileURLToPath(new URL('../public/icons/', import.meta.url));
const mark = (inset) => `
  <svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32" width="100%" height="100%">
    <rect width="32" height="32" rx="${inset ? 0 : 8}" fill="#2f6f5e"/>
    <g transform="${inset ? 'translate(3.2 3.2) scale(0.8)' : ''}">
      <path d="M7 10.5c3-1.2 6-1 9 1 3-2 6-2.2 9-1v11c-3-1.2-6-1-9 1-3-2-6-2.2-9-1zM16 11.5v11"
        fill="none" stroke="#fff" stroke-width="1.8" stroke-linejoin="round"/>
    </g>
  </svg>`;

await mkdir(out, { recursive: true });
const browser = await chromium.launch({
  executablePath: process.env.PARTA_E2E_CHROMIUM ?? '/usr/bin/chromium',
  args: ['--no-sandbox'],
});
const page = await browser.newPage();
for (const [name, size, maskable] of [
  ['icon-192.png', 192, false],
  ['icon-512.png', 512, false],
  ['icon-maskable-512.png', 512, true],
  ['apple-touch-icon.png', 180, true],
]) {
  await page.setViewportSize({ width: size, height: size });
  await page.setContent(
    `<html><body style="margin:0;background:transparent">${mark(maskable)}</body></html>`,
  );
  await page.screenshot({ path: out + name, omitBackground: !maskable });
}
await browser.close();
