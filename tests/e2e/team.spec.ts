import { expect, test } from './fixtures';
import { holdPolls, localMeta, openConversation, row, screenshot } from './helpers';
import { agent, customerMail, customerWrites, open, sentMessages } from './replying';

// Each test works on conversations of its own, delivered as it starts, so that the suite runs
// again on the same server (the seeded ones are only read).

test('assignment and status are shared, and a stale screen cannot override a teammate', async ({ browser }) => {
  const subject = customerWrites('Please cancel my subscription');
  const alice = await agent(browser, 'alice', { serviceWorkers: 'block' }); // her polls are held below
  await open(alice, subject);
  await expect(alice.locator('.assignee')).toHaveText('Unassigned');
  await alice.getByRole('button', { name: 'Assign to me' }).click();
  await expect(alice.locator('.assignee')).toHaveText('Assigned to you (alice)');
  await expect(alice.locator('.activity-text')).toHaveText([/^alice took this conversation$/i]); // the roster name (set by other tests) may differ in case
  await alice.getByRole('button', { name: 'Pending' }).click();
  await expect(alice.locator('.activity-text')).toHaveCount(2);
  await expect(alice.locator('.activity-text').last()).toHaveText(/^alice marked this conversation pending$/i);
  await expect(alice.getByRole('button', { name: 'Pending' })).toHaveAttribute('aria-pressed', 'true');
  const aliceRow = await row(alice, subject);
  await expect(aliceRow.locator('.assignee-badge')).toHaveText('alice');
  await expect(aliceRow.locator('.status-pending')).toHaveText('Pending');
  await screenshot(alice, 'team-assigned-pending');

  const releasePolls = await holdPolls(alice); // alice's screen must go stale
  const bob = await agent(browser, 'bob');
  const bobRow = await row(bob, subject);
  await expect(bobRow.locator('.assignee-badge')).toHaveText('alice');
  await expect(bobRow.locator('.status-pending')).toHaveText('Pending');
  await open(bob, subject);
  await expect(bob.locator('.assignee')).toHaveText('Assigned to alice');
  await bob.getByRole('button', { name: 'Take it' }).click();
  await expect(bob.locator('.assignee')).toHaveText('Assigned to you (bob)');

  // alice's screen still says she has it; her unassign must not undo bob's take.
  await expect(alice.locator('.assignee')).toHaveText('Assigned to you (alice)');
  await alice.getByRole('button', { name: 'Unassign' }).click();
  await expect(alice.getByRole('alert')).toHaveText('bob took this conversation a moment ago.');
  await expect(alice.locator('.assignee')).toHaveText('Assigned to bob');
  expect(await releasePolls(), 'polls were held').toBeGreaterThan(0);

  await bob.getByRole('button', { name: 'Open' }).click();
  await expect(bobRow.locator('.badge.status-pending')).toHaveCount(0);
});

