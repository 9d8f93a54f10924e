import { execFileSync } from 'node:child_process';
import { expect, type Locator, type Page, type Request, type Route } from '@playwright/test';

export const ARABIC_SUBJECT = 'مشكلة في تسجيل الدخول إلى الحساب';
export const HOSTILE_SUBJECT = '<b>bold</b> & "quotes"';

/** Fails the test if the page ever opens a dialog (alert from injected script, or an HTTP auth prompt). */
export function forbidDialogs(page: Page) {
  page.on('dialog', async (dialog) => {
    await dialog.dismiss();
    throw new Error(`unexpected dialog: ${dialog.type()} ${dialog.message()}`);
  });
}

/** The app's poll of the account's state: one `Email/get` of no ids. */
function isStatePoll(request: Request): boolean {
  try {
    const calls = request.postDataJSON()?.methodCalls;
    return Array.isArray(calls) && calls.length === 1 && calls[0][0] === 'Email/get' && calls[0][1]?.ids?.length === 0;
  } catch {
    return false;
  }
}

/**
 * Holds the page's state polls until the returned function is called: its screen stays as it was
 * (a slow link, a busy tab) while its own writes still reach the server. The one way a test makes a
 * stale screen without racing the 3 s poll. The release says how many polls it held. The page's
 * service worker must be blocked (`agent(…, { serviceWorkers: 'block' })`): page-level routing
 * does not see every request of a page the worker controls.
 */
export async function holdPolls(page: Page): Promise<() => Promise<number>> {
  const held: Route[] = [];
  let holding = true;
  const handler = async (route: Route) => {
    if (holding && isStatePoll(route.request())) held.push(route);
    else await route.fallback();
  };
  await page.route('**/jmap/**', handler);
  return async () => {
    holding = false;
    await Promise.all(held.map((r) => r.continue()));
    await page.unroute('**/jmap/**', handler);
    return held.length;
  };
}

