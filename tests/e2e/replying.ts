// What the reply tests share: agents signed in, customers writing, the composer opened, and the
// test Cyrus's SMTP sink read as the witness of what left.
import fs from 'node:fs';
import path from 'node:path';
import { expect, type Browser, type Page } from '@playwright/test';
import { deliver, expectTeamInbox, forbidDialogs, row, signIn } from './helpers';

export const TEAM_ADDRESS = 'support@tandem.test';

/** An agent signed in a browser context of their own (their own device). */
/**
 * How an agent's browser is opened. A test that injects network faults with `page.route` blocks
 * the service worker: once the worker has claimed a page, Playwright's page-level routing does not
 * see all of its requests (errors.spec.ts found the polls going on unseen), and the fault would be
 * missed now and then.
 */
export type AgentOptions = { serviceWorkers?: 'allow' | 'block' };

export async function agent(browser: Browser, login: string, options: AgentOptions = {}): Promise<Page> {
  const page = await (await browser.newContext(options)).newPage();
  forbidDialogs(page);
  await signIn(page, login, 'tandem');
  await expectTeamInbox(page);
  return page;
}

/** A customer writes to the team with a subject no other test uses; returns it. */
export function customerWrites(label: string, body = 'Where is my refund? I paid on Monday.'): string {
  const subject = `${label} ${Date.now()}`;
  customerMail(subject, body);
  return subject;
}

/** Delivers one customer message (a follow-up when `inReplyTo` is given); returns its Message-ID. */
export function customerMail(subject: string, body: string, inReplyTo?: string): string {
  const id = `${Date.now()}.${Math.random().toString(36).slice(2)}@customer.example`;
  const threading = inReplyTo ? `In-Reply-To: <${inReplyTo}>\nReferences: <${inReplyTo}>\n` : '';
  deliver(
    `From: Ahmed Saleh <ahmed@customer.example>\nTo: Support <${TEAM_ADDRESS}>\nSubject: ${subject}\n${threading}` +
      `Message-ID: <${id}>\nContent-Type: text/plain; charset=utf-8\n\n${body}\n`,
  );
  return id;
}

export async function open(page: Page, subject: string) {
  await (await row(page, subject, 20_000)).locator('a').click();
  await expect(page.locator('.conversation h1')).toHaveText(subject);
}

/**
 * Every message the server sent out, as the test Cyrus's SMTP sink kept it. The sink writes each
 * to `<name>.eml.tmp` and renames it to `<name>.eml` when it is whole: only those are read.
 */
export function sentMessages(): string[] {
  const sink = path.join(process.env.TANDEM_TEST_STATE ?? '', 'sink');
  if (!fs.existsSync(sink)) return [];
  return fs.readdirSync(sink).filter((f) => f.endsWith('.eml')).map((f) => fs.readFileSync(path.join(sink, f), 'utf8'));
}

/** The messages the server sent out whose subject is `subject`. */
export function sentWithSubject(subject: string): string[] {
  return sentMessages().filter((m) => m.split('\r\n\r\n')[0].includes(`Subject: ${subject}`));
}

/** Opens the composer; the first reply of a run sets the team's address once. */
export async function startReply(page: Page, button = 'Reply') {
  await page.getByRole('button', { name: button, exact: true }).click();
  const composer = page.locator('.reply-composer');
  await expect(composer).toBeVisible();
  if (await composer.getByLabel('Team address').isVisible()) {
    await composer.getByLabel('Team name').fill('Tandem Support');
    await composer.getByLabel('Team address').fill(TEAM_ADDRESS);
    await composer.getByRole('button', { name: 'Save', exact: true }).click();
  }
  await expect(composer.locator('.reply-from')).toContainText(TEAM_ADDRESS);
  return composer;
}
