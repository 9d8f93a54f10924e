import { expect, test, type Browser, type Page } from './fixtures';
import { localMeta, openConversation, row, screenshot } from './helpers';
import { agent, customerWrites, open, sentWithSubject, startReply } from './replying';

test('a draft is shared: Bob sees Alice writing, Alice reopens it on another device, and it goes with her reply', async ({ browser }) => {
  const subject = customerWrites('Parcel never arrived', 'أين طردي؟ My parcel never arrived.');
  const alice = await agent(browser, 'alice');
  const bob = await agent(browser, 'bob');
  await open(alice, subject);
  const composer = await startReply(alice);
  await composer.getByLabel('Your reply').fill('مرحبا أحمد، we are checking with the carrier');

  // Bob, on his own device, sees who is writing and what so far, in the conversation and the list.
  await expect(await row(bob, subject, 20_000)).toContainText(/✎ alice/i, { timeout: 20_000 });
  await open(bob, subject);
  const drafting = bob.locator('.teammate-draft');
  await expect(drafting).toContainText(/is writing a reply · (now|\d+ minutes? ago)/);
  await drafting.locator('summary').click();
  await expect(drafting.locator('.draft-text')).toHaveText('مرحبا أحمد، we are checking with the carrier');
  await expect(bob.locator('.message')).toHaveCount(1);
  await screenshot(bob, 'teammate-draft');

  // Alice on another device (nothing kept there) finds her draft in the composer.
  const laptop = await agent(browser, 'alice');
  await open(laptop, subject);
  const reopened = laptop.locator('.reply-composer');
  await expect(reopened.getByLabel('Your reply')).toHaveValue('مرحبا أحمد، we are checking with the carrier', { timeout: 10_000 });
  await expect(reopened.getByLabel('To')).toHaveValue('Ahmed Saleh <ahmed@customer.example>');
  await expect(reopened.locator('.reply-quoted')).toContainText('My parcel never arrived');
  await laptop.close();

  // Sent: the draft goes for everyone, and the reply leaves once.
  await composer.getByRole('button', { name: 'Send', exact: true }).click();
  await expect(alice.locator('.undo-send')).toBeVisible();
  await expect.poll(() => sentWithSubject(`Re: ${subject}`).length, { timeout: 45_000 }).toBe(1);
  await bob.reload();
  await expect(bob.locator('.conversation h1')).toHaveText(subject);
  await expect(bob.locator('.message', { hasText: 'Tandem Support' })).toBeVisible({ timeout: 20_000 });
  await expect(bob.locator('.teammate-draft')).toHaveCount(0);
  await expect(await row(bob, subject)).not.toContainText('✎');
});

test('a reply sent from another device is dropped here with a sentence at the next key press, and never leaves twice', async ({ browser }) => {
  test.setTimeout(90_000); // the reply's hold, then the undo window again
  const { subject, phone, composer } = await draftedOnPhone(browser, 'Sent from the laptop', 'Hello Ahmed, your refund left today.');
  const reply = composer.getByLabel('Your reply');

  // Alice sends it from her laptop; the phone still shows the draft as it was.
  const undoWindow = await sentFromAnotherDevice(browser, subject, 'Hello Ahmed, your refund left today.');
  await expect(reply).toHaveValue('Hello Ahmed, your refund left today.');

  // She types on: the draft is dropped, with a sentence, rather than saved again.
  await reply.press('End');
  await reply.pressSequentially(' It should arrive by Friday.');
  await expect(phone.locator('.reply-notice')).toHaveText('This reply was sent or discarded on another device.');
  await expect(phone.locator('.reply-composer')).toHaveCount(0);
  await expect(phone.getByRole('button', { name: 'Reply', exact: true })).toBeVisible();
  await screenshot(phone, 'reply-gone-elsewhere');

  // Past the team's undo window, still the one reply at the sink.
  await phone.waitForTimeout((undoWindow + 5) * 1_000);
  expect(sentWithSubject(`Re: ${subject}`)).toHaveLength(1);

  // Nor does it come back after a reload (from the local copy or the server).
  await phone.reload();
  await expect(phone.locator('.conversation h1')).toHaveText(subject);
  await expect(phone.locator('.message', { hasText: 'Tandem Support' })).toBeVisible({ timeout: 20_000 });
  await phone.waitForTimeout(2_000); // the server's draft is looked for 0.6 s after the conversation opens
  await expect(phone.locator('.reply-composer')).toHaveCount(0);
  expect(sentWithSubject(`Re: ${subject}`)).toHaveLength(1);
});

