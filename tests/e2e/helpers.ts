import { expect, type Page } from '@playwright/test';

export const ARABIC_SUBJECT = 'مشكلة في تسجيل الدخول إلى الحساب';
export const HOSTILE_SUBJECT = '<b>bold</b> & "quotes"';

/** Fails the test if the page ever opens a dialog (alert from injected script, or an HTTP auth prompt). */
export function forbidDialogs(page: Page) {
  page.on('dialog', async (dialog) => {
    await dialog.dismiss();
    throw new Error(`unexpected dialog: ${dialog.type()} ${dialog.message()}`);
  });
}

export async function signIn(page: Page, username: string, password: string, server = '') {
  await page.goto('/login');
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password').fill(password);
  await page.getByLabel('JMAP server').fill(server);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

export async function screenshot(page: Page, name: string) {
  await page.screenshot({ path: `test-results/screens/${name}.png`, fullPage: false });
}

export function threadRow(page: Page, subject: string) {
  return page.locator('.thread-row', { has: page.locator('.subject', { hasText: subject }) });
}

export async function expectTeamInbox(page: Page) {
  await expect(page).toHaveURL(/\/a\/[^/]+\/m\/inbox$/);
  await expect(page.locator('.account.open .account-kind')).toHaveText('Team inbox');
  await expect(page.locator('.thread-row').first()).toBeVisible();
}
