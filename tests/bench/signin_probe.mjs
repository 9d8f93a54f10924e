// Sign-ins one after another on fresh browser profiles, each printed as a timeline from the click
// on "Sign in": the JMAP requests (sent, first byte, last byte), the app's performance marks, the
// main thread's tasks over 20 ms, and the first row painted. Not part of run.sh: for looking
// into the sign-in figure alone.
// With PEER=1, the same for the no-cache client of ../shared/peers/jmap-demo-webmail at APP_URL.
// WAIT_MS (1500 unless set) passes between filling the form and the click, as a person types;
// WAIT_MS=0 clicks at once, as side_by_side.mjs does.
// usage: [PEER=1] [WAIT_MS=n] node tests/bench/signin_probe.mjs APP_URL [RUNS] [USER] [PASSWORD]
import { chromium } from 'playwright';

const [APP, RUNS = '5', USER = 'alice', PASSWORD = 'tandem'] = process.argv.slice(2);
if (!APP) throw new Error('usage: [PEER=1] [WAIT_MS=n] node tests/bench/signin_probe.mjs APP_URL [RUNS] [USER] [PASSWORD]');
const PEER = process.env.PEER === '1';
const WAIT_MS = Number(process.env.WAIT_MS ?? 1500);
const ROW = PEER ? '.v-MailboxItem' : '.thread-row';

/** Opens the login screen and fills it in; returns the button that signs in. */
async function fillIn(page) {
  if (PEER) {
    await page.goto(`${APP}/`);
    const inputs = page.locator('.v-Login-modal input');
    await inputs.nth(0).fill(`${APP}/.well-known/jmap`);
    await inputs.nth(1).fill(USER);
    await inputs.nth(2).fill(PASSWORD);
    return page.locator('.v-Login-modal button');
  }
  await page.goto(`${APP}/login`);
  await page.getByLabel('Username').fill(USER);
  await page.getByLabel('Password').fill(PASSWORD);
  return page.getByRole('button', { name: 'Sign in' });
}

function watch(row) {
  window.__probe = { clickAt: null, rowAt: null, tasks: [] };
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) window.__probe.tasks.push([e.startTime, e.duration]);
  }).observe({ type: 'longtask', buffered: true });
  document.addEventListener('click', () => (window.__probe.clickAt ??= performance.now()), true);
  new MutationObserver(() => {
    if (window.__probe.rowAt == null && document.querySelector(row)) {
      window.__probe.rowSeen = performance.now();
      requestAnimationFrame(() => setTimeout(() => (window.__probe.rowAt ??= performance.now())));
    }
  }).observe(document, { childList: true, subtree: true });
}

const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
});
const totals = [];
for (let run = 0; run < Number(RUNS); run++) {
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  await ctx.addInitScript(watch, ROW);
  const page = await ctx.newPage();
  const posts = [];
  page.on('request', (r) => {
    if (r.method() === 'POST' && /jmap/.test(r.url())) posts.push(r);
  });
  const button = await fillIn(page);
  await page.waitForTimeout(WAIT_MS);
  await button.click();
  await page.waitForFunction(() => window.__probe.rowAt != null, null, { timeout: 60_000 });
  await page.waitForTimeout(300);
  const got = await page.evaluate(() => ({
    probe: window.__probe,
    resources: performance.getEntriesByType('resource').filter((r) => /jmap|well-known/.test(r.name)).map((r) => [r.name.replace(/^https?:\/\/[^/]+/, ''), r.startTime, r.responseStart, r.responseEnd]),
    marks: performance.getEntriesByType('mark').map((m) => [m.name, m.startTime]),
  }));
  const t0 = got.probe.clickAt;
  const at = (t) => Math.round(t - t0);
  const lines = [];
  for (const [name, s, fb, end] of got.resources) if (end >= t0 && !name.startsWith('/jmap/')) lines.push([s, `request ${name}: sent ${at(s)}, first byte ${at(fb)}, end ${at(end)}`]);
  for (const [name, t] of got.marks) if (t >= t0) lines.push([t, `mark ${name} ${at(t)}`]);
  for (const [s, d] of got.probe.tasks) if (s + d >= t0) lines.push([s, `task ${at(s)} … ${at(s + d)} (${Math.round(d)} ms)`]);
  const epoch = await page.evaluate(() => performance.timeOrigin);
  for (const r of posts) {
    const t = r.timing();
    const calls = (JSON.parse(r.postData() ?? '{}').methodCalls ?? []).map((c) => c[0]).join('+');
    const sent = t.startTime - epoch;
    if (sent >= t0 - 5) lines.push([sent, `POST ${calls}: sent ${at(sent)}, first byte ${at(sent + t.responseStart)}, end ${at(sent + t.responseEnd)}`]);
  }
  lines.push([got.probe.rowSeen, `row in the DOM ${at(got.probe.rowSeen)}`]);
  lines.push([got.probe.rowAt, `row painted ${at(got.probe.rowAt)}`]);
  lines.sort((a, b) => a[0] - b[0]);
  console.log(`run ${run + 1}: ${at(got.probe.rowAt)} ms`);
  for (const [, l] of lines) console.log(`  ${l}`);
  totals.push(at(got.probe.rowAt));
  await ctx.close();
}
totals.sort((a, b) => a - b);
console.log(`sign-in → row painted: ${totals.join(', ')} ms; median ${totals[Math.floor(totals.length / 2)]}`);
await browser.close();
