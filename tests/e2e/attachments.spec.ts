// Files attached to a reply: picked, pasted and dropped, uploaded to the real Cyrus with their
// progress, removed, and sent; the SMTP sink is the witness of what left. A file larger than the
// server takes is refused before it is sent (the server's own limit, read from its session); a
// refusal the test server cannot be made to give (413 on a small file) is staged.
import { expect, test, type Locator, type Page } from './fixtures';
import type { Route } from '@playwright/test';
import { screenshot } from './helpers';
import { agent, customerWrites, open, sentWithSubject, startReply } from './replying';

const UPLOADS = '**/jmap/upload/**';

/** Holds each upload `ms` before it goes on to the server, so its progress can be seen. */
async function slowUploads(page: Page, ms: number) {
  await page.context().route(UPLOADS, async (route) => {
    await new Promise((r) => setTimeout(r, ms));
    // An upload removed meanwhile was aborted by the page: nothing left to continue.
    await route.continue().catch(() => {});
  });
}

/** Puts a file on the clipboard and pastes it into the reply (a screenshot, as Chromium names one). */
async function pasteFile(composer: Locator, name: string, type: string) {
  await composer.getByLabel('Your reply').evaluate(
    (el, [name, type]) => {
      const data = new DataTransfer();
      data.items.add(new File([new Uint8Array([137, 80, 78, 71, 13, 10, 26, 10])], name, { type }));
      el.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
    },
    [name, type],
  );
}

/** Drags a file over the composer (the hint shows) and drops it. */
async function dropFile(page: Page, composer: Locator, name: string, text: string) {
  const data = await page.evaluateHandle(
    ([name, text]) => {
      const d = new DataTransfer();
      d.items.add(new File([text], name, { type: 'text/plain' }));
      return d;
    },
    [name, text],
  );
  await composer.dispatchEvent('dragenter', { dataTransfer: data });
  await composer.dispatchEvent('dragover', { dataTransfer: data });
  await expect(page.locator('.reply-drop-hint')).toHaveText('Drop files to attach them');
  await screenshot(page, 'reply-drop-hint');
  await composer.dispatchEvent('drop', { dataTransfer: data });
  await expect(page.locator('.reply-drop-hint')).toHaveCount(0);
}

function attachment(composer: Locator, name: string) {
  return composer.locator('.reply-attachments .attachment', { has: composer.page().locator('.attachment-name', { hasText: name }) });
}

test('files picked, pasted and dropped upload with progress; the one kept leaves with the reply, once', async ({ browser }) => {
  const subject = customerWrites('Copy of my invoice', 'Could you send me the invoice for order 42 again?');
  const alice = await agent(browser, 'alice');
  await open(alice, subject);
  const composer = await startReply(alice);
  await composer.getByLabel('Your reply').fill('Here is your invoice again.');
  await slowUploads(alice, 1_500);

  const chooser = alice.waitForEvent('filechooser');
  await composer.getByRole('button', { name: 'Attach files', exact: true }).click();
  await (await chooser).setFiles({ name: 'invoice-42.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4\n% invoice 42\n') });
  await pasteFile(composer, 'image.png', 'image/png');
  await dropFile(alice, composer, 'call-log.txt', 'Customer called on Monday.\n');

  // While they upload: each with its progress, and Send waits.
  await expect(composer.getByRole('progressbar', { name: 'Uploading invoice-42.pdf' })).toBeVisible();
  await expect(composer.getByRole('progressbar', { name: 'Uploading image.png' })).toBeVisible();
  await expect(composer.getByRole('button', { name: 'Send', exact: true })).toBeDisabled();
  await expect(composer.locator('.reply-attach-hint')).toHaveText('Sending waits until the files are uploaded.');
  await screenshot(alice, 'reply-attachments-uploading');
  // The dropped one is removed while it uploads: its upload stops.
  await composer.getByRole('button', { name: 'Remove call-log.txt', exact: true }).click();
  await expect(attachment(composer, 'call-log.txt')).toHaveCount(0);

  await expect(composer.getByRole('progressbar')).toHaveCount(0, { timeout: 15_000 });
  await expect(attachment(composer, 'invoice-42.pdf')).toContainText('22 bytes');
  await expect(attachment(composer, 'image.png')).toContainText('8 bytes');
  await screenshot(alice, 'reply-attachments');
  await composer.getByRole('button', { name: 'Remove image.png', exact: true }).click();
  await expect(composer.locator('.reply-attachments .attachment')).toHaveCount(1);

  await composer.getByRole('button', { name: 'Send', exact: true }).click();
  await expect(alice.locator('.undo-send')).toBeVisible();
  await expect.poll(() => sentWithSubject(`Re: ${subject}`).length, { timeout: 45_000 }).toBe(1);
  const sent = sentWithSubject(`Re: ${subject}`)[0];
  const names = [...sent.matchAll(/Content-Disposition: attachment;\s*filename="?([^"\r\n;]+)"?/gi)].map((m) => m[1]);
  expect(names).toEqual(['invoice-42.pdf']);
  await alice.waitForTimeout(2_000);
  expect(sentWithSubject(`Re: ${subject}`)).toHaveLength(1);
});

