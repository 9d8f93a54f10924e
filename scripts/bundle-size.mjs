// Prints the release bundle's sizes, raw and brotli, per kind: `METRIC <name> <value> <unit>` lines.
// `bundle_brotli_kb` is what a first visit fetches before the app runs; the files index.html names
// only in its inert templates (`tandem-lazy-*`: the HTML sanitizer, the wasm parts split off by
// scripts/wasm-link.sh) are fetched when first wanted, and counted apart as `bundle_on_demand_*`.
// usage: node scripts/bundle-size.mjs dist
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';

const dist = process.argv[2] ?? 'dist';
const html = fs.readFileSync(path.join(dist, 'index.html'), 'utf8');
const onDemand = new Set();
for (const template of html.matchAll(/<template id="tandem-lazy-[^"]*">([\s\S]*?)<\/template>/g)) {
  for (const m of template[1].matchAll(/(?:href|src)="\/?([^"]+)"/g)) onDemand.add(m[1]);
}
const totals = {};
const later = { raw: 0, brotli: 0 };
for (const name of fs.readdirSync(dist)) {
  const kind = path.extname(name).slice(1);
  if (!['wasm', 'js', 'css', 'html'].includes(kind)) continue;
  const bytes = fs.readFileSync(path.join(dist, name));
  const brotli = zlib.brotliCompressSync(bytes, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
  const sum = onDemand.has(name) ? later : (totals[kind] ??= { raw: 0, brotli: 0 });
  sum.raw += bytes.length;
  sum.brotli += brotli;
}
let all = 0;
for (const [kind, { raw, brotli }] of Object.entries(totals)) {
  console.log(`METRIC bundle_${kind}_raw_kb ${(raw / 1024).toFixed(1)} KB`);
  console.log(`METRIC bundle_${kind}_brotli_kb ${(brotli / 1024).toFixed(1)} KB`);
  all += brotli;
}
console.log(`METRIC bundle_brotli_kb ${(all / 1024).toFixed(1)} KB`);
console.log(`METRIC bundle_on_demand_raw_kb ${(later.raw / 1024).toFixed(1)} KB`);
console.log(`METRIC bundle_on_demand_brotli_kb ${(later.brotli / 1024).toFixed(1)} KB`);
