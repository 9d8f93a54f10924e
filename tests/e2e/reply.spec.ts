import { expect, test } from './fixtures';
import { localMeta, openConversation, screenshot } from './helpers';
import { agent, customerMail, customerWrites, open, sentWithSubject, startReply, TEAM_ADDRESS } from './replying';

test('a reply leaves once from the team address and shows in the conversation for everyone', async ({ browser }) => {
  const subject = customerWrites('Refund not received');
  const alice = await agent(browser, 'alice');
  await open(alice, subject);
  const composer = await startReply(alice);
  await expect(composer.getByLabel('To')).toHaveValue('Ahmed Saleh <ahmed@customer.example>');
  await expect(composer.getByLabel('Subject')).toHaveValue(`Re: ${subject}`);
  await expect(composer.locator('.reply-quoted')).toContainText('Where is my refund?');
  await composer.getByLabel('Your reply').fill('Hello Ahmed, your refund left today.\n\nمع التحية، فريق الدعم');
  await screenshot(alice, 'reply-composer');
  await composer.getByRole('button', { name: 'Send', exact: true }).click();

  await expect(alice.locator('.undo-send')).toContainText(/Reply sends in \d+ s/);
  await expect(alice.locator('.message').last()).toContainText('your refund left today');
  await screenshot(alice, 'reply-undo-bar');
  // The server releases it after the undo window: exactly one message, from the team's address.
  await expect.poll(() => sentWithSubject(`Re: ${subject}`).length, { timeout: 45_000 }).toBe(1);
  const sent = sentWithSubject(`Re: ${subject}`)[0];
  expect(sent).toContain(`X-Sink-Envelope: from=<${TEAM_ADDRESS}>`);
  expect(sent).toContain(`From: "Tandem Support" <${TEAM_ADDRESS}>`);
  expect(sent).toContain('In-Reply-To: <');
  await expect(alice.locator('.undo-send')).toHaveCount(0);
  // Replying to an unassigned conversation assigned it to alice.
  await expect(alice.locator('.assignee')).toHaveText(/Assigned to you/);

  const bob = await agent(browser, 'bob');
  await open(bob, subject);
  // The team's copy, from the team's address (its HTML body may be shown in a frame of its own).
  const copy = bob.locator('.message', { hasText: 'Tandem Support' });
  await expect(copy).toBeVisible();
  // bob sees who replied (the roster name, which other tests may have changed in case); the customer does not.
  await expect(copy.locator('.sent-by')).toHaveText(/^· sent by alice$/i);
  await screenshot(bob, 'reply-sent-by');
  expect(sent).not.toMatch(/sent by|tandem_by/i);
  expect(sentWithSubject(`Re: ${subject}`)).toHaveLength(1);
});