/** The largest file the test server takes in one message, from alice's session. */
async function serverLimit(): Promise<number> {
  const server = process.env.TANDEM_TEST_JMAP_URL ?? '';
  const response = await fetch(`${server}/jmap/`, { headers: { Authorization: `Basic ${Buffer.from('alice:tandem').toString('base64')}` } });
  const session = await response.json();
  const perEmail = session.accounts.support.accountCapabilities['urn:ietf:params:jmap:mail'].maxSizeAttachmentsPerEmail ?? Infinity;
  return Math.min(session.capabilities['urn:ietf:params:jmap:core'].maxSizeUpload, perEmail);
}

test('a file larger than the server takes is refused before it is sent, and a refused upload says why', async ({ browser }) => {
  const limit = await serverLimit();
  test.skip(limit > 40 * 1024 * 1024, `the server takes ${limit} bytes: too large to test here (the core's tests check the refusal)`);
  const subject = customerWrites('Scans of the damage');
  const alice = await agent(browser, 'alice');
  await open(alice, subject);
  const composer = await startReply(alice);
  let uploads = 0;
  await alice.context().route(UPLOADS, async (route) => {
    uploads += 1;
    // The server would take this one: staged, the refusal a real server gives a file too large.
    if (route.request().url().includes('/upload/') && uploads === 1) return route.fulfill({ status: 413, body: '' });
    return route.continue();
  });

  const picker = composer.locator('input[type=file]');
  await picker.setInputFiles({ name: 'damage-scan.tiff', mimeType: 'image/tiff', buffer: Buffer.alloc(limit + 1024 * 1024, 1) });
  await expect(attachment(composer, 'damage-scan.tiff').getByRole('alert')).toHaveText(
    /^damage-scan\.tiff is \d+(\.\d)? MB; this server takes files up to \d+(\.\d)? MB\.$/,
  );
  expect(uploads).toBe(0);

  await picker.setInputFiles({ name: 'photo.jpg', mimeType: 'image/jpeg', buffer: Buffer.from('not really a jpeg') });
  await expect(attachment(composer, 'photo.jpg').getByRole('alert')).toHaveText('photo.jpg was not attached: the server says it is too large.');
  await picker.setInputFiles({ name: 'فاتورة.txt', mimeType: 'text/plain', buffer: Buffer.from('kept') });
  await expect(attachment(composer, 'فاتورة.txt')).toContainText('4 bytes');
  await expect(composer.getByRole('button', { name: 'Send', exact: true })).toBeEnabled();
  await screenshot(alice, 'reply-attachments-refused');

  await composer.getByRole('button', { name: 'Remove damage-scan.tiff', exact: true }).click();
  await composer.getByRole('button', { name: 'Remove photo.jpg', exact: true }).click();
  await expect(composer.locator('.reply-attachments .attachment')).toHaveCount(1);
  await composer.getByRole('button', { name: 'Discard', exact: true }).click();
});

test('an upload that stops moving is given up after 30 seconds and said, and Send no longer waits for it', async ({ browser }) => {
  test.setTimeout(90_000); // the 30 s it waits for, on a busy machine
  const subject = customerWrites('Photo of the broken hinge');
  const alice = await agent(browser, 'alice', { serviceWorkers: 'block' }); // its uploads are held below
  await open(alice, subject);
  const composer = await startReply(alice);
  await composer.getByLabel('Your reply').fill('Thank you, we will send a new hinge.');
  // A stalled connection, staged: the upload reaches nothing that answers. Without a stall
  // timer it showed "uploading" for ever, and Send waited for it.
  const held: Route[] = [];
  await alice.context().route(UPLOADS, (route) => void held.push(route));
  const started = Date.now();
  await composer.locator('input[type=file]').setInputFiles({ name: 'hinge.jpg', mimeType: 'image/jpeg', buffer: Buffer.from('not really a jpeg') });
  await expect(composer.getByRole('progressbar', { name: 'Uploading hinge.jpg' })).toBeVisible();
  await expect(composer.getByRole('button', { name: 'Send', exact: true })).toBeDisabled();
  await expect(attachment(composer, 'hinge.jpg').getByRole('alert')).toHaveText(
    'hinge.jpg was not attached: the upload made no progress for 30 seconds. Remove it and attach it again.',
    { timeout: 45_000 },
  );
  expect(Date.now() - started).toBeGreaterThan(29_000); // given up once it stood still that long, not before
  expect(held).toHaveLength(1);
  await expect(composer.getByRole('progressbar')).toHaveCount(0);
  await expect(composer.getByRole('button', { name: 'Send', exact: true })).toBeEnabled();
  await screenshot(alice, 'reply-attachment-stalled');

  // Attached again once the connection is back: it goes through.
  await alice.context().unroute(UPLOADS);
  await composer.getByRole('button', { name: 'Remove hinge.jpg', exact: true }).click();
  await composer.locator('input[type=file]').setInputFiles({ name: 'hinge.jpg', mimeType: 'image/jpeg', buffer: Buffer.from('not really a jpeg') });
  await expect(attachment(composer, 'hinge.jpg')).toContainText('17 bytes');
  await expect(attachment(composer, 'hinge.jpg').getByRole('alert')).toHaveCount(0);
  await composer.getByRole('button', { name: 'Discard', exact: true }).click();
});
