// Bundles the console (console/src) into one JS and one CSS file plus index.html, with esbuild:
// node console/build.mjs <out-dir>. Deterministic: same sources and lockfile, same bytes.
import { build } from 'esbuild';
import { copyFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const out = process.argv[2];
if (!out) throw new Error('usage: node console/build.mjs <out-dir>');
mkdirSync(out, { recursive: true });
await build({
  entryPoints: [join(here, 'src/app.js')],
  bundle: true,
  minify: true,
  format: 'esm',
  target: 'es2022',
  outfile: join(out, 'app.js'),
  legalComments: 'none',
  logLevel: 'warning',
});
await build({ entryPoints: [join(here, 'src/style.css')], bundle: true, minify: true, outfile: join(out, 'app.css'), logLevel: 'warning' });
copyFileSync(join(here, 'src/index.html'), join(out, 'index.html'));
