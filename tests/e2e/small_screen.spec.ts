import { expect, test, type Page } from './fixtures';
import { forbidDialogs, screenshot } from './helpers';
import { agent, customerWrites } from './replying';

// A phone's width (360 px): the list and the conversation one at a time, the sidebar from the
// menu, nothing wider than the screen.

test.beforeEach(({ page }) => forbidDialogs(page));

/** Nothing on the page is wider than the viewport (no sideways scrolling). */
async function fitsTheWidth(page: Page) {
  const { scroll, width } = await page.evaluate(() => ({ scroll: document.scrollingElement!.scrollWidth, width: window.innerWidth }));
  expect(scroll).toBeLessThanOrEqual(width);
}

test('at 360 px the list and the conversation show one at a time, and the sidebar comes from the menu', async ({ browser }) => {
  const subject = customerWrites('A phone-sized screen');
  const alice = await agent(browser, 'alice');
  await alice.setViewportSize({ width: 360, height: 740 });

  await expect(alice.locator('.list-pane')).toBeVisible();
  await expect(alice.locator('.thread-pane')).toBeHidden();
  await expect(alice.locator('.sidebar')).toBeHidden();
  await fitsTheWidth(alice);
  await screenshot(alice, 'phone-list');

  await alice.locator('.thread-row', { hasText: subject }).locator('a').click();
  await expect(alice.locator('.conversation h1')).toHaveText(subject);
  await expect(alice.locator('.list-pane')).toBeHidden();
  await fitsTheWidth(alice);
  // Nothing in the conversation is wider than its pane (the pane would scroll sideways).
  const pane = await alice.locator('.thread-pane').evaluate((el) => ({ scroll: el.scrollWidth, width: el.clientWidth }));
  expect(pane.scroll).toBeLessThanOrEqual(pane.width);
  await screenshot(alice, 'phone-conversation');

  await alice.getByRole('link', { name: '← Conversations' }).click();
  await expect(alice.locator('.list-pane')).toBeVisible();
  await expect(alice.locator('.thread-pane')).toBeHidden();

  await alice.getByRole('button', { name: 'Menu' }).click();
  await expect(alice.locator('.sidebar')).toBeVisible();
  await alice.waitForTimeout(300); // the slide's end, for the screenshot
  await screenshot(alice, 'phone-menu');
  await alice.locator('.sidebar').getByRole('link', { name: /^Mine/ }).click();
  await expect(alice).toHaveURL(/\/m\/v-mine$/);
  await expect(alice.locator('.sidebar')).toBeHidden();
  await expect(alice.locator('.pane-header h2')).toHaveText('Mine');
});
