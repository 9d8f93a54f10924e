// Opening conversations one after another, for looking into `*_open_thread_ms` without the other
// client (issue 12): signs in as alice, waits for the full sync, reloads, then opens RUNS
// conversations not read yet (below the rows read ahead, scrolling WAIT_MS before each), and
// prints for each: click → messages painted (as side_by_side.mjs times it), the requests and the
// app's marks in between, and tasks over 50 ms. Prints only; times nothing against a target.
//
// usage: node tests/bench/open_probe.mjs APP_URL [RUNS=6] [WAIT_MS=500] [HOLD_MS]
//        (APP_URL: a release build served by scripts/serve.mjs, e.g. the one run.sh serves;
//        HOLD_MS: the button held that long between press and release, as a person's click is,
//        rather than Playwright's click, whose press and release come at once)
import { chromium } from 'playwright-core';
const [APP, RUNS = '6', WAIT = '500', HOLD] = process.argv.slice(2);
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--headless', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-dev-shm-usage'] });
const ctx = await browser.newContext({ viewport: { width: 1280, height: 800 } });
await ctx.addInitScript(() => {
  window.__lt = [];
  new PerformanceObserver((l) => { for (const e of l.getEntries()) window.__lt.push([Math.round(e.startTime), Math.round(e.duration)]); }).observe({ type: 'longtask', buffered: true });
});
const page = await ctx.newPage();
page.on('console', (m) => { if (m.type() === 'error') console.log('console:', m.text().slice(0, 200)); });
await page.goto(`${APP}/login`);
await page.getByLabel('Username').fill('alice');
await page.getByLabel('Password').fill('tandem');
await page.getByRole('button', { name: 'Sign in' }).click();
const t0 = Date.now();
await page.waitForFunction(() => performance.getEntriesByName('tandem:full-sync-done').length > 0, null, { timeout: 900_000, polling: 1000 });
console.log('full sync', Date.now() - t0, 'ms');
await page.waitForTimeout(1000);
await page.reload();
await page.waitForSelector('.thread-row');
const reloadAt = Date.now();
for (let i = 0; i < Number(RUNS); i++) {
  const height = await page.locator('.thread-row').first().evaluate((r) => r.getBoundingClientRect().height);
  await page.locator('.list-pane .vlist').evaluate((list, top) => (list.scrollTop = top), height * (30 + 3 * i));
  await page.waitForTimeout(Number(WAIT));
  const rows = await page.locator('.thread-row').evaluateAll((all) => all.map((r, n) => ({ n, top: r.getBoundingClientRect().top })).filter((r) => r.top > 120).sort((a, b) => a.top - b.top));
  const row = page.locator('.thread-row').nth(rows[1].n).locator('a').first();
  await page.evaluate(() => {
    // The address with the title: two conversations may share a subject.
    const shown = () => `${location.href}\n${document.querySelector('.conversation h1')?.textContent ?? ''}`;
    const before = shown();
    for (const m of document.querySelectorAll('.conversation .message')) m.dataset.benchOld = '1';
    window.__open = { clickAt: null, at: null, seenAt: null };
    document.addEventListener('click', () => (window.__open.clickAt ??= performance.now()), { capture: true, once: true });
    const look = () => {
      const changed = shown() !== before;
      const fresh = [...document.querySelectorAll('.conversation .message')].some((m) => !m.dataset.benchOld);
      if (changed && fresh) { observer.disconnect(); window.__open.seenAt = performance.now(); requestAnimationFrame(() => setTimeout(() => (window.__open.at ??= performance.now()))); }
    };
    const observer = new MutationObserver(look);
    observer.observe(document, { childList: true, subtree: true, characterData: true });
  });
  if (HOLD === undefined) {
    await row.click();
  } else {
    await row.hover();
    await page.mouse.down();
    await page.waitForTimeout(Number(HOLD));
    await page.mouse.up();
  }
  await page.waitForFunction(() => window.__open?.at != null, null, { timeout: 30_000 });
  const r = await page.evaluate(() => {
    const o = window.__open;
    const res = performance.getEntriesByType('resource').filter((e) => e.startTime >= o.clickAt - 5 && e.startTime <= o.at)
      .map((e) => `${e.name.replace(location.origin, '')} +${Math.round(e.startTime - o.clickAt)}..+${Math.round(e.responseEnd - o.clickAt)} (wait ${Math.round(e.responseStart - e.requestStart)})`);
    const marks = performance.getEntriesByType('mark').filter((e) => e.startTime >= o.clickAt - 5 && e.startTime <= o.at + 50).map((e) => `${e.name}${e.detail ? '(' + JSON.stringify(e.detail) + ')' : ''} +${Math.round(e.startTime - o.clickAt)}`);
    const lt = window.__lt.filter(([s, d]) => s + d >= o.clickAt - 100 && s <= o.at).map(([s, d]) => `+${s - Math.round(o.clickAt)}:${d}`);
    return { ms: Math.round(o.at - o.clickAt), seen: Math.round(o.seenAt - o.clickAt), since: Math.round(o.clickAt), res, marks, lt };
  });
  console.log(`open ${i}: ${r.ms} ms (DOM at ${r.seen}; click at ${r.since} ms after nav)`);
  for (const x of r.res) console.log('   req', x);
  for (const x of r.marks) console.log('   mark', x);
  if (r.lt.length) console.log('   longtasks', r.lt.join(' '));
}
await browser.close();