export async function signIn(page: Page, username: string, password: string, server = '') {
  await page.goto('/login');
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password').fill(password);
  await page.getByLabel('JMAP server').fill(server);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

export async function screenshot(page: Page, name: string) {
  await page.screenshot({ path: `test-results/screens/${name}.png`, fullPage: false });
}

export function threadRow(page: Page, subject: string) {
  return page.locator('.thread-row', { has: page.locator('.subject', { hasText: subject }) });
}

/**
 * The row of `subject`, scrolled into the DOM: the list is virtualized (only a screenful of rows
 * exists), so a row further down is found by scrolling the list a screen at a time, as an agent
 * would. Gives up after `timeout` and returns the locator, for the caller's expectation to fail.
 */
export async function row(page: Page, subject: string, timeout = 10_000): Promise<Locator> {
  const locator = threadRow(page, subject);
  const list = page.locator('.vlist');
  const deadline = Date.now() + timeout;
  while (Date.now() < deadline) {
    if ((await locator.count()) > 0) {
      // A row re-rendered meanwhile (its thread changed) is found again on the next try.
      if (await locator.scrollIntoViewIfNeeded({ timeout: 1_000 }).then(() => true, () => false)) return locator;
      continue;
    }
    const left = () => Math.max(deadline - Date.now(), 1);
    if ((await list.count()) === 0) {
      await list.waitFor({ state: 'attached', timeout: left() }).catch(() => {});
      continue;
    }
    const scrolled = await list.evaluate((el) => {
      const height = el.scrollHeight;
      const from = el.scrollTop;
      const atEnd = from + el.clientHeight >= height - 2;
      el.scrollTop = atEnd ? 0 : from + el.clientHeight * 0.8;
      el.dispatchEvent(new Event('scroll'));
      const rowHeight = parseFloat(getComputedStyle(el).getPropertyValue('--vlist-row-height')) || 76;
      const first = Math.floor(el.scrollTop / rowHeight) + 1;
      const last = Math.max(first, Math.ceil((el.scrollTop + el.clientHeight) / rowHeight));
      return { moved: el.scrollTop !== from, height, first, last };
    });
    // Scrolled: wait until the rows now in view are drawn. Nothing to scroll (the whole list is
    // drawn): wait until the list changes length. Either way, stop waiting when the row is there.
    await page
      .waitForFunction(
        ({ subject, moved, height, first, last }) => {
          const el = document.querySelector('.vlist');
          if (!el) return true;
          const plain = (s: string) => s.replace(/\s+/g, ' ').trim().toLowerCase();
          const wanted = plain(subject);
          if ([...document.querySelectorAll('.thread-row .subject')].some((s) => plain(s.textContent ?? '').includes(wanted))) return true;
          if (el.scrollHeight !== height) return true;
          if (!moved) return false;
          const drawn = [...el.querySelectorAll('.vlist-row')].map((r) => Number(r.getAttribute('aria-posinset')));
          const setSize = Number(el.querySelector('.vlist-row')?.getAttribute('aria-setsize') ?? 0);
          return drawn.includes(first) && (drawn.includes(last) || last > setSize);
        },
        { subject, ...scrolled },
        { timeout: left() },
      )
      .catch(() => {});
  }
  return locator;
}

export async function expectTeamInbox(page: Page) {
  await expect(page).toHaveURL(/\/a\/[^/]+\/m\/inbox$/);
  await expect(page.locator('.account.open .account-kind')).toHaveText('Team inbox');
  await expect(page.locator('.thread-row').first()).toBeVisible();
}

/** Delivers a customer message to the team inbox over the test server's LMTP socket (real delivery). */
export function deliver(message: string) {
  const socket = `${process.env.TANDEM_TEST_STATE}/conf/socket/lmtp`;
  const script = 'import smtplib,sys\nc=smtplib.LMTP(sys.argv[1])\nc.sendmail("customer@example.net",["support"],sys.stdin.buffer.read())\nc.quit()';
  execFileSync('python3', ['-c', script, socket], { input: message.replace(/\n/g, '\r\n') });
}

/** Sends `methodCalls` to the test server as alice (another client than the app) and gives the
 * method responses; an HTTP error fails the test. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function jmapAsAlice(methodCalls: unknown[]): Promise<[string, any, string][]> {
  const response = await fetch(`${process.env.TANDEM_TEST_JMAP_URL}/jmap/`, {
    method: 'POST',
    headers: { Authorization: `Basic ${Buffer.from('alice:tandem').toString('base64')}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ using: ['urn:ietf:params:jmap:core', 'urn:ietf:params:jmap:mail'], methodCalls }),
  });
  if (!response.ok) throw new Error(`JMAP answered ${response.status}`);
  return (await response.json()).methodResponses;
}

/** The account and thread ids of the conversation open in `page` (from its address). */
export function openConversation(page: Page): { account: string; thread: string } {
  const match = new URL(page.url()).pathname.match(/^\/a\/([^/]+)\/m\/[^/]+\/t\/([^/]+)$/);
  if (!match) throw new Error(`no conversation is open at ${page.url()}`);
  return { account: decodeURIComponent(match[1]), thread: decodeURIComponent(match[2]) };
}

/**
 * A `meta` value of `account` in the page's local copy (IndexedDB; src/cache/meta.rs), parsed, or
 * undefined. Reads every Tandem copy the page's browser context holds (one per signed-in identity).
 */
export async function localMeta(page: Page, account: string, key: string): Promise<unknown> {
  return page.evaluate(
    async ({ account, key }) => {
      for (const { name } of await indexedDB.databases()) {
        if (!name?.startsWith('tandem-cache-v1:')) continue;
        const db = await new Promise<IDBDatabase | null>((resolve) => {
          const open = indexedDB.open(name);
          // Deleted meanwhile: open no new, empty database in its place.
          open.onupgradeneeded = () => open.transaction?.abort();
          open.onsuccess = () => resolve(open.result);
          open.onerror = () => resolve(null);
        });
        if (!db) continue;
        try {
          if (!db.objectStoreNames.contains('meta')) continue;
          const record = await new Promise<{ v: string } | undefined>((resolve, reject) => {
            const get = db.transaction('meta').objectStore('meta').get([account, key]);
            get.onsuccess = () => resolve(get.result);
            get.onerror = () => reject(get.error);
          });
          if (record) return JSON.parse(record.v);
        } finally {
          db.close();
        }
      }
      return undefined;
    },
    { account, key },
  );
}
