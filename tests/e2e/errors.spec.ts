import { expect, test, type Page } from './fixtures';
import type { Request, Route } from '@playwright/test';
import { expectTeamInbox, forbidDialogs, screenshot, signIn } from './helpers';

// Errors reach the agent, typed: what fails in the background is said in the status area, and a
// session the server no longer accepts goes back to sign-in. The faults are injected in the
// browser (the server's answers replaced), since a real server cannot fail on cue.

const API = '**/jmap/';

// Requests from a page the service worker controls are not all seen by `page.route` (Playwright
// says so; here: once the worker had claimed the page after a sign-in, the polls went on every 3 s,
// logged by the page's own `fetch`, while the route and `page.on('request')` saw none of them,
// and the failing poll's notice never came). The faults are injected with the worker blocked.
test.use({ serviceWorkers: 'block' });

test('a failing poll is said in the status area until a poll works again', async ({ page }) => {
  forbidDialogs(page);
  // Every request the page makes, as the browser saw it and as the page's `fetch` was called, for
  // the failure's message.
  const asked = askedOf(page);
  await page.addInitScript(fetchesInPage);
  await signIn(page, 'alice', 'tandem');
  await expectTeamInbox(page);
  await page.waitForFunction(() => performance.getEntriesByName('tandem:full-sync-done').length > 0, null, { timeout: 30_000 });
  asked.push('-- the fault begins');
  await page.route(API, (route) => route.fulfill({ status: 503, contentType: 'text/plain', body: 'down for maintenance' }));
  const notice = page.locator('.status-notice[data-topic="poll"]');
  await expect(notice)
    .toContainText('503')
    .catch(async (e) => {
      const seen = await page.evaluate(() => `${document.visibilityState}, online ${navigator.onLine}, crashed ${document.querySelector('.crash-screen') !== null}, notices: ${[...document.querySelectorAll('.notice')].map((n) => n.textContent).join(' | ')}`);
      const inPage = await page.evaluate(() => (window as unknown as { __fetches: string[] }).__fetches.slice(-12).join('\n'));
      throw new Error(`${e instanceof Error ? e.message : e}\npage: ${seen}\nasked:\n${asked.slice(-30).join('\n')}\nfetch() called in the page:\n${inPage}`);
    });
  await expect(page.getByRole('alert')).toHaveCount(0); // a status line, not an alert
  await screenshot(page, 'errors-poll-notice');
  // Said again in the language the agent switches to, while it is on screen.
  await page.locator('.sidebar .language-switch').selectOption('ar');
  await expect(notice).toContainText('واجه الخادم مشكلة (HTTP 503)');
  await page.locator('.sidebar .language-switch').selectOption('en');
  await expect(notice).toContainText('The server had a problem (HTTP 503)');
  await page.unroute(API);
  await expect(notice).toHaveCount(0);
});

test('a request the server never answers is given up at its deadline and said, and the sync goes on after it', async ({ page }) => {
  forbidDialogs(page);
  await signIn(page, 'alice', 'tandem');
  await expectTeamInbox(page);
  await page.waitForFunction(() => performance.getEntriesByName('tandem:full-sync-done').length > 0, null, { timeout: 30_000 });
  // A stalled connection: the requests reach nothing that answers. Without a deadline the poll
  // waited forever, and every pass of the sync behind it.
  const held: Route[] = [];
  await page.route(API, (route) => void held.push(route));
  const started = Date.now();
  const notice = page.locator('.status-notice[data-topic="poll"]');
  await expect(notice).toContainText('did not answer within 30 seconds', { timeout: 45_000 });
  expect(Date.now() - started).toBeGreaterThan(29_000); // given up at the deadline, not before
  await expect(page.getByRole('alert')).toHaveCount(0);
  await screenshot(page, 'errors-no-answer');
  // The connection comes back: what is still held is let through, and the next poll clears it.
  await page.unroute(API);
  await Promise.all(held.map((r) => r.continue().catch(() => {})));
  await expect(notice).toHaveCount(0, { timeout: 15_000 });
});

/** In the page, before its scripts: each `fetch()` of a JMAP address, with when it was called. */
function fetchesInPage() {
  const calls: string[] = [];
  (window as unknown as { __fetches: string[] }).__fetches = calls;
  const fetch = window.fetch.bind(window);
  window.fetch = (input: RequestInfo | URL, init?: RequestInit) => {
    const url = input instanceof Request ? input.url : String(input);
    if (url.includes('/jmap')) calls.push(`${Math.round(performance.now())} ms ${url} ${String(init?.body ?? '').slice(0, 60)}`);
    return fetch(input, init);
  };
}

/** The JMAP requests `page` makes from now on, each with when it ended and how. */
function askedOf(page: Page): string[] {
  const asked: string[] = [];
  const started = Date.now();
  const at = () => `+${Date.now() - started} ms`;
  const what = (r: Request) => `${r.method()} ${r.url()} ${r.postData()?.slice(0, 80) ?? ''}`;
  page.on('request', (r) => r.url().includes('/jmap') && asked.push(`${at()} sent ${what(r)}`));
  page.on('requestfinished', (r) => r.url().includes('/jmap') && asked.push(`${at()} answered ${what(r)}`));
  page.on('requestfailed', (r) => r.url().includes('/jmap') && asked.push(`${at()} failed (${r.failure()?.errorText}) ${what(r)}`));
  return asked;
}

test('a session the server no longer accepts goes back to sign-in, and signing in again opens the same copy', async ({ page }) => {
  forbidDialogs(page);
  await signIn(page, 'alice', 'tandem');
  await expectTeamInbox(page);
  await page.route(API, (route) => route.fulfill({ status: 401, contentType: 'text/plain', body: 'Unauthorized' }));
  await expect(page).toHaveURL(/\/login$/);
  await expect(page.getByRole('alert')).toContainText('Your session ended');
  await screenshot(page, 'errors-session-ended');
  await page.unroute(API);
  await expect(page.getByLabel('Username')).toHaveValue('alice');
  await page.getByLabel('Password').fill('tandem');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expectTeamInbox(page);
  // The copy was kept: the list shows from it (the first paint's source is the copy).
  await expect(page.locator('.thread-row').first()).toBeVisible();
});

test('a conversation whose code cannot be fetched says so and offers a reload, and the app runs on', async ({ browser }) => {
  // Its part of the wasm (src/lazy_pages.rs) refused, as after a deploy that removed it or offline
  // before the service worker kept it; the worker is blocked so that only the network answers.
  const context = await browser.newContext({ serviceWorkers: 'block' });
  const page = await context.newPage();
  forbidDialogs(page);
  await page.route(/\/split_conversation_page-[0-9a-f]+\.wasm$/, (route) => route.abort());
  await signIn(page, 'alice', 'tandem');
  await expectTeamInbox(page);
  await page.locator('.thread-row a').first().click();
  const unreachable = page.locator('.part-unreachable');
  await expect(unreachable).toHaveAttribute('role', 'alert');
  await expect(unreachable).toContainText('This page could not be loaded');
  await expect(unreachable.getByRole('button', { name: 'Reload Tandem' })).toBeVisible();
  await screenshot(page, 'errors-page-unreachable');
  // Not a crash: the app still answers, and the conversation opens once its code can come.
  await page.unroute(/\/split_conversation_page-[0-9a-f]+\.wasm$/);
  await unreachable.getByRole('button', { name: 'Reload Tandem' }).click();
  await expect(page.locator('.conversation h1')).toBeVisible({ timeout: 15_000 });
  await context.close();
});