test('a draft kept on a device is dropped with a sentence when its conversation opens again after the reply left from another device', async ({ browser }) => {
  const { subject, phone } = await draftedOnPhone(browser, 'Kept on the phone', 'We are looking into it.');
  const { account, thread } = openConversation(phone);
  // The phone leaves the conversation, its draft kept.
  await phone.goBack();
  await expect(phone.locator('.conversation h1')).toHaveCount(0);

  await sentFromAnotherDevice(browser, subject, 'We are looking into it.');

  // Back in the conversation: the kept draft is dropped, here and in the local copy.
  await open(phone, subject);
  await expect(phone.locator('.reply-notice')).toHaveText('This reply was sent or discarded on another device.');
  await expect(phone.locator('.reply-composer')).toHaveCount(0);
  await expect.poll(async () => ((await localMeta(phone, account, `replyDraft:${thread}`)) as { text?: string } | undefined)?.text ?? '').toBe('');
  expect(sentWithSubject(`Re: ${subject}`)).toHaveLength(1);
});

test('Send on a device whose draft already left from another one drops it with a sentence, and nothing leaves twice', async ({ browser }) => {
  test.setTimeout(90_000); // the reply's hold, then the undo window again
  const { subject, phone, composer } = await draftedOnPhone(browser, 'Sent again from the phone', 'Your replacement is on its way.');

  const undoWindow = await sentFromAnotherDevice(browser, subject, 'Your replacement is on its way.');

  // The phone still shows the old draft, untouched: Send asks the server first, and drops it.
  await composer.getByRole('button', { name: 'Send', exact: true }).click();
  await expect(phone.locator('.reply-notice')).toHaveText('This reply was sent or discarded on another device.');
  await expect(phone.locator('.reply-composer')).toHaveCount(0);
  await expect(phone.locator('.undo-send')).toHaveCount(0);
  await phone.waitForTimeout((undoWindow + 5) * 1_000);
  expect(sentWithSubject(`Re: ${subject}`)).toHaveLength(1);
});

test('a discarded draft is gone for teammates too, and nobody but its author can discard it', async ({ browser }) => {
  const subject = customerWrites('Change my address');
  const alice = await agent(browser, 'alice');
  const bob = await agent(browser, 'bob');
  await open(alice, subject);
  const composer = await startReply(alice);
  await composer.getByLabel('Your reply').fill('Which address should we use?');
  await open(bob, subject);
  await expect(bob.locator('.teammate-draft')).toHaveCount(1, { timeout: 20_000 });
  // Bob's own reply does not touch Alice's draft.
  await expect(bob.locator('.teammate-draft button')).toHaveCount(0);

  await composer.getByRole('button', { name: 'Discard' }).click();
  await expect(alice.locator('.reply-composer')).toHaveCount(0);
  await expect(async () => {
    await bob.reload();
    await expect(bob.locator('.conversation h1')).toHaveText(subject);
    await expect(bob.locator('.teammate-draft')).toHaveCount(0);
  }).toPass({ timeout: 20_000 });
});

test('a reply scheduled for tomorrow is listed under Scheduled replies and can be canceled there', async ({ browser }) => {
  const subject = customerWrites('Call me back tomorrow');
  const alice = await agent(browser, 'alice');
  await open(alice, subject);
  const composer = await startReply(alice);
  await composer.getByLabel('Your reply').fill('Good morning Ahmed, as promised: your refund is approved.');
  await alice.getByLabel('Send later').selectOption('pick');
  await alice.getByLabel('Leaves at').fill('2020-01-01T09:00');
  await expect(alice.locator('.send-later .reply-error')).toHaveText('Pick a time at least a minute from now.');
  await alice.getByLabel('Send later').selectOption('tomorrow');
  await alice.getByRole('button', { name: /^Schedule for / }).click();
  await expect(alice.locator('.reply-notice')).toContainText('Scheduled: the reply leaves');
  await expect(alice.locator('.undo-send')).toHaveCount(0);
  // In the conversation at once, marked as scheduled, for the team too. Found by its sender: its
  // words are in the message's text until the server's copy comes, then in its HTML's frame.
  const shown = alice.locator('.message', { hasText: 'Tandem Support' });
  await expect(shown.locator('.scheduled-badge')).toHaveText('Scheduled');
  await expect(shown.locator('time')).toContainText('leaves');
  await screenshot(alice, 'scheduled-in-conversation');
  const bob = await agent(browser, 'bob');
  await open(bob, subject);
  await expect(bob.locator('.message', { hasText: 'Tandem Support' }).locator('.scheduled-badge')).toHaveText('Scheduled');
  await bob.context().close();

  await alice.getByRole('link', { name: 'Scheduled replies' }).click();
  const scheduled = alice.locator('.scheduled-reply', { hasText: `Re: ${subject}` });
  await expect(scheduled).toContainText('your refund is approved');
  // The time in the agent's language, by the browser's Intl ("9:00 AM" in English).
  await expect(scheduled.locator('.scheduled-when')).toContainText(/\b0?9:00\b/);
  await screenshot(alice, 'scheduled-replies');
  await scheduled.getByRole('button', { name: `Cancel “Re: ${subject}”` }).click();
  await expect(alice.locator('.scheduled .reply-notice')).toHaveText(`“Re: ${subject}” will not be sent.`);
  await expect(scheduled).toHaveCount(0);
  expect(sentWithSubject(`Re: ${subject}`)).toHaveLength(0);
});

