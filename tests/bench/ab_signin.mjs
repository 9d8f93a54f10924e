// Two builds of Tandem side by side: sign-in click → first row painted (or, with `--until
// full-sync`, → the full sync's end, the mark `tandem:full-sync-done`), on a fresh profile, the
// builds' runs interleaved (A, B, A, B…) so that a busy machine slows both alike. For a change
// smaller than the spread between runs of `run.sh`, which measures one build at a time.
//
// usage: node tests/bench/ab_signin.mjs --a http://127.0.0.1:58081 --b http://127.0.0.1:58082
//          [--user alice] [--password tandem] [--runs 15] [--until rows|full-sync]
// Each build served by scripts/serve.mjs against the same seeded server. Prints the medians as
// `METRIC ab_signin_{a,b}_ms` (`ab_full_sync_{a,b}_ms` with `--until full-sync`) and each run in
// a `#` line.
import { chromium } from 'playwright-core';
import { CHROMIUM, CHROMIUM_ARGS, LOCAL_ONLY, comment, median, metric, options, rowsWatch } from './common.mjs';

const args = options();
const BUILDS = { a: args.a, b: args.b };
const USER = args.user ?? 'alice';
const PASSWORD = args.password ?? 'tandem';
const RUNS = Number(args.runs ?? 15);
const FULL_SYNC = args.until === 'full-sync';
const NAME = FULL_SYNC ? 'ab_full_sync' : 'ab_signin';

async function signIn(browser, url) {
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  await ctx.addInitScript(rowsWatch, '.thread-row');
  const page = await ctx.newPage();
  await page.goto(`${url}/login`);
  await page.getByLabel('Username').fill(USER);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForFunction(() => window.__bench?.appAt != null, null, { timeout: 60_000 });
  if (FULL_SYNC) await page.waitForFunction(() => performance.getEntriesByName('tandem:full-sync-done').length > 0, null, { timeout: 900_000 });
  const b = await page.evaluate(() => ({ ...window.__bench, syncedAt: performance.getEntriesByName('tandem:full-sync-done')[0]?.startTime }));
  await ctx.close();
  return (FULL_SYNC ? b.syncedAt : b.rowsAt) - b.clickAt;
}

const browser = await chromium.launch({ executablePath: CHROMIUM, args: [...CHROMIUM_ARGS, LOCAL_ONLY] });
try {
  const runs = { a: [], b: [] };
  for (let i = 0; i < RUNS; i++) {
    for (const name of i % 2 ? ['b', 'a'] : ['a', 'b']) runs[name].push(await signIn(browser, BUILDS[name]));
  }
  for (const name of ['a', 'b']) {
    metric(`${NAME}_${name}_ms`, Math.round(median(runs[name])), 'ms');
    comment(`${name} (${BUILDS[name]}): ${runs[name].map(Math.round).join(', ')}`);
  }
} finally {
  await browser.close();
}
