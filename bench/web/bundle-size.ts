/**
 * What the messenger's first load costs: the scripts and styles `index.html`
 * references (the entry and the chunks it preloads), raw and gzipped (-9),
 * then every chunk loaded on demand. Run after `npm run build -w @parta/web`:
 *
 *   node --import tsx bench/web/bundle-size.ts
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const dist = fileURLToPath(new URL('../../packages/web/dist', import.meta.url));
const index = join(dist, 'index.html');
if (!existsSync(index)) {
  console.error(`${index} is missing: run \`npm run build -w @parta/web\` first.`);
  process.exit(1);
}

const html = readFileSync(index, 'utf8');
const critical = new Set(
  [...html.matchAll(/(?:src|href)="\/?(assets\/[^"]+\.(?:js|css))"/g)].map((m) => m[1]!),
);
const size = (file: string) => {
  const bytes = readFileSync(join(dist, file));
  return { raw: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length };
};
const kib = (n: number) => `${(n / 1024).toFixed(1)} KiB`;

const total = { js: { raw: 0, gzip: 0 }, css: { raw: 0, gzip: 0 } };
for (const file of critical) {
  const s = size(file);
  const kind = file.endsWith('.css') ? total.css : total.js;
  kind.raw += s.raw;
  kind.gzip += s.gzip;
}
console.log(`critical path: ${critical.size} files`);
console.log(
  `  JavaScript ${kib(total.js.raw)} raw, ${kib(total.js.gzip)} gzipped (target ≤ 300 KB)`,
);
console.log(`  CSS        ${kib(total.css.raw)} raw, ${kib(total.css.gzip)} gzipped`);

console.log('loaded on demand (gzipped):');
const lazy = readdirSync(join(dist, 'assets'))
  .filter((f) => f.endsWith('.js') && !critical.has(`assets/${f}`))
  .map((f) => ({ f, ...size(`assets/${f}`) }))
  .sort((a, b) => b.gzip - a.gzip);
for (const { f, gzip } of lazy) console.log(`  ${kib(gzip).padStart(10)}  ${f}`);
