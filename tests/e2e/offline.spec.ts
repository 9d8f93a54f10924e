import { expect, test, type Page } from './fixtures';
import { deliver, expectTeamInbox, forbidDialogs, jmapAsAlice, localMeta, screenshot, signIn, row as revealRow } from './helpers';

// The local copy and the outbox. The server "going away" is a fault injected in the browser
// (every /jmap request aborted, as when the connection drops): a real server cannot be made to
// vanish on cue. Everything else — the server, the mail, the check of what reached it — is real.

/** The keywords of every customer email with this exact subject, and how many activity records the thread has. */
async function onServer(subject: string): Promise<{ closed: boolean; records: number }> {
  const [, mail, , records] = await jmapAsAlice([
    ['Email/query', { accountId: 'support', filter: { operator: 'AND', conditions: [{ subject }, { notKeyword: '$tandem_activity' }] } }, 'q'],
    ['Email/get', { accountId: 'support', '#ids': { resultOf: 'q', name: 'Email/query', path: '/ids' }, properties: ['keywords', 'subject'] }, 'g'],
    ['Email/query', { accountId: 'support', filter: { operator: 'AND', conditions: [{ subject }, { hasKeyword: '$tandem_activity' }] } }, 'r'],
    ['Email/get', { accountId: 'support', '#ids': { resultOf: 'r', name: 'Email/query', path: '/ids' }, properties: ['subject'] }, 'rg'],
  ]);
  const emails = mail[1].list.filter((e: any) => e.subject === subject);
  return { closed: emails.length > 0 && emails.every((e: any) => e.keywords['$tandem_closed']), records: records[1].list.length };
}

// The connection's drop is injected with `page.route`, which does not see every request of a page
// the service worker has claimed (errors.spec.ts): the worker is blocked here (offline-shell.spec.ts
// is where it is tested).
test.use({ serviceWorkers: 'block' });

async function copyComplete(page: Page) {
  await page.waitForFunction(() => performance.getEntriesByName('tandem:full-sync-done').length > 0, null, { timeout: 30_000 });
}

test('a change made while the server is unreachable survives a reload and reaches it once', async ({ page }) => {
  forbidDialogs(page);
  const subject = `Invoice address wrong ${Date.now()}`;
  deliver(['From: Ines Duarte <ines@example.net>', 'To: support@tandem.test', `Subject: ${subject}`, `Message-ID: <offline-${Date.now()}@example.net>`, 'Content-Type: text/plain; charset=utf-8', '', 'Please fix the address on my invoice.', ''].join('\n'));
  await signIn(page, 'alice', 'tandem');
  await expectTeamInbox(page);
  await copyComplete(page);
  const row = (await revealRow(page, subject));
  await expect(row).toBeVisible({ timeout: 15_000 });
  await row.locator('a').click();
  await expect(page.locator('.conversation h1')).toHaveText(subject);

  await page.route('**/jmap/**', (route) => route.abort('internetdisconnected'));
  await page.getByRole('button', { name: 'Closed' }).click();
  await expect((await revealRow(page, subject)).locator('.status-closed')).toHaveText('Closed');
  // Closing moves on to the next conversation of the list.
  await expect(page.locator('.conversation h1')).not.toHaveText(subject);
  // One click, one change waiting (its keyword edit and its activity record are one change).
  await expect(page.locator('.pending-writes')).toHaveText('1 change waiting');
  expect(await onServer(subject)).toEqual({ closed: false, records: 0 });

  // Reloading with the change still queued: the app opens from the local copy, change and all.
  await page.reload();
  await expect((await revealRow(page, subject)).locator('.status-closed')).toHaveText('Closed', { timeout: 15_000 });
  await screenshot(page, 'offline-queued-change');
  expect(await onServer(subject)).toEqual({ closed: false, records: 0 });

  // Each pass of the sync driver sends what is queued, then asks for the account's state (an
  // Email/get with no ids): a state answer means the pass's sending is over.
  let passes = 0;
  page.on('response', (response) => {
    const body = response.request().postData() ?? '';
    if (response.url().includes('/jmap/') && body.includes('"Email/get"') && body.includes('"ids":[]')) passes++;
  });
  await page.unroute('**/jmap/**');
  await expect.poll(() => onServer(subject), { timeout: 20_000 }).toEqual({ closed: true, records: 1 });
  // Sent: nothing is left waiting in the outbox (src/pending_writes.rs), and two more passes go by
  // without sending it twice.
  await expect.poll(() => localMeta(page, '', 'outbox').then((outbox: any) => outbox?.queue?.length)).toBe(0);
  const after = passes;
  await expect.poll(() => passes - after, { timeout: 20_000 }).toBeGreaterThanOrEqual(2);
  expect(await onServer(subject)).toEqual({ closed: true, records: 1 });
});