test('undo takes a reply back into the composer and it never leaves', async ({ browser }) => {
  const subject = customerWrites('Wrong size delivered');
  const alice = await agent(browser, 'alice');
  await open(alice, subject);
  let composer = await startReply(alice);
  await composer.getByLabel('Your reply').fill('Oops: this was meant for another customer.');
  // The click on Undo lands while the send is half done: submitted, its copy for the team not
  // yet made. The race is staged: the team's copy is made just after a take-back that does not
  // wait for the send has looked for it, and before it deletes. The take-back must wait for the
  // send to end, so the team's copy goes too and the next reply is not stopped by the undone one.
  const race = { copyRequests: 0, canceled: false, lookedForCopy: false, copyMade: false };
  const until = async (done: () => boolean) => {
    for (let waited = 0; !done() && waited < 2_000; waited += 50) await new Promise((r) => setTimeout(r, 50));
  };
  await alice.context().route('**/jmap/', async (route) => {
    const body = route.request().postData() ?? '';
    if (body.includes('"Email/copy"') && race.copyRequests++ === 0) {
      await until(() => race.lookedForCopy);
      const response = await route.fetch();
      race.copyMade = true;
      return route.fulfill({ response });
    }
    if (body.includes('"canceled"')) race.canceled = true;
    if (race.canceled && body.includes('"destroy"')) await until(() => race.copyMade);
    if (race.canceled && !race.lookedForCopy && body.includes('Message-ID')) {
      const response = await route.fetch();
      race.lookedForCopy = true;
      return route.fulfill({ response });
    }
    return route.continue();
  });
  await composer.getByRole('button', { name: 'Send', exact: true }).click();
  await expect.poll(() => race.copyRequests).toBe(1);
  await alice.locator('.undo-send').getByRole('button', { name: 'Undo' }).click();
  await expect(alice.locator('.reply-notice')).toHaveText('The reply was not sent: it is back in the composer.');
  composer = alice.locator('.reply-composer');
  await expect(composer.getByLabel('Your reply')).toHaveValue('Oops: this was meant for another customer.');

  // A second reply, sent and kept, leaves after the same hold; by then the first would have too.
  await composer.getByLabel('Your reply').fill('Sorry for the wrong size: a replacement is on its way.');
  await composer.getByRole('button', { name: 'Send and mark pending' }).click();
  await expect(alice.locator('.undo-send')).toBeVisible();
  await expect(alice.locator('.stale-reply')).toHaveCount(0);
  await expect.poll(() => sentWithSubject(`Re: ${subject}`).length, { timeout: 45_000 }).toBe(1);
  expect(sentWithSubject(`Re: ${subject}`)[0]).toContain('replacement is on its way');
  expect(sentWithSubject(`Re: ${subject}`)[0]).not.toContain('meant for another customer');
  await expect(alice.getByRole('button', { name: 'Pending' })).toHaveAttribute('aria-pressed', 'true');
});

test('a half-written reply survives a reload, and a bad address is refused with a sentence', async ({ browser }) => {
  const subject = customerWrites('Invoice address');
  const alice = await agent(browser, 'alice');
  await open(alice, subject);
  const composer = await startReply(alice);
  await composer.getByLabel('To').fill('ahmed at customer');
  await composer.getByLabel('Your reply').fill('写了一半的回复 — half written');
  const { account, thread } = openConversation(alice);
  await expect.poll(async () => ((await localMeta(alice, account, `replyDraft:${thread}`)) as { text?: string } | undefined)?.text).toBe('写了一半的回复 — half written');
  await alice.reload();
  await expect(alice.locator('.reply-composer').getByLabel('Your reply')).toHaveValue('写了一半的回复 — half written');
  await alice.locator('.reply-composer').getByRole('button', { name: 'Send', exact: true }).click();
  await expect(alice.locator('.reply-error')).toHaveText('“ahmed at customer” is not an email address.');
  await expect(alice.locator('.reply-composer').getByLabel('Your reply')).toHaveValue('写了一半的回复 — half written');
  expect(sentWithSubject(`Re: ${subject}`)).toHaveLength(0);
});

test('a reply is stopped when the customer wrote again meanwhile, and leaves once the agent says so', async ({ browser }) => {
  const subject = `Password reset ${Date.now()}`;
  const first = customerMail(subject, 'I cannot reset my password.');
  const alice = await agent(browser, 'alice');
  await open(alice, subject);
  const composer = await startReply(alice);
  await composer.getByLabel('Your reply').fill('Here is a reset link: https://example.com/reset');
  customerMail(`Re: ${subject}`, 'Never mind, I found the reset link myself.', first);
  await composer.getByRole('button', { name: 'Send', exact: true }).click();
  const stop = alice.locator('.stale-reply');
  await expect(stop).toContainText('Never mind, I found the reset link myself.');
  await screenshot(alice, 'reply-stale-check');
  await expect(composer.getByLabel('Your reply')).toHaveValue('Here is a reset link: https://example.com/reset');
  expect(sentWithSubject(`Re: ${subject}`)).toHaveLength(0);
  await stop.getByRole('button', { name: 'Send anyway' }).click();
  await expect(stop).toHaveCount(0);
  await expect.poll(() => sentWithSubject(`Re: ${subject}`).length, { timeout: 45_000 }).toBe(1);
});

