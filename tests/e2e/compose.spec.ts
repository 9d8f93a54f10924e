import { expect, test, type Page } from './fixtures';
import { expectTeamInbox, forbidDialogs, row, screenshot, signIn } from './helpers';
import { agent, customerMail, customerWrites, open, sentWithSubject, startReply, TEAM_ADDRESS } from './replying';

/** A message as it left, its quoted-printable parts decoded (soft line breaks joined). */
function decoded(message: string): string {
  return message
    .replace(/=\r?\n/g, '')
    .replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

/** Selects `words` in the reply, as an agent would with the mouse. */
async function select(page: Page, words: string) {
  await page.getByLabel('Your reply').evaluate((area: HTMLTextAreaElement, w: string) => {
    const at = area.value.indexOf(w);
    area.focus();
    area.setSelectionRange(at, at + w.length);
  }, words);
}

test('bold, italic, a link, a list and a quote: written with the buttons and shortcuts, previewed, and sent as text and HTML', async ({ browser }) => {
  const subject = customerWrites('Formatting check');
  const alice = await agent(browser, 'alice');
  await open(alice, subject);
  const composer = await startReply(alice);
  const reply = composer.getByLabel('Your reply');
  await reply.fill('Your order ships today.\nRead the guide please.\nStep one\nStep two\nSee below');
  await select(alice, 'today');
  await composer.getByRole('button', { name: 'Bold (Ctrl+B)' }).click();
  await select(alice, 'please');
  await alice.keyboard.press('Control+i');
  await select(alice, 'the guide');
  await composer.getByRole('button', { name: 'Link (Ctrl+K)' }).click();
  // The link's address is selected: typing replaces it.
  await alice.keyboard.type('https://help.example.com/guide');
  await select(alice, 'Step one\nStep two');
  await composer.getByRole('button', { name: 'Numbered list' }).click();
  await select(alice, 'See below');
  await composer.getByRole('button', { name: 'Quote' }).click();
  await expect(reply).toHaveValue('Your order ships **today**.\nRead [the guide](https://help.example.com/guide) _please_.\n1. Step one\n2. Step two\n> See below');
  await composer.getByRole('button', { name: 'Preview' }).click();
  const preview = composer.locator('.reply-preview');
  await expect(preview.locator('strong')).toHaveText('today');
  await expect(preview.locator('em')).toHaveText('please');
  await expect(preview.locator('a')).toHaveAttribute('href', 'https://help.example.com/guide');
  await expect(preview.locator('ol li')).toHaveText(['Step one', 'Step two']);
  await expect(preview.locator('blockquote')).toHaveText('See below');
  await screenshot(alice, 'reply-formatting');

  await composer.getByRole('button', { name: 'Send', exact: true }).click();
  await expect.poll(() => sentWithSubject(`Re: ${subject}`).length, { timeout: 45_000 }).toBe(1);
  const sent = decoded(sentWithSubject(`Re: ${subject}`)[0]);
  expect(sent).toContain('multipart/alternative');
  expect(sent).toContain('Your order ships *today*.');
  expect(sent).toContain('Read the guide <https://help.example.com/guide> _please_.');
  expect(sent).toContain('<strong>today</strong>');
  expect(sent).toContain('<a href="https://help.example.com/guide">the guide</a>');
  expect(sent).toContain('<li>Step one</li><li>Step two</li>');
  expect(sent).not.toMatch(/<script|<img|<style|src=/i);
});

test('a new conversation goes to a customer from the team address once, and their answer brings it to the inbox', async ({ browser }) => {
  const alice = await agent(browser, 'alice');
  // The team's address is set (once per team) by the first reply of a run.
  await open(alice, customerWrites('Address check'));
  await startReply(alice);
  await alice.getByRole('button', { name: 'Discard' }).click();
  // The composer opens with the cursor in the reply, ready to type.
  await alice.getByRole('button', { name: 'Reply', exact: true }).click();
  await expect(alice.locator('.reply-composer').getByLabel('Your reply')).toBeFocused();
  await alice.getByRole('button', { name: 'Discard' }).click();

  const subject = `Your replacement order ${Date.now()}`;
  await alice.getByRole('link', { name: 'New conversation' }).click();
  const composer = alice.locator('.reply-composer');
  await expect(composer.locator('.reply-from')).toContainText(TEAM_ADDRESS);
  await expect(composer.getByLabel('To')).toBeFocused();
  await composer.getByLabel('To').fill('Lina Haddad <lina@customer.example>');
  await composer.getByLabel('Subject').fill(subject);
  await composer.getByLabel('Your reply').fill('Hello Lina,\n\nyour replacement order left our warehouse today.');
  await screenshot(alice, 'new-conversation');

  // Alice's other device (another browser) opens the same draft, kept on the server.
  const other = await agent(browser, 'alice');
  await other.getByRole('link', { name: 'New conversation' }).click();
  const elsewhere = other.locator('.reply-composer');
  await expect(async () => {
    await other.reload();
    await expect(elsewhere.getByLabel('Subject')).toHaveValue(subject, { timeout: 2_000 });
  }).toPass({ timeout: 30_000 });
  await expect(elsewhere.getByLabel('To')).toHaveValue('Lina Haddad <lina@customer.example>');
  await expect(elsewhere.getByLabel('Your reply')).toHaveValue(/replacement order left our warehouse/);

  await composer.getByRole('button', { name: 'Send', exact: true }).click();
  await expect(alice.locator('.undo-send')).toContainText(/sends in \d+ s/);
  await expect(alice.locator('.reply-notice', { hasText: 'Sent to Lina Haddad' })).toBeVisible();
  await expect.poll(() => sentWithSubject(subject).length, { timeout: 45_000 }).toBe(1);
  const sent = sentWithSubject(subject)[0];
  expect(sent).toContain(`X-Sink-Envelope: from=<${TEAM_ADDRESS}>`);
  expect(sent).toContain('lina@customer.example');
  expect(sent).not.toContain('In-Reply-To:');
  const messageId = /^Message-ID: <([^>]+)>/im.exec(sent)?.[1];
  expect(messageId).toBeTruthy();
  // Its draft is gone (it was sent before its last keys were kept): the page opens on an empty
  // composer again.
  await alice.reload();
  await expect(alice.locator('.reply-composer').getByLabel('Subject')).toHaveValue('');
  // The other device, which kept the draft, drops it: it left from the first, and never leaves
  // twice.
  await other.reload();
  await expect(other.locator('.reply-notice', { hasText: 'sent or discarded on another device' })).toBeVisible();
  await expect(elsewhere.getByLabel('Subject')).toHaveValue('');
  await screenshot(other, 'new-conversation-sent-elsewhere');
  await other.context().close();

  customerMail(`Re: ${subject}`, 'Thank you, it arrived!', messageId);
  await alice.goto(new URL(alice.url()).origin);
  await (await row(alice, subject, 20_000)).locator('a').click();
  await expect(alice.locator('.conversation h1')).toContainText(subject);
  await expect(alice.locator('.message', { hasText: 'it arrived' })).toBeVisible();
  await expect(alice.locator('.message', { hasText: 'Tandem Support' })).toBeVisible();
  expect(sentWithSubject(subject)).toHaveLength(1);
});

test('a saved reply is written new, edited in place and deleted from the composer', async ({ browser }) => {
  const subject = customerWrites('Late parcel');
  const alice = await agent(browser, 'alice');
  await open(alice, subject);
  const composer = await startReply(alice);
  await composer.getByRole('button', { name: 'Saved replies' }).click();
  const picker = alice.locator('.saved-replies');
  const name = `Parcel delay ${Date.now()}`;
  await picker.getByRole('button', { name: 'New saved reply' }).click();
  let editor = picker.getByRole('form', { name: 'New saved reply' });
  await editor.getByLabel('Name').fill(name);
  await editor.getByLabel('Folder').fill('Shipping');
  await editor.getByLabel('Text').fill('Hi {{customer.first_name | there}}, your parcel is late.');
  await editor.getByRole('button', { name: 'Save saved reply' }).click();
  await expect(editor).toHaveCount(0);
  await picker.getByLabel('Find a saved reply').fill(name);
  await expect(picker.locator('.saved-name')).toHaveText([name]);

  await picker.getByRole('button', { name: `Edit ${name}` }).click();
  editor = picker.getByRole('form', { name: 'Edit saved reply' });
  await expect(editor.getByLabel('Text')).toHaveValue('Hi {{customer.first_name | there}}, your parcel is late.');
  await editor.getByLabel('Text').fill('Hi {{customer.first_name | there}}, your parcel is **on its way**.');
  await screenshot(alice, 'saved-reply-editor');
  await editor.getByRole('button', { name: 'Save saved reply' }).click();
  await expect(editor).toHaveCount(0);
  await expect(picker.locator('.saved-name')).toHaveText([name]);
  await picker.locator('.saved-pick').click();
  await expect(composer.getByLabel('Your reply')).toHaveValue(/^Hi Ahmed, your parcel is \*\*on its way\*\*\./);

  await composer.getByRole('button', { name: 'Saved replies' }).click();
  await picker.getByLabel('Find a saved reply').fill(name);
  await picker.getByRole('button', { name: `Delete ${name}` }).click();
  await expect(picker.locator('.saved-name')).toHaveCount(0);
});

test('where the server cannot hold mail, the reply waits on this device for the undo window, says so, and leaves once', async ({ browser }) => {
  const subject = customerWrites('No hold on this server');
  const context = await browser.newContext();
  // A server without RFC 4865 future release: Cyrus always offers it, so its session is changed
  // on the way to the page (maxDelayedSend 0).
  await context.route(/\/\.well-known\/jmap|\/jmap\/session/, async (route) => {
    const response = await route.fetch();
    const session = await response.json();
    for (const account of Object.values(session.accounts ?? {}) as { accountCapabilities?: Record<string, { maxDelayedSend?: number }> }[]) {
      const submission = account.accountCapabilities?.['urn:ietf:params:jmap:submission'];
      if (submission) submission.maxDelayedSend = 0;
    }
    await route.fulfill({ response, json: session });
  });
  const alice = await context.newPage();
  forbidDialogs(alice);
  await signIn(alice, 'alice', 'tandem');
  await expectTeamInbox(alice);
  await open(alice, subject);
  const composer = await startReply(alice);
  await composer.getByLabel('Your reply').fill('Held on the agent’s own device.');
  const submitted: number[] = [];
  alice.on('request', (r) => {
    if ((r.postData() ?? '').includes('EmailSubmission/set')) submitted.push(Date.now());
  });
  const clicked = Date.now();
  await composer.getByRole('button', { name: 'Send', exact: true }).click();
  await expect(alice.locator('.undo-on-device')).toContainText('Held on this device');
  await screenshot(alice, 'undo-on-device');
  await expect.poll(() => sentWithSubject(`Re: ${subject}`).length, { timeout: 45_000 }).toBe(1);
  expect(submitted.length).toBe(1);
  expect(submitted[0] - clicked).toBeGreaterThanOrEqual(9_000);
  expect(sentWithSubject(`Re: ${subject}`)[0]).toContain('Held on the agent');
  await expect(alice.locator('.undo-send')).toHaveCount(0);
  expect(sentWithSubject(`Re: ${subject}`)).toHaveLength(1);
  await context.close();
});
