// A reload on a slow link (issue 12): the served app behind a proxy that answers every request
// `--delay` ms late, as a link to a distant host would. Signs in through it, waits for the full
// sync, then reloads `--runs` times (after one that keeps the first paint's snapshot) and prints,
// like measure.mjs, from the navigation's start: the first row painted (`.thread-row`, or the
// text-only first paint `#tandem-first-paint`), and the app's own row painted. "Painted": a
// MutationObserver sees it, then a requestAnimationFrame and a setTimeout(0) pass.
//
// usage: node tests/bench/slow_link.mjs --app http://127.0.0.1:48080 [--delay 100] [--runs 5]
//          [--user alice] [--password tandem] [--sync-timeout-s 900]
import http from 'node:http';
import { chromium } from 'playwright-core';
import { CHROMIUM, CHROMIUM_ARGS, LOCAL_ONLY, median, metric, options, rowsWatch } from './common.mjs';

const args = options();
const APP = new URL(args.app ?? 'http://127.0.0.1:48080');
const DELAY_MS = Number(args.delay ?? 100);
const RUNS = Number(args.runs ?? 5);
const USER = args.user ?? 'alice';
const PASSWORD = args.password ?? 'tandem';
const SYNC_TIMEOUT_MS = Number(args['sync-timeout-s'] ?? 900) * 1000;

const log = (...a) => console.error('[slow-link]', ...a);

/** Every request passed on to the app's server `DELAY_MS` late; listens on a free port. */
function slowProxy() {
  const server = http.createServer((req, res) => {
    setTimeout(() => {
      const upstream = http.request({ host: APP.hostname, port: APP.port, path: req.url, method: req.method, headers: req.headers }, (answer) => {
        res.writeHead(answer.statusCode, answer.headers);
        answer.pipe(res);
      });
      upstream.on('error', () => res.writeHead(502).end());
      req.pipe(upstream);
    }, DELAY_MS);
  });
  return new Promise((ready) => server.listen(0, '127.0.0.1', () => ready(server)));
}

async function reload(page) {
  await page.reload();
  await page.waitForFunction(() => window.__bench.rowsAt != null && window.__bench.appAt != null, null, { timeout: 30_000 });
  return page.evaluate(() => window.__bench);
}

async function main() {
  const proxy = await slowProxy();
  const url = `http://127.0.0.1:${proxy.address().port}`;
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [...CHROMIUM_ARGS, LOCAL_ONLY],
  });
  try {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    await context.addInitScript(rowsWatch, '.thread-row');
    const page = await context.newPage();
    log(`signing in through a link ${DELAY_MS} ms slow (${url} → ${APP.origin})`);
    await page.goto(`${url}/login`);
    await page.getByLabel('Username').fill(USER);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForFunction(() => performance.getEntriesByName('tandem:full-sync-done').length > 0, null, { timeout: SYNC_TIMEOUT_MS });
    await page.waitForTimeout(1000);
    await reload(page); // keeps the first paint's snapshot
    const runs = [];
    for (let i = 0; i < RUNS; i++) runs.push(await reload(page));
    metric('tandem_reload_slow_link_rows_ms', Math.round(median(runs.map((r) => r.rowsAt))), 'ms');
    metric('tandem_reload_slow_link_app_rows_ms', Math.round(median(runs.map((r) => r.appAt))), 'ms');
    console.log(`# reload on a link ${DELAY_MS} ms slow, each run (first row; the app's own): ${runs.map((r) => `${Math.round(r.rowsAt)}; ${Math.round(r.appAt)}`).join(', ')}`);
  } finally {
    await browser.close();
    proxy.close();
  }
}

main().catch((e) => {
  log('failed:', e);
  for (const n of ['tandem_reload_slow_link_rows_ms', 'tandem_reload_slow_link_app_rows_ms']) {
    metric(n, 'NA', 'ms');
    console.log(`# ${n}: harness error: ${String(e?.message ?? e).split('\n')[0]}`);
  }
});
