import { expect, test } from './fixtures';
import { ARABIC_SUBJECT, HOSTILE_SUBJECT, expectTeamInbox, forbidDialogs, screenshot, signIn, row as revealRow } from './helpers';

test.beforeEach(({ page }) => forbidDialogs(page));

test('an agent signs in, reads the Arabic thread right to left, and signs out', async ({ page }) => {
  await signIn(page, 'alice', 'tandem');
  await expectTeamInbox(page);
  await expect(page.locator('.account.open .account-name')).toHaveText('support');
  await expect(page.locator('.mailboxes li.selected')).toContainText('Inbox');
  await expect(page.locator('.pane-header .count')).toHaveText(/\d+ conversations/);
  await screenshot(page, 'inbox');

  const row = (await revealRow(page, ARABIC_SUBJECT));
  await expect(row).toHaveClass(/unread/);
  await expect(row.locator('.msg-count')).toHaveText('2');
  await expect(row.locator('.preview')).not.toBeEmpty();
  await row.locator('a').click();

  await expect(page).toHaveURL(/\/t\/[^/]+$/);
  const conversation = page.locator('.conversation');
  await expect(conversation.locator('h1')).toHaveText(ARABIC_SUBJECT);
  await expect(conversation.locator('.message')).toHaveCount(2);
  const firstParagraph = conversation.locator('.message .body p').first();
  await expect(firstParagraph).toHaveAttribute('dir', 'auto');
  expect(await firstParagraph.evaluate((el) => getComputedStyle(el).direction)).toBe('rtl');
  expect(await conversation.locator('h1').evaluate((el) => getComputedStyle(el).direction)).toBe('rtl');
  await expect(row.locator('a')).toHaveAttribute('aria-current', 'page');
  await screenshot(page, 'arabic-thread');

  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/login$/);
  await expect(page.getByLabel('Password')).toHaveValue('');
  await page.goto('/');
  await expect(page).toHaveURL(/\/login$/, { timeout: 10_000 });
});

test('a wrong password gets a clear error and the page stays usable', async ({ page }) => {
  await signIn(page, 'alice', 'wrong-password');
  await expect(page.getByRole('alert')).toHaveText('Wrong username or password.');
  await screenshot(page, 'login-wrong-password');
  // No browser login prompt swallowed the page: typing and clicking still work.
  await page.getByLabel('Password').fill('tandem');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expectTeamInbox(page);
});

test('an unreachable server, one that is not JMAP, and one that refuses our origin are named as such', async ({ page, baseURL }) => {
  await signIn(page, 'alice', 'tandem', 'http://127.0.0.1:9');
  await expect(page.getByRole('alert')).toContainText("Can't reach the server at http://127.0.0.1:9");

  await signIn(page, 'alice', 'tandem', `${baseURL}/not-a-jmap-server`);
  await expect(page.getByRole('alert')).toContainText('No JMAP server answered');

  // The JMAP server itself, on another origin: Cyrus sends no CORS headers.
  const jmap = process.env.TANDEM_TEST_JMAP_URL!;
  await signIn(page, 'alice', 'tandem', jmap);
  await expect(page.getByRole('alert')).toContainText(`The server at ${jmap}`);
  await expect(page.getByRole('alert')).toContainText('CORS');
  await screenshot(page, 'login-cors');
});

