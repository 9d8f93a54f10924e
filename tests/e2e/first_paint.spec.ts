import { expect, test, type Page } from './fixtures';
import { expectTeamInbox, forbidDialogs, localMeta, screenshot, signIn } from './helpers';
import { customerWrites } from './replying';

// A reload's first paint (first-paint.js): the list the agent left, as text, before the wasm
// starts; replaced by the app. The service worker is blocked so that the test can hold the wasm
// back (a page's routes do not see what a service worker answers).
test.use({ serviceWorkers: 'block' });

test.beforeEach(({ page }) => forbidDialogs(page));

/** Lets the test read the closed shadow root first-paint.js draws into (kept as window.__firstPaint). */
async function exposeFirstPaint(page: Page) {
  await page.addInitScript(() => {
    const attach = Element.prototype.attachShadow;
    Element.prototype.attachShadow = function (init: ShadowRootInit) {
      const root = attach.call(this, init);
      if ((this as Element).id === 'tandem-first-paint') (window as unknown as { __firstPaint: ShadowRoot }).__firstPaint = root;
      return root;
    };
  });
}

/** Reloads with the wasm held back, so that only the first paint can show anything, and waits
 * for it; returns what lets the wasm through. */
async function reloadWithoutTheApp(page: Page): Promise<() => void> {
  let release: () => void = () => {};
  const held = new Promise<void>((resolve) => (release = resolve));
  await page.route('**/*.wasm', async (route) => {
    await held;
    await route.fallback();
  });
  await page.reload({ waitUntil: 'domcontentloaded' });
  await expect(page.locator('#tandem-first-paint')).toBeVisible();
  return release;
}

/** A JMAP method call as a request sends it: its name, arguments and call id. */
type JmapCall = [string, Record<string, unknown>, string];

/** The methods a request calls, in order. */
const methods = (calls: JmapCall[]) => calls.map(([name]) => name);

/** What the first paint holds: its text, and every element with its attributes. */
function firstPaintContent(page: Page) {
  return page.evaluate(() => {
    const root = (window as unknown as { __firstPaint?: ShadowRoot }).__firstPaint;
    if (!root) return null;
    const elements = [...root.querySelectorAll('*')].map((el) => ({ tag: el.tagName.toLowerCase(), attributes: el.getAttributeNames() }));
    return { text: root.textContent ?? '', elements };
  });
}

test('a reload shows the list as text before the app starts, and the app replaces it', async ({ page }) => {
  const hostile = customerWrites('<img src=x onerror="window.pwned=1"><i>first paint</i> & \'quotes\'');
  await exposeFirstPaint(page);
  await signIn(page, 'alice', 'tandem');
  await expectTeamInbox(page);
  await expect(page.locator('.thread-row .subject', { hasText: hostile })).toBeVisible();
  // The list the agent leaves: once the copy is complete and the list is read from it (the cold
  // start's page from the server may order threads of the same second differently), and settled.
  await page.waitForFunction(() => performance.getEntriesByName('tandem:full-sync-done').length > 0, null, { timeout: 30_000 });
  let subjects: string[] = [];
  await expect
    .poll(
      async () => {
        const now = await page.locator('.thread-row .subject').allTextContents();
        const settled = JSON.stringify(now) === JSON.stringify(subjects);
        subjects = now;
        return settled;
      },
      { intervals: [300] },
    )
    .toBe(true);
  expect(subjects).toContain(hostile);

  const release = await reloadWithoutTheApp(page);
  const content = await firstPaintContent(page);
  expect(content).not.toBeNull();
  // Each text is kept up to 300 characters (src/first_paint.js).
  for (const subject of subjects) expect(content!.text).toContain(subject.slice(0, 300));
  // Text only: elements from the fixed list, with no attribute but a class, dir, a style and
  // aria-current; no link, image, frame, form field or script.
  const allowed = new Set(['class', 'dir', 'style', 'aria-current']);
  for (const { tag, attributes } of content!.elements) {
    expect(['script', 'iframe', 'img', 'input', 'textarea', 'svg', 'style', 'link']).not.toContain(tag);
    for (const name of attributes) expect(allowed.has(name), `${tag}[${name}]`).toBe(true);
  }
  await expect(page.locator('.thread-row')).toHaveCount(0); // the app has not started
  expect(await page.evaluate(() => (window as unknown as { pwned?: unknown }).pwned)).toBeUndefined();
  await screenshot(page, 'first-paint');
  // Where the first row and the agent's name at the sidebar's foot are drawn: the app's own screen
  // must not move them when it comes (the search box and the language's list are kept as boxes of
  // their size).
  const placed = ['.thread-row', '.sidebar .me'];
  const inPicture = await page.evaluate(
    (selectors) => selectors.map((s) => (window as unknown as { __firstPaint: ShadowRoot }).__firstPaint.querySelector(s)!.getBoundingClientRect().top),
    placed,
  );

  release();
  await expect(page.locator('.thread-row').first()).toBeVisible();
  await expect(page.locator('#tandem-first-paint')).toHaveCount(0);
  const inApp = await page.evaluate((selectors) => selectors.map((s) => document.querySelector(s)!.getBoundingClientRect().top), placed);
  placed.forEach((selector, i) =>
    expect(Math.abs(inApp[i] - inPicture[i]), `${selector} at ${inPicture[i]} px in the picture, ${inApp[i]} px in the app`).toBeLessThanOrEqual(2),
  );
  const order = await page.evaluate(() => ['tandem:first-paint-shown', 'tandem:wasm-start'].map((n) => performance.getEntriesByName(n)[0]?.startTime ?? null));
  expect(order[0]).not.toBeNull();
  expect(order[1]).not.toBeNull();
  expect(order[0]!).toBeLessThan(order[1]!);
});

