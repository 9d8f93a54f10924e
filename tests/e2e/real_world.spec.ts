import { expect, test, type Locator, type Page } from './fixtures';
import { deliver, forbidDialogs, row, screenshot } from './helpers';
import { agent, open, TEAM_ADDRESS } from './replying';

// What real mail and real teams bring, on screen: a subject of a paragraph, a Cc list of a whole
// department, many tags with long names, an attachment. Each must leave the screen usable.

test.beforeEach(({ page }) => forbidDialogs(page));

const CC = Array.from({ length: 30 }, (_, i) => `Colleague ${i + 1} <colleague${i + 1}@customer.example>`);

/** A customer message with a very long subject, thirty Cc and a PDF attached; returns its subject. */
function longMessage(): string {
  const run = Date.now() % 1_000_000;
  const subject =
    `Real world ${run}: ` +
    'our whole accounting department cannot open the invoices you sent since the migration of last week, '.repeat(5).trim();
  const boundary = `b${run}`;
  deliver(
    `From: Ahmed Saleh <ahmed@customer.example>\nTo: Support <${TEAM_ADDRESS}>\nCc: ${CC.join(', ')}\nSubject: ${subject}\n` +
      `Message-ID: <${run}.real-world@customer.example>\nMIME-Version: 1.0\nContent-Type: multipart/mixed; boundary="${boundary}"\n\n` +
      `--${boundary}\nContent-Type: text/plain; charset=utf-8\n\nSee the attached invoice; none of us can open it.\n` +
      `--${boundary}\nContent-Type: application/pdf; name="invoice.pdf"\nContent-Disposition: attachment; filename="invoice.pdf"\n` +
      `Content-Transfer-Encoding: base64\n\nJVBERi0xLjQKJcfsj6IKMSAwIG9iago8PD4+CmVuZG9iagp0cmFpbGVyCjw8Pj4KJSVFT0YK\n--${boundary}--\n`,
  );
  return subject;
}

async function box(locator: Locator) {
  const b = await locator.boundingBox();
  expect(b, 'on screen').not.toBeNull();
  return b!;
}

/** Creates a tag from the conversation's "Add tag" menu, which then shows its prompt again. */
async function newTag(page: Page, name: string) {
  const menu = page.getByLabel('Add tag');
  await menu.selectOption('+new');
  await expect(menu).toHaveValue('');
  await page.getByLabel('New tag name').fill(name);
  await page.getByRole('button', { name: 'Create' }).click();
  await expect(page.locator('.thread-actions .tag-badge', { hasText: name })).toBeVisible();
  await expect(menu).toHaveValue('');
}

test('a long subject, a long Cc list, many long tags and an attachment leave the screen usable', async ({ browser }) => {
  const subject = longMessage();
  const alice = await agent(browser, 'alice');
  await alice.setViewportSize({ width: 1280, height: 800 });
  await open(alice, subject);

  // The subject takes at most three lines; the actions and the message stay on screen.
  const title = alice.locator('.conversation-header h1');
  const lineHeight = await title.evaluate((el) => parseFloat(getComputedStyle(el).lineHeight));
  expect((await box(title)).height).toBeLessThanOrEqual(lineHeight * 3 + 1);
  await expect(title).toHaveAttribute('title', subject);
  expect((await box(alice.locator('.thread-actions'))).y + 40).toBeLessThan(800);
  expect((await box(alice.locator('.message').first())).y).toBeLessThan(800);

  // Five of the thirty Cc are named, the rest one click away.
  const cc = alice.locator('.recipients', { hasText: 'Cc:' });
  await expect(cc.locator('bdi')).toHaveCount(5);
  await expect(cc.getByRole('button', { name: 'and 25 more' })).toBeVisible();
  await screenshot(alice, 'real-world-conversation');
  await cc.getByRole('button', { name: 'and 25 more' }).click();
  await expect(cc.locator('bdi')).toHaveCount(30);
  await expect(cc.locator('bdi').last()).toContainText('Colleague 30');
  await title.click();
  expect((await box(title)).height).toBeGreaterThan(lineHeight * 3 + 1);

  // Five tags with long names, created from the conversation: the menu returns to its prompt.
  const run = Date.now() % 100_000;
  const tags = Array.from({ length: 5 }, (_, i) => `Escalated to the finance and accounting team ${run}-${i}`);
  for (const tag of tags) await newTag(alice, tag);
  await screenshot(alice, 'real-world-tags');

  // The row names three of them, counts the other two, and no badge shrinks to a dot.
  await alice.getByRole('link', { name: 'Inbox' }).first().click();
  const listed = await row(alice, subject.slice(0, 40));
  await expect(listed.locator('.tag-badge')).toHaveCount(3);
  await expect(listed.locator('.more-tags')).toHaveText('+2');
  const edge = await box(listed);
  for (const badge of await listed.locator('.badge').all()) {
    const b = await box(badge);
    expect(b.width).toBeGreaterThan(24);
    expect(b.x + b.width, 'inside the row').toBeLessThanOrEqual(edge.x + edge.width + 0.5);
  }
  expect((await box(listed.locator('.preview'))).width, 'a few words of the preview').toBeGreaterThan(30);
  // The attachment is marked by the app's own icon, not an emoji.
  await expect(listed.locator('.clip svg')).toHaveCount(1);
  await expect(listed.locator('.row-top')).not.toContainText('📎');

  // The sidebar lists the long tag names inside its edge, each whole in its title.
  const sidebar = alice.locator('.sidebar');
  const side = await box(sidebar);
  for (const tag of tags) {
    const name = sidebar.locator('.views .mailbox-name', { hasText: tag });
    await expect(name).toHaveAttribute('title', tag);
    const b = await box(name);
    expect(b.x + b.width).toBeLessThanOrEqual(side.x + side.width + 0.5);
  }
  expect(await sidebar.evaluate((el) => el.scrollWidth <= el.clientWidth)).toBe(true);
  await screenshot(alice, 'real-world-list');

  // Selected for a bulk action: the tag menu, whose options are those long names, stays inside
  // the list.
  await listed.locator('.row-select').check();
  const pane = await box(alice.locator('.list-pane'));
  const menu = await box(alice.locator('.bulk-bar select.add-tag'));
  expect(menu.x).toBeGreaterThanOrEqual(pane.x - 0.5);
  expect(menu.x + menu.width).toBeLessThanOrEqual(pane.x + pane.width + 0.5);
  await screenshot(alice, 'real-world-bulk');
});
