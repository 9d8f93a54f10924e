import { expect, test } from './fixtures';
import { expectTeamInbox, forbidDialogs, screenshot, signIn } from './helpers';

// Errors reach the agent, typed: what fails in the background is said in the status area, and a
// session the server no longer accepts goes back to sign-in. The faults are injected in the
// browser (the server's answers replaced), since a real server cannot fail on cue.

const API = '**/jmap/';

test('a failing poll is said in the status area until a poll works again', async ({ page }) => {
  forbidDialogs(page);
  await signIn(page, 'alice', 'tandem');
  await expectTeamInbox(page);
  await page.waitForFunction(() => performance.getEntriesByName('tandem:full-sync-done').length > 0, null, { timeout: 30_000 });
  await page.route(API, (route) => route.fulfill({ status: 503, contentType: 'text/plain', body: 'down for maintenance' }));
  const notice = page.locator('.status-notice[data-topic="poll"]');
  await expect(notice).toContainText('503');
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
