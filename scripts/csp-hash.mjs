// Trunk post-build hook: allows the page's inline scripts by their hash in its
// Content-Security-Policy, so the policy needs no 'unsafe-inline' for scripts. Trunk writes one
// inline module script (the wasm loader: its text names the build's hashed files, so its hash is
// known only after the build); `trunk serve` adds its live-reload script after this hook, and only
// in development. Fails the build if the policy or its script-src is missing.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

const dir = process.env.TRUNK_STAGING_DIR ?? process.argv[2];
if (!dir) throw new Error('usage: TRUNK_STAGING_DIR=<dir> node scripts/csp-hash.mjs');
const file = path.join(dir, 'index.html');
let html = fs.readFileSync(file, 'utf8');
const hashes = new Set();
// Inline scripts only (no src); a template's scripts never run and carry a src anyway.
for (const m of html.matchAll(/<script\b(?![^>]*\bsrc\s*=)[^>]*>([\s\S]*?)<\/script>/gi)) {
  hashes.add(`'sha256-${crypto.createHash('sha256').update(m[1], 'utf8').digest('base64')}'`);
}
const before = html;
html = html.replace(/(http-equiv="Content-Security-Policy"[\s\S]*?script-src 'self')/, `$1 ${[...hashes].join(' ')}`);
if (html === before && hashes.size > 0) throw new Error(`${file}: no script-src 'self' in a Content-Security-Policy to add ${[...hashes]} to`);
fs.writeFileSync(file, html);
console.log(`csp-hash: ${hashes.size} inline script(s) allowed by hash`);