test('the list is kept a moment after it changes, before the page is left, and a change just before a reload is in its first paint', async ({ page }) => {
  await exposeFirstPaint(page);
  await signIn(page, 'alice', 'tandem');
  await expectTeamInbox(page);
  await page.waitForFunction(() => performance.getEntriesByName('tandem:full-sync-done').length > 0, null, { timeout: 30_000 });
  // Nothing has hidden or left the page: the snapshot is kept ahead, so that a reload has nothing
  // to do on its way out (src/first_paint.js).
  const kept = () =>
    page.evaluate(() => {
      const texts: string[] = [];
      const walk = (node: unknown) => {
        if (typeof node === 'string') texts.push(node);
        else for (const kid of (node as { k?: unknown[] }).k ?? []) walk(kid);
      };
      walk(JSON.parse(sessionStorage.getItem('tandem.first-paint') ?? '{}'));
      return texts.join('\n');
    });
  const shown = await page.locator('.thread-row .subject').first().textContent();
  await expect.poll(kept, { timeout: 15_000 }).toContain(shown!.slice(0, 300));

  // A thread comes in after that, and the page is left at once (kept then, or just before).
  const subject = customerWrites('Came in just before the reload');
  const row = page.locator('.thread-row .subject', { hasText: subject });
  await expect(row).toBeVisible({ timeout: 20_000 });
  const release = await reloadWithoutTheApp(page);
  expect((await firstPaintContent(page))!.text).toContain(subject);
  release();
  await expect(page.locator('.thread-row').first()).toBeVisible();
});

test('signing out forgets the first paint, and a reload after it shows none', async ({ page }) => {
  await signIn(page, 'alice', 'tandem');
  await expectTeamInbox(page);
  await page.reload(); // keeps the snapshot (the page is left)
  await expectTeamInbox(page);
  expect(await page.evaluate(() => sessionStorage.getItem('tandem.first-paint'))).not.toBeNull();
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page.getByLabel('Username')).toBeVisible();
  expect(await page.evaluate(() => [sessionStorage.getItem('tandem.first-paint'), localStorage.getItem('tandem.first-paint')])).toEqual([null, null]);
  await page.goBack();
  await page.reload();
  await expect(page.locator('#tandem-first-paint')).toHaveCount(0);
});

