// Prints the release bundle's sizes, raw and brotli, per kind: `METRIC <name> <value> <unit>` lines.
// usage: node scripts/bundle-size.mjs dist
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';

const dist = process.argv[2] ?? 'dist';
const totals = {};
for (const name of fs.readdirSync(dist)) {
  const kind = path.extname(name).slice(1);
  if (!['wasm', 'js', 'css', 'html'].includes(kind)) continue;
  const bytes = fs.readFileSync(path.join(dist, name));
  const brotli = zlib.brotliCompressSync(bytes, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
  totals[kind] = { raw: (totals[kind]?.raw ?? 0) + bytes.length, brotli: (totals[kind]?.brotli ?? 0) + brotli };
}
let all = 0;
for (const [kind, { raw, brotli }] of Object.entries(totals)) {
  console.log(`METRIC bundle_${kind}_raw_kb ${(raw / 1024).toFixed(1)} KB`);
  console.log(`METRIC bundle_${kind}_brotli_kb ${(brotli / 1024).toFixed(1)} KB`);
  all += brotli;
}
console.log(`METRIC bundle_brotli_kb ${(all / 1024).toFixed(1)} KB`);
