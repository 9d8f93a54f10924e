import { expect, test } from './fixtures';
import { forbidDialogs, screenshot } from './helpers';
import { agent, customerMail } from './replying';

// A shift without the mouse: find the queue, open, take it, note, tag, close and move on to the
// next, the palette and the list of shortcuts, going to a view; shortcuts never fire while typing.

test.beforeEach(({ page }) => forbidDialogs(page));

test('a queue worked from the keyboard: search, open, assign, note, tag, close and next, palette, views', async ({ browser }) => {
  const run = `kb${Date.now() % 1_000_000}`;
  const subjects = [1, 2, 3].map((i) => `Keyboard ${run} ticket ${i}`);
  for (const s of subjects) customerMail(s, `Please help with ${s}.`);
  const alice = await agent(browser, 'alice');
  await alice.setViewportSize({ width: 1280, height: 800 });
  const keys = alice.keyboard;

  // "/" to the search box, the queue typed, Enter to the results, ↓ and Enter open the first.
  await keys.press('/');
  await keys.type(run);
  await expect(alice.locator('.thread-row .subject')).toHaveCount(3, { timeout: 15_000 });
  // The queue as shown (mail of the same second has no fixed order).
  const queue = await alice.locator('.thread-row .subject').allTextContents();
  expect([...queue].sort()).toEqual(subjects);
  await keys.press('Enter');
  await expect(alice.locator('.list-pane .vlist')).toBeFocused();
  await keys.press('ArrowDown');
  await keys.press('Enter');
  await expect(alice.locator('.conversation h1')).toHaveText(queue[0]);

  // Typing in a field never runs a shortcut: "m" and "c" are just letters there.
  await keys.press('n');
  await expect(alice.locator('#note-input')).toBeFocused();
  await keys.type('mc: checked the logs, a refund is due');
  await expect(alice.locator('.assignee')).toHaveText('Unassigned');
  await keys.press('Control+Enter');
  await expect(alice.locator('.note', { hasText: 'checked the logs' })).toBeVisible();
  await keys.press('Escape');
  await expect(alice.locator('#note-input')).not.toBeFocused();

  // "m" takes it, even right after a "g" typed into a field (text never starts a sequence);
  // "t" opens the tag menu; "j" goes to the next conversation and "k" back.
  await keys.press('n');
  await keys.type('g');
  await alice.locator('.conversation h1').click();
  await keys.press('m');
  await expect(alice.locator('.assignee')).toHaveText(/Assigned to you/);
  await keys.press('t');
  await expect(alice.getByLabel('Add tag')).toBeFocused();
  await keys.press('Escape');
  await keys.press('j');
  await expect(alice.locator('.conversation h1')).toHaveText(queue[1]);
  await keys.press('k');
  await expect(alice.locator('.conversation h1')).toHaveText(queue[0]);

  // "c" closes it and opens the next one of the results.
  await keys.press('c');
  await expect(alice.locator('.conversation h1')).toHaveText(queue[1]);
  await expect(alice.locator('.thread-row', { hasText: queue[0] }).locator('.status-closed')).toBeVisible({ timeout: 10_000 });

  // The palette: Ctrl+K, a few letters, Enter.
  await keys.press('Control+k');
  const palette = alice.getByRole('dialog', { name: 'Command palette' });
  await expect(palette).toBeVisible();
  await keys.type('pend');
  await expect(palette.getByRole('option').first()).toHaveText(/Mark pending/);
  await screenshot(alice, 'command-palette');
  await keys.press('Enter');
  await expect(palette).toBeHidden();
  await expect(alice.getByRole('button', { name: 'Pending' })).toHaveAttribute('aria-pressed', 'true');

  // "?" lists the shortcuts; Escape closes the list.
  await keys.press('?');
  const help = alice.getByRole('dialog', { name: 'Keyboard shortcuts' });
  await expect(help).toBeVisible();
  await expect(help.locator('.shortcut')).toHaveCount(27);
  await screenshot(alice, 'shortcuts');
  await keys.press('Escape');
  await expect(help).toBeHidden();

  // "u" back to the results; "g" then "m": the agent's own conversations.
  await keys.press('u');
  await expect(alice).toHaveURL(new RegExp(`/m/inbox\\?q=${run}$`));
  await keys.press('g');
  await keys.press('m');
  await expect(alice).toHaveURL(/\/m\/v-mine$/);
  await expect(alice.locator('.pane-header h2')).toHaveText('Mine');
});
