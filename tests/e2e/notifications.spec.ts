import { expect, test, type Browser } from './fixtures';
import { expectTeamInbox, forbidDialogs, signIn } from './helpers';
import { agent, customerWrites, open } from './replying';

// Desktop notifications, once the agent turns them on: a conversation a teammate assigns to
// them and a note that mentions them; nothing for what they do themselves. The browser's own
// Notification is used; an init script only records what the page asked it to show.

test.beforeEach(({ page }) => forbidDialogs(page));

async function agentWithNotifications(browser: Browser, login: string) {
  // Headless Chromium answers "denied" to a page that asks: the permission is granted up front,
  // as the agent's click on "Turn on notifications" would.
  const context = await browser.newContext({ permissions: ['notifications'] });
  const page = await context.newPage();
  forbidDialogs(page);
  await page.addInitScript(() => {
    const Real = window.Notification;
    const shown: { title: string; body: string }[] = [];
    (window as unknown as { __shown: typeof shown }).__shown = shown;
    window.Notification = class extends Real {
      constructor(title: string, options?: NotificationOptions) {
        super(title, options);
        shown.push({ title, body: options?.body ?? '' });
      }
    } as typeof Notification;
  });
  await signIn(page, login, 'tandem');
  await expectTeamInbox(page);
  return { page, context };
}

test('a conversation assigned by a teammate and a mention are notified; the agent’s own assignment is not', async ({ browser }) => {
  const assigned = customerWrites('Notify: assigned by a teammate');
  const mentioned = customerWrites('Notify: a note mentions alice');
  const own = customerWrites('Notify: alice takes it herself');
  const { page: alice } = await agentWithNotifications(browser, 'alice');
  const shown = () => alice.evaluate(() => (window as unknown as { __shown: { title: string; body: string }[] }).__shown);
  await expect(alice.getByText('Notifications on')).toBeVisible();

  // Not turned on: the sidebar offers to.
  const bob = await agent(browser, 'bob');
  await expect(bob.getByRole('button', { name: 'Turn on notifications' })).toBeVisible();
  await open(bob, assigned);
  await bob.getByLabel('Assign to').selectOption('alice');
  await expect(bob.locator('.assignee')).toHaveText(/alice/);
  await open(bob, mentioned);
  await bob.getByPlaceholder('Write a note for your team… (@ to mention)').fill('Can you check this one, @alice please?');
  await bob.getByRole('button', { name: 'Add note' }).click();
  await expect(bob.locator('.note', { hasText: 'Can you check this one' })).toBeVisible();

  await expect.poll(shown, { timeout: 20_000 }).toEqual(
    expect.arrayContaining([
      { title: 'Assigned to you', body: assigned },
      { title: expect.stringMatching(/mentioned you$/), body: mentioned },
    ]),
  );

  // Her own assignment is not news to her.
  await open(alice, own);
  await alice.getByRole('button', { name: 'Assign to me' }).click();
  await expect(alice.locator('.assignee')).toHaveText(/Assigned to you/);
  await alice.waitForTimeout(5_000); // a poll or two
  expect((await shown()).filter((n) => n.body === own)).toEqual([]);
  expect((await shown()).filter((n) => n.body === assigned)).toHaveLength(1);
});
