import { expect, test } from './fixtures';
import { expectTeamInbox, forbidDialogs, signIn } from './helpers';

test.beforeEach(({ page }) => forbidDialogs(page));

/** The thread ids of every conversation read (`Thread/get`) in `body`, a JMAP request's. */
function threadsRead(body: string | null): string[] {
  try {
    const calls: [string, { ids?: string[] }][] = JSON.parse(body ?? '').methodCalls ?? [];
    return calls.filter(([name]) => name === 'Thread/get').flatMap(([, args]) => args.ids ?? []);
  } catch {
    return [];
  }
}

test("pressing a row begins its conversation's reading, and the click that follows does not ask again", async ({ page }) => {
  const read: string[] = [];
  page.on('request', (r) => {
    if (r.method() === 'POST' && new URL(r.url()).pathname.startsWith('/jmap')) read.push(...threadsRead(r.postData()));
  });
  await signIn(page, 'alice', 'tandem');
  await expectTeamInbox(page);
  // A conversation nobody read yet: far down the list, below what is read ahead.
  await page.waitForTimeout(2_000);
  await page.locator('.vlist').evaluate((list) => (list.scrollTop = list.scrollHeight));
  await page.waitForTimeout(500);
  const rows = page.locator('.thread-row');
  const ids = await rows.evaluateAll((all) => all.map((r) => r.getAttribute('data-thread-id')));
  const index = ids.findLastIndex((id) => id !== null && !read.includes(id));
  expect(index, 'a row that was not read ahead').toBeGreaterThanOrEqual(0);
  const thread = ids[index]!;
  const row = rows.nth(index);
  const subject = (await row.locator('.subject').textContent())?.trim() ?? '';

  const before = read.length;
  await row.locator('a').hover();
  await page.mouse.down();
  // Pressed, not yet clicked: the reading is on its way.
  await expect.poll(() => read.slice(before).filter((id) => id === thread).length).toBe(1);
  await page.mouse.up();
  await expect(page).toHaveURL(new RegExp(`/t/${thread}$`));
  await expect(page.locator('.conversation h1')).toHaveText(subject);
  await expect(page.locator('.conversation .message').first()).toBeVisible();
  await page.waitForTimeout(1_000);
  expect(read.slice(before).filter((id) => id === thread)).toHaveLength(1);
});
