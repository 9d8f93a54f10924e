// Tandem beside a web mail client that keeps no local copy (issue 12), in the same run, on the same
// server and mailbox, in the same headless Chromium, runs interleaved (Tandem, the other, Tandem…)
// so that a busy machine slows both alike. Prints `METRIC` lines like measure.mjs.
//
// usage: node tests/bench/side_by_side.mjs --app http://127.0.0.1:48080 --peer http://127.0.0.1:48090
//          [--user alice] [--password tandem] [--runs 5]
//
// The other client is jmap-demo-webmail (../shared/peers/jmap-demo-webmail, served by its serve.js
// with the team account as its primary one). What each figure times, from inside the page
// (performance.now(), whose zero is the navigation's start):
// - `*_signin_rows_ms`: a fresh browser profile signs in; from the click on the sign-in button to
//   the first row painted.
// - `*_reload_rows_ms`: a reload of a signed-in page (Tandem's local copy full: its full sync has
//   finished); from the navigation's start to the first row painted.
// - `*_open_thread_ms`: in the signed-in page after the reloads, a conversation this client has not
//   read yet (for Tandem, one below the rows it reads ahead, so its messages come from the server
//   as the other client's do); from the click on its row to its messages painted (a message
//   element that was not in the page before the click, under a title that changed).
// "Painted": a MutationObserver sees the first row element, then a requestAnimationFrame and a
// setTimeout(0) pass. Tandem's row is `.thread-row`, or the text-only first paint
// (`#tandem-first-paint`, /first-paint.js) that shows the list before the app starts; the other
// client's is `.v-MailboxItem`. Medians of `--runs`; each run's figures go in a `#` line.
import { chromium } from 'playwright-core';
import { CHROMIUM, CHROMIUM_ARGS, LOCAL_ONLY, comment, median, metric, options, rowsWatch } from './common.mjs';

const args = options();
const APP = (args.app ?? 'http://127.0.0.1:48080').replace(/\/$/, '');
const PEER = (args.peer ?? 'http://127.0.0.1:48090').replace(/\/$/, '');
const USER = args.user ?? 'alice';
const PASSWORD = args.password ?? 'tandem';
const RUNS = Number(args.runs ?? 5);
const SYNC_TIMEOUT_MS = Number(args['sync-timeout-s'] ?? 900) * 1000;

const log = (...a) => console.error('[side-by-side]', ...a);

/** Before a click that opens a conversation: marks what is on the page, then notes when a new
 * message element shows under a changed address or title (`window.__open`). A message element
 * the client reuses for the next conversation counts as new once its text changed (the no-cache
 * client reuses them: its opening was never seen, and the run timed out). */
function openWatch({ title, message }) {
  // The address with the title: two conversations may share a subject.
  const shown = () => `${location.href}\n${document.querySelector(title)?.textContent ?? ''}`;
  const before = shown();
  const old = new WeakMap();
  for (const m of document.querySelectorAll(message)) old.set(m, m.textContent);
  window.__open = { clickAt: null, at: null };
  document.addEventListener('click', () => (window.__open.clickAt ??= performance.now()), { capture: true, once: true });
  const look = () => {
    const changed = shown() !== before;
    const fresh = [...document.querySelectorAll(message)].some((m) => !old.has(m) || old.get(m) !== m.textContent);
    if (changed && fresh) {
      observer.disconnect();
      requestAnimationFrame(() => setTimeout(() => (window.__open.at ??= performance.now())));
    }
  };
  const observer = new MutationObserver(look);
  observer.observe(document, { childList: true, subtree: true, characterData: true });
}

