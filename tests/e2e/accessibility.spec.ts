import { expectAccessible } from './axe';
import { expect, test } from './fixtures';
import { deliver, expectTeamInbox, forbidDialogs, screenshot, signIn } from './helpers';
import { agent, customerWrites } from './replying';

// axe-core on the screens agents use (sign-in, inbox, conversation, the team's settings, search,
// the command palette): no serious or critical violation of WCAG 2 A/AA.

test.beforeEach(({ page }) => forbidDialogs(page));

test('sign-in, inbox, conversation, team settings, search and palette pass axe-core', async ({ page, browser }) => {
  await page.goto('/login');
  await expect(page.getByLabel('Username')).toBeVisible();
  await expectAccessible(page, 'sign-in');

  const subject = customerWrites('Accessible screens');
  const alice = await agent(browser, 'alice');
  await alice.setViewportSize({ width: 1280, height: 800 });
  await expectAccessible(alice, 'inbox');

  await alice.locator('.thread-row', { hasText: subject }).locator('a').click();
  await expect(alice.locator('.conversation h1')).toHaveText(subject);
  await expectAccessible(alice, 'conversation');

  // A tag of its own: the tags' manager shows once the team has one (the seed has none).
  await alice.getByLabel('Add tag').selectOption('+new');
  await alice.getByLabel('New tag name').fill('a11y');
  await alice.getByRole('button', { name: 'Create' }).click();
  await expect(alice.getByRole('button', { name: 'Manage tags' })).toBeVisible();
  for (const manager of ['Manage tags', 'Manage agents', 'Reply settings']) {
    await alice.getByRole('button', { name: manager }).click();
  }
  await expectAccessible(alice, 'team settings');

  await alice.getByLabel('Search conversations').fill('accessible');
  await expect(alice.locator('.pane-header h2')).toHaveText('Search');
  await expectAccessible(alice, 'search');

  await alice.locator('.thread-pane').click();
  await alice.keyboard.press('Control+k');
  await expect(alice.getByRole('dialog', { name: 'Command palette' })).toBeVisible();
  await expectAccessible(alice, 'command palette');
});

test('dark: the system’s choice or the agent’s, readable for axe-core, kept from the first paint of a reload', async ({ browser }) => {
  const subject = customerWrites('Dark screens');
  const context = await browser.newContext({ colorScheme: 'dark' });
  const page = await context.newPage();
  forbidDialogs(page);
  await signIn(page, 'alice', 'tandem');
  await expectTeamInbox(page);
  await page.setViewportSize({ width: 1280, height: 800 });
  const pane = () => page.evaluate(() => getComputedStyle(document.querySelector('.list-pane')!).backgroundColor);
  expect(await pane()).toBe('rgb(27, 31, 41)');
  await expectAccessible(page, 'inbox, dark');
  await page.locator('.thread-row', { hasText: subject }).locator('a').click();
  await expect(page.locator('.conversation h1')).toHaveText(subject);
  await expectAccessible(page, 'conversation, dark');
  await screenshot(page, 'dark-conversation');

  // An HTML mail keeps its own light page (its text is dark) inside the dark app.
  const html = `Dark HTML ${Date.now()}`;
  deliver(`From: News <news@example.net>\nTo: support@tandem.test\nSubject: ${html}\nContent-Type: text/html; charset=utf-8\n\n<p>Dark text on its own page.</p>\n`);
  await page.locator('.thread-row', { hasText: html }).locator('a').click({ timeout: 15_000 });
  const frame = page.locator('.message .mail-frame');
  await expect(frame).toBeVisible();
  expect(await frame.evaluate((el) => getComputedStyle(el).backgroundColor)).toBe('rgb(255, 255, 255)');

  // The agent's choice wins over the system's, and is there before the app starts again.
  await page.getByRole('button', { name: 'Theme: as the system' }).click();
  await expect(page.getByRole('button', { name: 'Theme: light' })).toBeVisible();
  expect(await pane()).toBe('rgb(255, 255, 255)');
  await page.reload({ waitUntil: 'domcontentloaded' });
  expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe('light');
  await page.getByRole('button', { name: 'Theme: light' }).click();
  await expect(page.getByRole('button', { name: 'Theme: dark' })).toBeVisible();
  await page.getByRole('button', { name: 'Theme: dark' }).click();
  await expect(page.getByRole('button', { name: 'Theme: as the system' })).toBeVisible();
  expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBeUndefined();
  expect(await pane()).toBe('rgb(27, 31, 41)');
  await context.close();
});