test('a scheduled reply taken back to edit opens in its conversation, and leaves once rescheduled', async ({ browser }) => {
  const subject = customerWrites('Edit before it leaves');
  const alice = await agent(browser, 'alice');
  await open(alice, subject);
  const composer = await startReply(alice);
  await composer.getByLabel('Your reply').fill('Your new card ships on Friday.');
  await alice.getByLabel('Send later').selectOption('tomorrow');
  await alice.getByRole('button', { name: /^Schedule for / }).click();
  await expect(alice.locator('.reply-notice')).toContainText('Scheduled: the reply leaves');

  await alice.getByRole('link', { name: 'Scheduled replies' }).click();
  const scheduled = alice.locator('.scheduled-reply', { hasText: `Re: ${subject}` });
  await scheduled.getByRole('button', { name: `Edit “Re: ${subject}”` }).click();
  await expect(alice.locator('.conversation h1')).toHaveText(subject);
  const reply = alice.locator('.reply-composer').getByLabel('Your reply');
  await expect(reply).toHaveValue(/^Your new card ships on Friday\./);
  await expect(alice.locator('.message', { hasText: 'ships on Friday' })).toHaveCount(0);
  await reply.fill('Your new card ships on Thursday.');
  await alice.locator('.reply-composer').getByRole('button', { name: 'Send', exact: true }).click();
  await expect.poll(() => sentWithSubject(`Re: ${subject}`).length, { timeout: 45_000 }).toBe(1);
  expect(sentWithSubject(`Re: ${subject}`)[0]).toContain('ships on Thursday');
  await alice.getByRole('link', { name: 'Scheduled replies' }).click();
  await expect(alice.locator('.scheduled-reply', { hasText: `Re: ${subject}` })).toHaveCount(0);
});

/** A customer writes about `topic`; Alice, on her phone, drafts `text` as a reply, saved on the server. */
async function draftedOnPhone(browser: Browser, topic: string, text: string) {
  const subject = customerWrites(topic);
  const phone = await agent(browser, 'alice');
  await open(phone, subject);
  const composer = await startReply(phone);
  await composer.getByLabel('Your reply').fill(text);
  await savedOnServer(phone);
  return { subject, phone, composer };
}

/** Waits until the reply draft open in `page` is saved on the server (its local copy has the server's id). */
async function savedOnServer(page: Page) {
  const { account, thread } = openConversation(page);
  const kept = async () => ((await localMeta(page, account, `replyDraft:${thread}`)) as { serverId?: string } | undefined)?.serverId;
  await expect.poll(kept, { timeout: 15_000 }).toBeTruthy();
}

/**
 * Alice, on another device, finds her draft of `subject` in the composer and sends it; waits until
 * it left (one message at the sink). Returns the team's undo window in seconds, as counted down.
 */
async function sentFromAnotherDevice(browser: Browser, subject: string, text: string): Promise<number> {
  const laptop = await agent(browser, 'alice');
  await open(laptop, subject);
  const composer = laptop.locator('.reply-composer');
  await expect(composer.getByLabel('Your reply')).toHaveValue(text, { timeout: 10_000 });
  await composer.getByRole('button', { name: 'Send', exact: true }).click();
  const countdown = laptop.locator('.undo-send');
  await expect(countdown).toContainText(/sends in \d+ s/);
  const undoWindow = Number(/sends in (\d+) s/.exec((await countdown.textContent()) ?? '')?.[1]);
  await expect.poll(() => sentWithSubject(`Re: ${subject}`).length, { timeout: 45_000 }).toBe(1);
  await laptop.context().close();
  return undoWindow;
}
