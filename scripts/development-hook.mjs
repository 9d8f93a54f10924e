// Trunk post-build hook: marks the page of a development build (`trunk serve`, scripts/dev.sh) so
// that the service worker never keeps it as its shell (sw.js answers the app's pages from the
// shell it stored, and refreshes it behind): the reload after a rebuild would otherwise run the
// build before it. A release build is left as it is.
import fs from 'node:fs';
import path from 'node:path';

const dir = process.env.TRUNK_STAGING_DIR ?? process.argv[2];
if (!dir) throw new Error('usage: TRUNK_STAGING_DIR=<dir> node scripts/development-hook.mjs');
if (process.env.TRUNK_PROFILE !== 'release') {
  const file = path.join(dir, 'index.html');
  const html = fs.readFileSync(file, 'utf8');
  const marked = html.replace(/<head>/i, '<head>\n    <meta name="tandem-build" content="development" />');
  if (marked === html) throw new Error(`${file}: no <head> to mark`);
  fs.writeFileSync(file, marked);
  console.log('development-hook: the page is marked as a development build');
}