test('hostile mail runs nothing and loads nothing: its HTML only in the sandboxed frame, sanitized', async ({ page, baseURL }) => {
  const origin = new URL(baseURL!).origin;
  const remote: string[] = [];
  page.on('request', (r) => {
    if (new URL(r.url()).origin !== origin && !r.url().startsWith('data:')) remote.push(r.url());
  });
  await signIn(page, 'bob', 'tandem');
  await expectTeamInbox(page);
  const row = (await revealRow(page, HOSTILE_SUBJECT));
  await expect(row.locator('.subject')).toHaveText(HOSTILE_SUBJECT);
  await row.locator('a').click();
  const conversation = page.locator('.conversation');
  await expect(conversation.locator('h1')).toHaveText(HOSTILE_SUBJECT);
  await expect(conversation.locator('.from-name').first()).toContainText('<script>');
  // Nothing of the message is markup of the page: its HTML is only in the one sandboxed frame.
  await expect(page.locator('.thread-pane script, .thread-pane img, .list-pane b')).toHaveCount(0);
  const iframe = page.locator('.thread-pane iframe');
  await expect(iframe).toHaveCount(1);
  await expect(iframe).toHaveAttribute('sandbox', 'allow-same-origin allow-popups allow-popups-to-escape-sandbox');
  const frame = page.frameLocator('.thread-pane iframe');
  await expect(frame.getByText('Hi support & friends,')).toBeVisible();
  await expect(frame.locator('body :is(script, iframe, form, input, svg, img[src])')).toHaveCount(0); // the tracker pixel lost its src
  await expect(frame.locator('[onload], [onerror], a[href^="javascript"]')).toHaveCount(0);
  await expect(frame.getByText('"Quotes" <not a tag> and a inline.')).toBeVisible();
  await screenshot(page, 'hostile-thread');
  expect(remote).toEqual([]);
});

test('a reload keeps the agent signed in on the same conversation', async ({ page }) => {
  await signIn(page, 'carol', 'tandem');
  await expectTeamInbox(page);
  await (await revealRow(page, ARABIC_SUBJECT)).locator('a').click();
  await expect(page.locator('.conversation h1')).toHaveText(ARABIC_SUBJECT);
  const url = page.url();
  await page.reload();
  await expect(page).toHaveURL(url);
  await expect(page.locator('.conversation h1')).toHaveText(ARABIC_SUBJECT);
  await expect(page.locator('.me-name')).toHaveText('carol');
});

test('"Remember me" keeps the agent signed in on this device; without it only this tab is', async ({ browser }) => {
  const context = await browser.newContext();
  const tab = await context.newPage();
  await signIn(tab, 'alice', 'tandem');
  await expectTeamInbox(tab);
  // A new tab of the same browser: not signed in, the login was kept for the first tab only.
  const other = await context.newPage();
  await other.goto('/');
  await expect(other.getByRole('button', { name: 'Sign in' })).toBeVisible();
  await other.close();

  await tab.getByRole('button', { name: 'Sign out' }).click();
  await tab.goto('/login');
  await tab.getByLabel('Username').fill('alice');
  await tab.getByLabel('Password').fill('tandem');
  await tab.getByLabel('Remember me on this device').check();
  await screenshot(tab, 'login-remember');
  await tab.getByRole('button', { name: 'Sign in' }).click();
  await expectTeamInbox(tab);
  const again = await context.newPage();
  await again.goto('/');
  await expectTeamInbox(again);
  // Signing out forgets it on this device too.
  await again.getByRole('button', { name: 'Sign out' }).click();
  const last = await context.newPage();
  await last.goto('/');
  await expect(last.getByRole('button', { name: 'Sign in' })).toBeVisible();
  await context.close();
});

test('an API token is sent as a bearer token, and one the server refuses is said so', async ({ page }) => {
  const sent: string[] = [];
  page.on('request', (r) => {
    const authorization = r.headers()['authorization'];
    if (authorization) sent.push(authorization);
  });
  await page.goto('/login');
  await page.getByLabel('Username').fill('alice');
  await page.getByLabel('Sign in with an API token (Bearer)').check();
  await page.getByLabel('API token', { exact: true }).fill('  fmu1-not-a-real-token ');
  await page.getByRole('button', { name: 'Sign in' }).click();
  // Cyrus takes no bearer tokens: the server's own 401 is the answer.
  await expect(page.getByRole('alert')).toHaveText('Wrong username or password.');
  expect(sent.length).toBeGreaterThan(0);
  expect(sent.every((a) => a === 'Bearer fmu1-not-a-real-token')).toBe(true);
});