test('a saved reply is found by typing / and inserted with its variables filled; an unknown variable stops the send', async ({ browser }) => {
  const subject = customerWrites('Charged twice');
  const alice = await agent(browser, 'alice');
  await open(alice, subject);
  const composer = await startReply(alice);
  await composer.getByLabel('Your reply').pressSequentially('/');
  const picker = alice.locator('.saved-replies');
  await picker.getByLabel('Find a saved reply').fill('mistake');
  await expect(picker.locator('.saved-name')).toHaveText(['Apology for our mistake']);
  await screenshot(alice, 'reply-saved-replies');
  await picker.locator('.saved-pick').click();
  const text = composer.getByLabel('Your reply');
  await expect(text).toHaveValue(/^Hi Ahmed,\n\nWe made a mistake with your request “Charged twice \d+”, and we are sorry\./);
  await text.fill('Hi {{customer.first_name}}, your number is {{customer.phone}}.');
  await composer.getByRole('button', { name: 'Send', exact: true }).click();
  await expect(alice.locator('.reply-error')).toHaveText('Tandem cannot fill {{customer.phone}} in this reply: replace it before sending.');
  expect(sentWithSubject(`Re: ${subject}`)).toHaveLength(0);
  // Known variables typed by hand are filled when the reply leaves.
  await text.fill('Hi {{customer.first_name | there}}, this is {{agent.name}}: the second charge is refunded.');
  await composer.getByRole('button', { name: 'Send', exact: true }).click();
  await expect.poll(() => sentWithSubject(`Re: ${subject}`).length, { timeout: 45_000 }).toBe(1);
  expect(sentWithSubject(`Re: ${subject}`)[0]).toContain('Hi Ahmed, this is ');
  expect(sentWithSubject(`Re: ${subject}`)[0]).not.toContain('{{');
});

test('a reply written in Arabic while the server is unreachable survives a reload and leaves once when it answers', async ({ browser }) => {
  const subject = customerWrites('Refund still missing', 'مرحبا، لم أستلم المبلغ المسترد بعد.');
  const alice = await agent(browser, 'alice', { serviceWorkers: 'block' }); // her connection drops below
  await open(alice, subject);
  const composer = await startReply(alice);
  // The connection drops (a fault injected in the browser: a real server cannot vanish on cue).
  await alice.route('**/jmap/**', (route) => route.abort('internetdisconnected'));
  const text = 'مرحبا أحمد، تم إرسال المبلغ اليوم وسيصلك خلال ثلاثة أيام.';
  await composer.getByLabel('Your reply').fill(text);
  await expect(composer.getByLabel('Your reply')).toHaveAttribute('dir', 'auto');
  await screenshot(alice, 'reply-arabic');
  await composer.getByRole('button', { name: 'Send', exact: true }).click();
  await expect(alice.locator('.message').last()).toContainText('تم إرسال المبلغ اليوم');
  const queued = () => localMeta(alice, '', 'outbox').then((outbox: any) => outbox?.queue?.length ?? 0);
  await expect.poll(queued).toBe(1);

  await alice.reload();
  await expect(alice.locator('.conversation h1')).toHaveText(subject, { timeout: 15_000 });
  expect(await queued()).toBe(1);
  expect(sentWithSubject(`Re: ${subject}`)).toHaveLength(0);

  await alice.unroute('**/jmap/**');
  await expect.poll(queued, { timeout: 20_000 }).toBe(0);
  await expect.poll(() => sentWithSubject(`Re: ${subject}`).length, { timeout: 45_000 }).toBe(1);
  expect(sentWithSubject(`Re: ${subject}`)[0]).toContain('Content-Type: text/html');
  // The team's copy comes back to the conversation; by then, still one message at the sink.
  await expect(alice.locator('.message', { hasText: 'Tandem Support' })).toBeVisible({ timeout: 20_000 });
  expect(sentWithSubject(`Re: ${subject}`)).toHaveLength(1);
});