test('the inbox opens from the local copy before the server answers', async ({ page }) => {
  forbidDialogs(page);
  await signIn(page, 'alice', 'tandem');
  await expectTeamInbox(page);
  await copyComplete(page);
  const rows = await page.locator('.thread-row .subject').allTextContents();
  await page.route('**/jmap/**', (route) => route.abort('internetdisconnected'));
  await page.reload();
  await expect(page.locator('.thread-row').first()).toBeVisible();
  expect((await page.locator('.thread-row .subject').allTextContents()).slice(0, 5)).toEqual(rows.slice(0, 5));
  const source = await page.evaluate(() => (performance.getEntriesByName('tandem:first-list-paint')[0] as PerformanceMark | undefined)?.detail?.source);
  expect(source).toBe('cache');
  await screenshot(page, 'offline-inbox-from-copy');
});

test('a conversation opened right after signing in opens again on a reload without a network', async ({ page }) => {
  forbidDialogs(page);
  const subject = `Parcel never came ${Date.now()}`;
  deliver(['From: Ines Duarte <ines@example.net>', 'To: support@tandem.test', `Subject: ${subject}`, `Message-ID: <early-${Date.now()}@example.net>`, 'Content-Type: text/plain; charset=utf-8', '', 'The tracking page says delivered.', ''].join('\n'));
  await signIn(page, 'alice', 'tandem');
  await expectTeamInbox(page);
  // Not waiting for the copy: the agent opens the newest conversation at once.
  await (await revealRow(page, subject)).locator('a').click();
  await expect(page.locator('.conversation h1')).toHaveText(subject);
  // The session is kept for the reload (the client comes after the copy opens at a sign-in).
  await expect.poll(() => localMeta(page, '', 'session').then(Boolean)).toBe(true);
  await page.route('**/jmap/**', (route) => route.abort('internetdisconnected'));
  await page.reload();
  await expect(page.locator('.conversation h1')).toHaveText(subject, { timeout: 15_000 });
  await expect(page.locator('.conversation')).toContainText('The tracking page says delivered.');
});

test('signing out deletes the local copy', async ({ page }) => {
  await signIn(page, 'alice', 'tandem');
  await expectTeamInbox(page);
  await copyComplete(page);
  const names = () => page.evaluate(async () => (await indexedDB.databases()).map((d) => d.name).filter((n) => n?.startsWith('tandem')));
  expect((await names()).length).toBe(1);
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/login$/);
  await expect.poll(names).toEqual([]);
});

test('offline, what needs the server is disabled and says why; status changes stay available', async ({ page }) => {
  forbidDialogs(page);
  await signIn(page, 'alice', 'tandem');
  await expectTeamInbox(page);
  await page.locator('.thread-row a').first().click();
  const assign = page.locator('.thread-actions .action.primary-soft, .thread-actions .action', { hasText: /Assign to me|Take it|Unassign/ }).first();
  await expect(assign).toBeEnabled();

  await page.context().setOffline(true);
  await expect(page.locator('.offline-badge')).toHaveText('Offline');
  await expect(assign).toBeDisabled();
  await expect(assign).toHaveAttribute('title', 'Needs the server: you are offline');
  await expect(page.getByLabel('Assign to')).toBeDisabled();
  await expect(page.getByLabel('Snooze')).toBeDisabled();
  await expect(page.getByLabel('Add tag').locator('option[value="+new"]')).toBeDisabled();
  await expect(page.getByRole('button', { name: 'Pending' })).toBeEnabled();
  await screenshot(page, 'offline-actions');

  await page.context().setOffline(false);
  await expect(page.locator('.offline-badge')).toHaveCount(0);
  await expect(assign).toBeEnabled();
});