test('internal notes are shared, marked as internal, editable only by their author, and never sent', async ({ browser }) => {
  const subject = customerWrites('Webhook deliveries failing with 401');
  const text = 'Called Ravi: the secret was rotated twice. ملاحظة داخلية @bob please check.';
  // bob opens the inbox first, which puts him on the roster whatever other tests did to it.
  const early = await agent(browser, 'bob');
  await expect(early.locator('.views li[data-view^="agent-"]', { hasText: 'bob' })).toBeVisible();
  await early.close();
  const alice = await agent(browser, 'alice');
  await open(alice, subject);
  const composer = alice.getByPlaceholder('Write a note for your team… (@ to mention)');
  await composer.fill('Called Ravi: the secret was rotated twice. ملاحظة داخلية @bo');
  await alice.getByRole('listbox', { name: 'Mention a teammate' }).getByRole('button', { name: /@bob/ }).click();
  await expect(composer).toHaveValue('Called Ravi: the secret was rotated twice. ملاحظة داخلية @bob ');
  await composer.pressSequentially('please check.');
  await alice.getByRole('button', { name: 'Add note' }).click();
  const aliceNote = alice.locator('.note', { hasText: 'Called Ravi' });
  await expect(aliceNote).toBeVisible();
  await expect(aliceNote.locator('.note-badge')).toHaveText('Internal note');
  await expect(aliceNote.locator('.from-name')).toHaveText('alice');
  await expect(composer).toHaveValue('');
  await screenshot(alice, 'team-note');

  const bob = await agent(browser, 'bob');
  const mentions = bob.locator('.views li[data-view="mentions"] a');
  await expect(mentions.locator('.view-count')).not.toHaveText('0');
  await mentions.click();
  await expect(bob.locator('.pane-header h2')).toHaveText('Mentions');
  const mentioned = bob.locator('.thread-row', { has: bob.locator('.preview', { hasText: '@bob please check.' }) });
  await expect(mentioned).toBeVisible();
  // The row opens the conversation at the note, scrolled into view and marked.
  await mentioned.locator('a').click();
  await expect(bob.locator('.conversation h1')).toHaveText(subject);
  await expect(bob).toHaveURL(/#note-/);
  const bobNote = bob.locator('.note', { hasText: 'Called Ravi' });
  await expect(bobNote).toHaveClass(/mentioned/);
  await expect(bobNote).toBeInViewport();
  await screenshot(bob, 'team-mention-opened');
  await expect(bobNote.locator('.body p')).toHaveText(text);
  await expect(bobNote.getByRole('button', { name: 'Delete' })).toHaveCount(0);
  await expect(bob.locator('.message', { hasText: 'Called Ravi' })).toHaveCount(0);
  // Notes live in Tandem's own mailboxes, which are never listed as folders.
  await expect(bob.locator('.mailboxes .mailbox-name')).not.toHaveCount(0);
  for (const name of ['Tandem', 'Notes', 'Settings']) {
    await expect(bob.locator('.mailboxes .mailbox-name', { hasText: new RegExp(`^${name}$`) })).toHaveCount(0);
  }

  await aliceNote.getByRole('button', { name: 'Edit' }).click();
  await alice.getByLabel('Edit note').fill('Secret rotated twice; fixed.');
  await alice.getByRole('button', { name: 'Save' }).click();
  await expect(alice.locator('.note .body p')).toHaveText('Secret rotated twice; fixed.');
  await alice.locator('.note').getByRole('button', { name: 'Delete' }).click();
  await expect(alice.locator('.note')).toHaveCount(0);

  for (const message of sentMessages()) expect(message).not.toContain('X-Tandem-Kind');
});

test("a teammate's change shows up on an open screen within seconds, and an edit in progress survives it", async ({ browser }) => {
  const subject = customerWrites('Refund request for unused seats');
  const bob = await agent(browser, 'bob');
  await open(bob, subject);
  await bob.getByPlaceholder('Write a note for your team… (@ to mention)').fill('Half-written thought');

  const alice = await agent(browser, 'alice');
  await open(alice, subject);
  await alice.getByRole('button', { name: 'Assign to me' }).click();
  await expect(alice.locator('.assignee')).toHaveText('Assigned to you (alice)');

  // No reload on bob's side: the poll notices the change.
  await expect((await row(bob, subject)).locator('.assignee-badge')).toHaveText('alice', { timeout: 10_000 });
  await expect(bob.locator('.assignee')).toHaveText('Assigned to alice');
  await expect(bob.getByPlaceholder('Write a note for your team… (@ to mention)')).toHaveValue('Half-written thought');

  await alice.getByRole('button', { name: 'Unassign' }).click();
  await expect(bob.locator('.assignee')).toHaveText('Unassigned', { timeout: 10_000 });
});

test('alice assigns to bob and tags in Arabic; bob sees it under Mine and under the tag', async ({ browser }) => {
  const subject = customerWrites('Printer integration stopped working');
  const bob = await agent(browser, 'bob'); // joins the roster
  const alice = await agent(browser, 'alice');
  await open(alice, subject);
  await alice.getByLabel('Assign to').selectOption('bob');
  await expect(alice.locator('.assignee')).toHaveText('Assigned to bob');
  await alice.getByLabel('Add tag').selectOption('+new');
  const tag = `طابعة ${Date.now() % 100_000}`;
  await alice.getByLabel('New tag name').fill(tag);
  await alice.getByRole('button', { name: 'Create' }).click();
  await expect(alice.locator('.thread-actions .tag-badge')).toContainText(tag);
  await screenshot(alice, 'team-tag-assign');

  // bob, without reloading: Mine lists it, the tag view lists it, the row shows the tag.
  const mine = bob.locator('.views li[data-view="mine"] a');
  await expect(mine.locator('.view-count')).not.toHaveText('0', { timeout: 10_000 });
  await mine.click();
  await expect(bob.locator('.pane-header h2')).toHaveText('Mine');
  const mineRow = await row(bob, subject);
  await expect(mineRow).toBeVisible({ timeout: 10_000 });
  await expect(mineRow.locator('.tag-badge')).toHaveText(tag);
  await bob.locator('.views a', { hasText: tag }).click();
  await expect(await row(bob, subject)).toBeVisible();
  await screenshot(bob, 'team-mine-view');
});

test('closing a thread, then a new customer message, reopens it', async ({ browser }) => {
  const subject = `Wrong time zone on invoices ${Date.now()}`;
  const first = customerMail(subject, 'My invoices show UTC instead of Tokyo time.');
  const alice = await agent(browser, 'alice');
  await open(alice, subject);
  await alice.getByRole('button', { name: 'Closed' }).click();
  await expect((await row(alice, subject)).locator('.status-closed')).toHaveText('Closed');
  customerMail(`Re: ${subject}`, 'The new invoice still shows UTC, sorry!', first);
  // The reopened thread moves to the top: find it again on each try (row and no badge).
  const shown = async () => {
    const r = await row(alice, subject, 2_000);
    return `${await r.count()} row, ${await r.locator('.status-closed').count()} closed`;
  };
  await expect.poll(shown, { timeout: 15_000 }).toBe('1 row, 0 closed');
  await (await row(alice, subject)).locator('a').click();
  await expect(alice.getByRole('button', { name: 'Open' })).toHaveAttribute('aria-pressed', 'true');
});

test('snoozing a thread moves it to Snoozed until its time', async ({ browser }) => {
  const subject = customerWrites('Slow page loads since Tuesday');
  const alice = await agent(browser, 'alice');
  await open(alice, subject);
  await alice.getByLabel('Snooze').selectOption('tomorrow');
  await expect(alice.locator('.snoozed-until')).toContainText('Snoozed until');
  await expect(alice.locator('.activity-text').last()).toContainText('snoozed this conversation until');
  await expect((await row(alice, subject)).locator('.status-snoozed')).toHaveText('Snoozed');
  await alice.locator('.views li[data-view="snoozed"] a').click();
  await expect(await row(alice, subject)).toBeVisible();
  await screenshot(alice, 'team-snoozed');
});

test('bulk actions close the selected conversations and say what they did', async ({ browser }) => {
  const subjects = [customerWrites("Team members can't see shared folders"), customerWrites('API rate limit clarification')];
  const alice = await agent(browser, 'alice');
  for (const subject of subjects) await (await row(alice, subject, 20_000)).locator('.row-select').check();
  await expect(alice.locator('.bulk-count')).toHaveText('2 selected');
  await screenshot(alice, 'team-bulk');
  await alice.getByRole('toolbar', { name: 'Selected conversations' }).getByRole('button', { name: 'Close' }).click();
  await expect(alice.locator('.bulk-result')).toHaveText('Done for 2 conversations.');
  for (const subject of subjects) await expect((await row(alice, subject)).locator('.status-closed')).toHaveText('Closed');
  await expect(alice.locator('.bulk-bar')).toHaveCount(0);
});

test('a tag can be renamed, recoloured and deleted everywhere', async ({ browser }) => {
  const subject = customerWrites('Calendar sync duplicates every event');
  const alice = await agent(browser, 'alice');
  await open(alice, subject);
  await alice.getByLabel('Add tag').selectOption('+new');
  await alice.getByLabel('New tag name').fill('日历');
  await alice.getByRole('button', { name: 'Create' }).click();
  const badge = (await row(alice, subject)).locator('.tag-badge');
  await expect(badge).toHaveText('日历');

  await alice.getByRole('button', { name: 'Manage tags' }).click();
  const editor = alice.locator('.tag-edit[data-tag-name="日历"]');
  await editor.getByLabel('Tag name').fill('日历同步');
  await editor.getByLabel('Tag colour').fill('#e03131');
  await editor.getByRole('button', { name: 'Save' }).click();
  await expect(alice.locator('.bulk-result')).toHaveText('Tag saved.');
  await expect(badge).toHaveText('日历同步');
  await expect(badge).toHaveAttribute('style', /#e03131/);
  // The record names the tag by its id (X-Tandem-Activity): its name now, not the one it had.
  const tagged = alice.locator('.activity-text').last();
  await expect(tagged).toHaveText(/tagged this conversation “日历同步”$/);

  await alice.locator('.tag-edit[data-tag-name="日历同步"]').getByRole('button', { name: 'Delete' }).click();
  await expect(alice.locator('.bulk-result')).toHaveText('Tag deleted from every conversation.');
  await expect((await row(alice, subject)).locator('.tag-badge')).toHaveCount(0);
  await expect(alice.locator('.views a', { hasText: '日历同步' })).toHaveCount(0);
  await expect(tagged).toHaveText(/tagged this conversation “日历”$/); // gone: the name it had
});

test('an agent can be renamed in any language, and one who left taken off the roster', async ({ browser }) => {
  const bob = await agent(browser, 'bob'); // on the roster
  const alice = await agent(browser, 'alice');
  await bob.close();
  await alice.getByRole('button', { name: 'Manage agents' }).click();
  // The roster is read after the first rows: wait for it (alice is on it) before saying what it lacks.
  const self = alice.locator('.agent-edit[data-login="alice"]');
  await expect(self).toHaveCount(1);
  await expect(self.getByRole('button', { name: 'Remove' })).toHaveCount(0);
  const entry = alice.locator('.agent-edit[data-login="bob"]');
  await entry.getByLabel('Display name').fill('بوب <b>B</b>');
  await entry.getByRole('button', { name: 'Save' }).click();
  await expect(alice.locator('.bulk-result')).toHaveText('Name saved.');
  await expect(alice.locator('.views a', { hasText: 'بوب <b>B</b>' })).toBeVisible();
  await screenshot(alice, 'team-agents');
  await alice.locator('.agent-edit[data-login="bob"]').getByRole('button', { name: 'Remove' }).click();
  await expect(alice.locator('.bulk-result')).toContainText('Removed from the team');
  await expect(alice.locator('.views a', { hasText: 'بوب' })).toHaveCount(0);
});

test('a teammate is added to the roster by login before they ever open the inbox', async ({ browser }) => {
  const alice = await agent(browser, 'alice');
  await alice.getByRole('button', { name: 'Manage agents' }).click();
  // The roster is read after the first rows: until it is, it looks empty (carol absent too).
  await expect(alice.locator('.agent-edit[data-login="alice"]')).toHaveCount(1);
  // Other tests may have had carol open the inbox (which joins her): start without her.
  const carolEntry = alice.locator('.agent-edit[data-login="carol"]');
  if (await carolEntry.count()) {
    await carolEntry.getByRole('button', { name: 'Remove' }).click();
    await expect(alice.locator('.bulk-result')).toContainText('Removed from the team');
  }
  await expect(carolEntry).toHaveCount(0);
  const add = alice.locator('.agent-add');
  await add.getByLabel('Login of the agent to add').fill('carol diaz');
  await add.getByRole('button', { name: 'Add' }).click();
  await expect(alice.locator('.bulk-result')).toContainText('A login has no spaces');
  await expect(carolEntry).toHaveCount(0);
  await add.getByLabel('Login of the agent to add').fill('Carol');
  await add.getByLabel('Display name (optional)').fill('Carol Díaz');
  await add.getByRole('button', { name: 'Add' }).click();
  await expect(alice.locator('.bulk-result')).toContainText('Agent added');
  await expect(carolEntry.getByLabel('Display name')).toHaveValue('Carol Díaz');
  await expect(alice.locator('.views a', { hasText: 'Carol Díaz' })).toBeVisible();
  await screenshot(alice, 'team-agent-added');
  await open(alice, 'Bulk import stuck at 99%');
  await expect(alice.locator('select.assign-to option[value="carol"]')).toHaveText(/Carol Díaz/);
});

test('a half-written note survives a reload, and is gone once added', async ({ browser }) => {
  const subject = customerWrites('GDPR data deletion request');
  const bob = await agent(browser, 'bob');
  await open(bob, subject);
  const conversation = openConversation(bob);
  const composer = bob.getByPlaceholder('Write a note for your team… (@ to mention)');
  const draft = 'طلب حذف البيانات: <b>check</b> the backups first';
  await composer.fill(draft);
  await open(bob, 'Bulk import stuck at 99%');
  await expect(composer).toHaveValue('');
  // The draft is written to the local copy a moment after the last key (src/note_drafts.rs).
  await expect.poll(() => localMeta(bob, conversation.account, `noteDraft:${conversation.thread}`)).toBe(draft);
  await bob.reload();
  await open(bob, subject);
  await expect(composer).toHaveValue(draft);
  await bob.getByRole('button', { name: 'Add note' }).click();
  await expect(bob.locator('.note .body', { hasText: 'طلب حذف البيانات' })).toBeVisible();
  await expect(composer).toHaveValue('');
  await bob.reload();
  await open(bob, subject);
  await expect(bob.locator('.note .body', { hasText: 'طلب حذف البيانات' })).toBeVisible();
  await expect(composer).toHaveValue('');
});

test('with the inbox copied in full the views are counted on this device: a reload asks the server nothing for them, and a teammate’s change moves them', async ({ browser }) => {
  const alice = await agent(browser, 'alice');
  await alice.waitForFunction(() => performance.getEntriesByName('tandem:full-sync-done').length > 0, null, { timeout: 30_000 });
  // The server's count of the views: one request of `Email/query`s asking for a total and no ids.
  const countRequests: string[] = [];
  alice.on('request', (r) => {
    try {
      const calls = r.postDataJSON()?.methodCalls;
      if (Array.isArray(calls) && calls.some((c) => c[0] === 'Email/query' && c[1]?.limit === 0 && c[1]?.calculateTotal)) countRequests.push(r.url());
    } catch {
      // not JSON: not a JMAP call
    }
  });
  await alice.reload();
  const closed = alice.locator('.views li[data-view="closed"] .view-count');
  await expect(closed).toHaveText(/^\d+$/);
  const before = Number(await closed.textContent());
  const subject = customerWrites('Counted on the device');
  const bob = await agent(browser, 'bob');
  await open(bob, subject);
  // (Bob's screen may move on to the next conversation, as the team's settings from other tests ask.)
  await bob.getByRole('button', { name: 'Closed' }).click();
  await expect(closed).toHaveText(String(before + 1), { timeout: 15_000 });
  expect(countRequests).toEqual([]);
});