test("the team's signature, an agent's own and the undo window are set in Reply settings and used by the composer", async ({ browser }) => {
  const subject = customerWrites('Signature check');
  const alice = await agent(browser, 'alice');
  await open(alice, subject);
  await startReply(alice); // the team's address is set once
  const composer = alice.locator('.reply-composer');
  await composer.getByRole('button', { name: 'Discard' }).click();
  const settings = alice.locator('.reply-settings');
  const saved = alice.locator('.bulk-result');
  const ownSignature = "Your signature (instead of the team's)";
  await settings.getByRole('button', { name: 'Reply settings' }).click();
  try {
    await settings.getByLabel('Team signature').fill('{{agent.first_name}} — {{team.name}}');
    await settings.getByLabel('Undo window').selectOption('5');
    await settings.getByLabel('Team address').fill('not an address');
    await settings.getByRole('button', { name: 'Save' }).click();
    await expect(saved).toHaveText('“not an address” is not an email address.');
    await settings.getByLabel('Team address').fill('support@tandem.test');
    await settings.getByRole('button', { name: 'Save' }).click();
    await expect(saved).toHaveText('Reply settings saved.');
    await screenshot(alice, 'reply-settings');

    await alice.getByRole('button', { name: 'Reply', exact: true }).click();
    // alice's name on the roster is what the native tests on the same server left (any case).
    await expect(composer.getByLabel('Your reply')).toHaveValue(/^\n\n-- \nalice — Tandem Support$/i);
    await composer.getByRole('button', { name: 'Discard' }).click();
    await settings.getByLabel(ownSignature).fill('Alice, billing desk');
    await settings.getByRole('button', { name: 'Save' }).click();
    await expect(saved).toHaveText('Reply settings saved.');
    await alice.getByRole('button', { name: 'Reply', exact: true }).click();
    await expect(composer.getByLabel('Your reply')).toHaveValue('\n\n-- \nAlice, billing desk');
    await composer.getByLabel('Your reply').fill('Done.\n\n-- \nAlice, billing desk');
    await composer.getByRole('button', { name: 'Send', exact: true }).click();
    await expect(alice.locator('.undo-send')).toContainText(/Reply sends in [1-5] s/);
  } finally {
    // As the other tests expect it.
    await settings.getByLabel('Team signature').fill('');
    await settings.getByLabel(ownSignature).fill('');
    await settings.getByLabel('Undo window').selectOption('10');
    await settings.getByRole('button', { name: 'Save' }).click();
    await expect(saved).toHaveText('Reply settings saved.');
  }
});

test("a save of Reply settings keeps a teammate's change made while the form was open", async ({ browser }) => {
  const alice = await agent(browser, 'alice');
  const bob = await agent(browser, 'bob');
  const [aliceForm, bobForm] = [alice.locator('.reply-settings'), bob.locator('.reply-settings')];
  await aliceForm.getByRole('button', { name: 'Reply settings' }).click();
  await expect(aliceForm.getByLabel('Undo window')).toHaveValue('10');
  const signature = `بوب — ${Date.now()}`;
  try {
    await bobForm.getByRole('button', { name: 'Reply settings' }).click();
    await bobForm.getByLabel('Team signature').fill(signature);
    await bobForm.getByRole('button', { name: 'Save' }).click();
    await expect(bob.locator('.bulk-result')).toHaveText('Reply settings saved.');
    // alice's form still shows the signature as it was; she changes the undo window only.
    await aliceForm.getByLabel('Undo window').selectOption('20');
    await aliceForm.getByRole('button', { name: 'Save' }).click();
    await expect(alice.locator('.bulk-result')).toHaveText('Reply settings saved.');
    await aliceForm.getByRole('button', { name: 'Done' }).click();
    await aliceForm.getByRole('button', { name: 'Reply settings' }).click();
    await expect(aliceForm.getByLabel('Team signature')).toHaveValue(signature);
    await expect(aliceForm.getByLabel('Undo window')).toHaveValue('20');
  } finally {
    // As the other tests expect it, from a form filled afresh (a save changes what differs from it).
    const done = aliceForm.getByRole('button', { name: 'Done' });
    if (await done.count()) await done.click();
    await aliceForm.getByRole('button', { name: 'Reply settings' }).click();
    await aliceForm.getByLabel('Team signature').fill('');
    await aliceForm.getByLabel('Undo window').selectOption('10');
    await aliceForm.getByRole('button', { name: 'Save' }).click();
    await expect(alice.locator('.bulk-result')).toHaveText('Reply settings saved.');
  }
});