const CLIENTS = {
  tandem: {
    url: APP,
    rows: '.thread-row',
    opened: { title: '.conversation h1', message: '.conversation .message' },
    /** The `i`th conversation to open: below the 20 rows Tandem reads ahead, never the same twice. */
    async pick(page, i) {
      const height = await page.locator('.thread-row').first().evaluate((r) => r.getBoundingClientRect().height);
      await page.locator('.list-pane .vlist').evaluate((list, top) => (list.scrollTop = top), height * (30 + 3 * i));
      await page.waitForTimeout(500);
      const rows = await page.locator('.thread-row').evaluateAll((all) =>
        all.map((r, n) => ({ n, top: r.getBoundingClientRect().top })).filter((r) => r.top > 120).sort((a, b) => a.top - b.top),
      );
      return page.locator('.thread-row').nth(rows[1].n).locator('a').first();
    },
    async signIn(page) {
      await page.goto(`${APP}/login`);
      await page.getByLabel('Username').fill(USER);
      await page.getByLabel('Password').fill(PASSWORD);
      await page.getByRole('button', { name: 'Sign in' }).click();
    },
    async settle(page) {
      // The local copy full: the full sync's mark, or no sync to wait for.
      await page.waitForFunction(() => performance.getEntriesByName('tandem:full-sync-done').length > 0, null, { timeout: SYNC_TIMEOUT_MS });
      await page.waitForTimeout(1000);
    },
  },
  peer: {
    url: PEER,
    rows: '.v-MailboxItem',
    opened: { title: '.v-Thread-title', message: '.v-Message' },
    /** Rows that show their messages when opened (`rehearse`); else the rows from the third. */
    openable: null,
    /** The `i`th conversation to open (it reads none ahead), never the same twice. */
    async pick(page, i) {
      return page.locator('.v-MailboxItem').nth(this.openable?.[i] ?? 2 + i);
    },
    /** This client shows a conversation whose row was below the fold when clicked (scrolled to)
     * with its title and no message, every time (rows 8 to 22 in one run; 'Help with search' the
     * one seen first): the rows to open are on its first screen. Each candidate, from the third
     * row, is opened once in a page signed in for it alone; one that shows no message within
     * 10 s is left out. The page measured opened none of them before. */
    async rehearse(browser, wanted) {
      const rows = [];
      for (let n = 2; rows.length < wanted && n < 2 + 2 * wanted; n++) {
        const ctx = await context(browser, this);
        const page = await ctx.newPage();
        await this.signIn(page);
        const row = page.locator('.v-MailboxItem').nth(n);
        const box = await row.boundingBox({ timeout: 10_000 }).catch(() => null);
        const onScreen = box != null && box.y + box.height <= page.viewportSize().height;
        const shown =
          onScreen &&
          (await row
            .click({ timeout: 10_000 })
            .then(() => page.waitForFunction(({ message }) => document.querySelectorAll(message).length > 0, this.opened, { timeout: 10_000 }))
            .then(() => true, () => false));
        await ctx.close();
        if (shown) rows.push(n);
        else log(`the no-cache client's row ${n + 1} left out: ${onScreen ? 'it showed no message' : 'below its first screen'}`);
      }
      this.openable = rows;
    },
    async signIn(page) {
      await page.goto(`${PEER}/`);
      const inputs = page.locator('.v-Login-modal input');
      await inputs.nth(0).fill(`${PEER}/.well-known/jmap`);
      await inputs.nth(1).fill(USER);
      await inputs.nth(2).fill(PASSWORD);
      await page.locator('.v-Login-modal button').click();
    },
    async settle(page) {
      await page.waitForTimeout(1000);
    },
  },
};

async function rowsPainted(page) {
  await page.waitForFunction(() => window.__bench?.appAt != null, null, { timeout: 60_000 });
  return page.evaluate(() => window.__bench);
}

async function context(browser, client) {
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  await ctx.addInitScript(rowsWatch, client.rows);
  return ctx;
}

/** A fresh profile signs in: click → first row painted. Returns the context, signed in. */
async function signInRun(browser, client) {
  const ctx = await context(browser, client);
  const page = await ctx.newPage();
  await client.signIn(page);
  const b = await rowsPainted(page);
  return { ctx, page, ms: b.rowsAt - b.clickAt, app: b.appAt - b.clickAt, by: b.by };
}

async function reloadRun(page) {
  await page.reload();
  const b = await rowsPainted(page);
  return { ms: b.rowsAt, app: b.appAt, by: b.by };
}

/** Opens the `i`th conversation picked by `client`: click → its messages painted. */
async function openRun(page, client, i) {
  const row = await client.pick(page, i);
  await page.evaluate(openWatch, client.opened);
  await row.click();
  await page.waitForFunction(() => window.__open?.at != null, null, { timeout: 30_000 }).catch(async (e) => {
    // What the page shows, so that a failure can be read.
    const shown = await page.evaluate(({ title, message }) => `${location.href} "${document.querySelector(title)?.textContent ?? ''}" ${document.querySelectorAll(message).length} messages`, client.opened);
    throw new Error(`${client.url}: conversation ${i + 1} not seen open (${shown}): ${e.message.split('\n')[0]}`);
  });
  const o = await page.evaluate(() => window.__open);
  return { ms: o.at - o.clickAt };
}

