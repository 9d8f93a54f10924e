// Where a full sync's main-thread time goes: a fresh profile signs in, and Chromium's sampling
// profiler runs from the click to the full sync's mark (`tandem:full-sync-done`). Prints the
// functions by their own time and by their time with what they call (each counted once per
// sample), and keeps the whole profile as JSON for a closer look (callers, a subtree).
//
// usage: node tests/bench/sync_profile.mjs APP_URL [PROFILE_JSON] [--user alice] [--password tandem]
//
// A release build names nothing in its wasm (wasm-opt drops the names, and the parts split off
// have none): for names, build without the parts and without wasm-opt, keeping the names
// section (README.md, "A profile with names"). The times are a little off an optimized build's;
// the shares are what to read.
import fs from 'node:fs';
import { chromium } from 'playwright-core';
import { CHROMIUM, CHROMIUM_ARGS, LOCAL_ONLY, options } from './common.mjs';

const args = options();
const positional = process.argv.slice(2).filter((a, i, all) => !a.startsWith('--') && !all[i - 1]?.startsWith('--'));
const [url, out = 'sync-profile.json'] = positional;
const USER = args.user ?? 'alice';
const PASSWORD = args.password ?? 'tandem';

const browser = await chromium.launch({ executablePath: CHROMIUM, args: [...CHROMIUM_ARGS, LOCAL_ONLY] });
try {
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await ctx.newPage();
  const cdp = await ctx.newCDPSession(page);
  await page.goto(`${url}/login`);
  await page.getByLabel('Username').fill(USER);
  await page.getByLabel('Password').fill(PASSWORD);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
  await cdp.send('Profiler.start');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForFunction(() => performance.getEntriesByName('tandem:full-sync-done').length > 0, null, { timeout: 900_000 });
  const { profile } = await cdp.send('Profiler.stop');
  fs.writeFileSync(out, JSON.stringify(profile));
  report(profile);
} finally {
  await browser.close();
}

function report(profile) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const name = (n) => (n.callFrame.functionName || '(anonymous)').replace(/::h[0-9a-f]{16}/g, '').slice(0, 160);
  const own = new Map();
  const within = new Map();
  const add = (map, key, us) => map.set(key, (map.get(key) ?? 0) + us);
  profile.samples.forEach((id, i) => {
    const us = profile.timeDeltas[i + 1] ?? 0;
    add(own, name(byId.get(id)), us);
    const seen = new Set();
    for (let at = id; at != null; at = parent.get(at)) {
      const key = name(byId.get(at));
      if (!seen.has(key)) add(within, key, us);
      seen.add(key);
    }
  });
  const total = profile.timeDeltas.reduce((a, b) => a + b, 0);
  const list = (title, map, n) => {
    console.log(`# ${title}`);
    for (const [key, us] of [...map].sort((a, b) => b[1] - a[1]).slice(0, n)) console.log(`${(us / 1000).toFixed(0).padStart(7)} ms  ${key}`);
  };
  console.log(`# ${(total / 1000).toFixed(0)} ms from the click to the full sync's end; kept in ${out}`);
  list('own time', own, 40);
  list('with what they call', within, 80);
}