test('a fresh sign-in shows the inbox while the local copy is still opening, and asks for its first page once', async ({ page }) => {
  // The copy's database open is held: its success reaches the app only when the test says so.
  await page.addInitScript(() => {
    const w = window as unknown as { __copyHeld: boolean; __releaseCopy: () => void };
    const waiting: Array<() => void> = [];
    w.__copyHeld = true;
    w.__releaseCopy = () => {
      w.__copyHeld = false;
      for (const deliver of waiting.splice(0)) deliver();
    };
    const open = IDBFactory.prototype.open;
    IDBFactory.prototype.open = function (this: IDBFactory, name: string, version?: number) {
      const request = open.call(this, name, version);
      if (!name.startsWith('tandem-cache-v1:')) return request;
      let handler: ((this: IDBRequest, ev: Event) => unknown) | null = null;
      Object.defineProperty(request, 'onsuccess', { configurable: true, get: () => handler, set: (f) => (handler = f) });
      request.addEventListener('success', (ev) => {
        const deliver = () => handler?.call(request, ev);
        if (w.__copyHeld) waiting.push(deliver);
        else deliver();
      });
      return request;
    } as typeof IDBFactory.prototype.open;
  });
  const requests: JmapCall[][] = [];
  page.on('request', (request) => {
    const body = request.method() === 'POST' ? (request.postData() ?? '') : '';
    if (body.includes('"methodCalls"')) requests.push(JSON.parse(body).methodCalls);
  });

  await signIn(page, 'alice', 'tandem');
  await expectTeamInbox(page);
  await expect(page.getByText(/Working without a local copy/)).toHaveCount(0);
  expect(await page.evaluate(() => performance.getEntriesByName('tandem:full-sync-done').length)).toBe(0);

  await page.evaluate(() => (window as unknown as { __releaseCopy: () => void }).__releaseCopy());
  await page.waitForFunction(() => performance.getEntriesByName('tandem:full-sync-done').length > 0, null, { timeout: 30_000 });
  await expect(page.getByText(/Working without a local copy/)).toHaveCount(0);
  // The inbox's first page is a query from the top (a full sync's next pages go on from an anchor).
  const firstPages = requests.filter(
    (calls) => calls.some(([name, args]) => name === 'Email/query' && args.position === 0 && !('anchor' in args)) && methods(calls).includes('Thread/get'),
  );
  expect(firstPages.map(methods), 'the page read while the copy opened is written, not asked again, and asked alone').toEqual([
    ['Email/query', 'Email/get', 'Thread/get', 'Email/get'],
  ]);
  // Every mailbox, whole (as the copy keeps them): once, by the sign-in (a delta sync's Mailbox/get reads what changed).
  const wholeMailboxes = requests.filter(
    (calls) => !methods(calls).includes('Mailbox/changes') && calls.some(([name, args]) => name === 'Mailbox/get' && args.properties == null),
  );
  expect(wholeMailboxes, 'the mailboxes are asked for once').toHaveLength(1);
  // The session is kept in the copy for a reload without a network.
  expect(await localMeta(page, '', 'session')).toBeTruthy();
  await expect(page.locator('.thread-row').first()).toBeVisible();
});

/** Notes when the app's first row and its sidebar's accounts enter the page, and whether the
 * sidebar was there when the first paint went. */
async function watchSidebar(page: Page) {
  await page.addInitScript(() => {
    const seen: { row?: number; sidebar?: number; firstPaint?: boolean; sidebarWhenItWent?: boolean } = {};
    (window as unknown as { __seen: typeof seen }).__seen = seen;
    new MutationObserver(() => {
      const now = performance.now();
      if (seen.row == null && document.querySelector('.thread-row')) seen.row = now;
      if (seen.sidebar == null && document.querySelector('.sidebar .account')) seen.sidebar = now;
      const shown = document.getElementById('tandem-first-paint') != null;
      if (shown) seen.firstPaint = true;
      else if (seen.firstPaint && seen.sidebarWhenItWent == null) seen.sidebarWhenItWent = document.querySelector('.sidebar .account') != null;
    }).observe(document, { childList: true, subtree: true });
  });
}

test('a sign-in builds the sidebar after the first rows; a reload shows it as the first paint goes', async ({ page }) => {
  await watchSidebar(page);
  await signIn(page, 'alice', 'tandem');
  await expectTeamInbox(page);
  await expect(page.locator('.sidebar .account.open')).toBeVisible();
  // At a sign-in the first page's answer comes before the sidebar is built, not behind it.
  const signedIn = await page.evaluate(() => (window as unknown as { __seen: { row?: number; sidebar?: number } }).__seen);
  expect(signedIn.row).toBeDefined();
  expect(signedIn.sidebar).toBeDefined();
  expect(signedIn.sidebar!).toBeGreaterThan(signedIn.row!);

  // A reload's first paint shows a sidebar: the app's is there when the picture goes.
  await page.waitForFunction(() => performance.getEntriesByName('tandem:full-sync-done').length > 0, null, { timeout: 30_000 });
  await page.reload();
  await expect(page.locator('.thread-row').first()).toBeVisible();
  await expect(page.locator('#tandem-first-paint')).toHaveCount(0);
  const reloaded = await page.evaluate(() => (window as unknown as { __seen: { firstPaint?: boolean; sidebarWhenItWent?: boolean } }).__seen);
  expect(reloaded.firstPaint).toBe(true);
  expect(reloaded.sidebarWhenItWent).toBe(true);
});