function report(name, runs) {
  metric(name, Math.round(median(runs.map((r) => r.ms))), 'ms');
  const each = runs.map((r) => (r.by === 'first-paint' ? `${Math.round(r.ms)} (first paint; the app's rows at ${Math.round(r.app)})` : `${Math.round(r.ms)}`));
  comment(`${name}: ${each.join(', ')}`);
}

async function main() {
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [...CHROMIUM_ARGS, LOCAL_ONLY],
  });
  try {
    const signin = { tandem: [], peer: [] };
    const kept = {};
    for (let i = 0; i < RUNS; i++) {
      for (const name of ['tandem', 'peer']) {
        const run = await signInRun(browser, CLIENTS[name]);
        signin[name].push(run);
        if (i === RUNS - 1) kept[name] = run;
        else await run.ctx.close();
      }
    }
    log('sign-in runs done; waiting for each client to settle before the reloads');
    for (const name of ['tandem', 'peer']) await CLIENTS[name].settle(kept[name].page);
    const reload = { tandem: [], peer: [] };
    for (const name of ['tandem', 'peer']) await reloadRun(kept[name].page); // the first reload keeps Tandem's snapshot
    for (let i = 0; i < RUNS; i++) {
      for (const name of ['tandem', 'peer']) reload[name].push(await reloadRun(kept[name].page));
    }
    report('tandem_signin_rows_ms', signin.tandem);
    report('peer_signin_rows_ms', signin.peer);
    metric('signin_rows_ratio', (median(signin.tandem.map((r) => r.ms)) / median(signin.peer.map((r) => r.ms))).toFixed(2), 'x');
    report('tandem_reload_rows_ms', reload.tandem);
    metric('tandem_reload_app_rows_ms', Math.round(median(reload.tandem.map((r) => r.app))), 'ms');
    report('peer_reload_rows_ms', reload.peer);
    metric('reload_rows_ratio', (median(reload.tandem.map((r) => r.ms)) / median(reload.peer.map((r) => r.ms))).toFixed(2), 'x');
    // Apart: a conversation that does not open leaves the figures above standing.
    try {
      const open = { tandem: [], peer: [] };
      await CLIENTS.peer.rehearse(browser, RUNS);
      // The other client can open only the rows on its first screen (five in this window): as
      // many openings of each as it has.
      const openings = Math.min(RUNS, CLIENTS.peer.openable.length);
      if (openings === 0) throw new Error('the no-cache client showed no conversation it could open');
      if (openings < RUNS) log(`opening ${openings} conversations of each client (the no-cache client's first screen holds no more)`);
      for (let i = 0; i < openings; i++) {
        for (const name of ['tandem', 'peer']) {
          log(`opening a conversation not read yet: ${name}, run ${i + 1}`);
          open[name].push(await openRun(kept[name].page, CLIENTS[name], i));
        }
      }
      report('tandem_open_thread_ms', open.tandem);
      report('peer_open_thread_ms', open.peer);
      metric('open_thread_ratio', (median(open.tandem.map((r) => r.ms)) / median(open.peer.map((r) => r.ms))).toFixed(2), 'x');
    } catch (e) {
      for (const n of ['tandem_open_thread_ms', 'peer_open_thread_ms']) {
        metric(n, 'NA', 'ms');
        comment(`${n}: harness error: ${String(e?.message ?? e).split('\n')[0]}`);
      }
    }
  } finally {
    await browser.close();
  }
}

main().catch((e) => {
  log('failed:', e);
  for (const n of ['tandem_signin_rows_ms', 'peer_signin_rows_ms', 'tandem_reload_rows_ms', 'peer_reload_rows_ms', 'tandem_open_thread_ms', 'peer_open_thread_ms']) {
    metric(n, 'NA', 'ms');
    comment(`${n}: harness error: ${String(e?.message ?? e).split('\n')[0]}`);
  }
});
