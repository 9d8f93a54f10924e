import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from './fixtures';
import { forbidDialogs } from './helpers';
import { agent, customerWrites } from './replying';

// axe-core on the screens agents use (sign-in, inbox, conversation, the team's settings, search,
// the command palette): no serious or critical violation of WCAG 2 A/AA.

test.beforeEach(({ page }) => forbidDialogs(page));

async function expectAccessible(page: Page, screen: string) {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).exclude('iframe').analyze();
  const serious = results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`);
  expect(serious, `${screen}: axe-core's serious and critical violations`).toEqual([]);
}

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
