import fs from 'node:fs';
import path from 'node:path';
import { expectAccessible } from './axe';
import { expect, test, type Browser, type Page } from './fixtures';
import { forbidDialogs, row, screenshot } from './helpers';
import { customerWrites } from './replying';

// The interface in Arabic (the whole layout right to left) and in Chinese: chosen from the
// browser's languages, switched from the sidebar, kept for the next visit. The words expected are
// read from the catalogs (locales/), so a translation can change without this test.

type Catalog = Record<string, Record<string, string>>;

function catalog(language: string): Catalog {
  const dir = path.join(__dirname, '../../locales', language);
  return Object.fromEntries(fs.readdirSync(dir).map((f) => [f.replace('.json', ''), JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8'))]));
}

const ar = catalog('ar');
const zh = catalog('zh');
const en = catalog('en');

/** Signs in with the form's fields found by their names (the labels are in any language). */
async function signInAs(page: Page, login: string, words: Catalog) {
  await page.goto('/login');
  await page.locator('input[name=username]').fill(login);
  await page.locator('input[name=password]').fill('tandem');
  await page.getByRole('button', { name: words.signin.sign_in, exact: true }).click();
  await expect(page).toHaveURL(/\/a\/[^/]+\/m\/inbox$/);
  await expect(page.locator('.thread-row').first()).toBeVisible();
}

async function browserIn(browser: Browser, locale: string): Promise<Page> {
  const page = await (await browser.newContext({ locale })).newPage();
  forbidDialogs(page);
  await page.setViewportSize({ width: 1280, height: 800 });
  return page;
}

test('a browser in Arabic gets the whole interface in Arabic, right to left, clean for axe-core', async ({ browser }) => {
  const subject = customerWrites('Arabic screens', 'مرحبا، أين طلبي؟ لم يصل طلبي بعد.');
  const page = await browserIn(browser, 'ar-EG');

  await page.goto('/login');
  await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
  await expect(page.locator('html')).toHaveAttribute('lang', 'ar');
  await expect(page.getByRole('button', { name: ar.signin.sign_in, exact: true })).toBeVisible();
  await expect(page.getByText(ar.signin.tagline)).toBeVisible();
  await expectAccessible(page, 'sign-in, Arabic');
  await screenshot(page, 'ar-sign-in');

  await signInAs(page, 'alice', ar);
  await expect(page.locator('.account.open .account-kind')).toHaveText(ar.inbox.team_inbox);
  await expect(page.locator('.pane-header h2')).toHaveText(ar.common.view_inbox);
  // Mirrored: the sidebar is on the right of the list.
  const sidebar = (await page.locator('.sidebar').boundingBox())!;
  const list = (await page.locator('.list-pane').boundingBox())!;
  expect(sidebar.x).toBeGreaterThan(list.x);
  // Dates in Arabic (Arabic-Indic digits or Arabic words), from the browser's Intl.
  await expect(page.locator('.thread-row time').first()).toHaveText(/[\u0600-\u06FF]/);
  await expectAccessible(page, 'inbox, Arabic');
  await screenshot(page, 'ar-inbox');

  await page.locator('.thread-row', { hasText: subject }).locator('a').click();
  await expect(page.locator('.conversation h1')).toHaveText(subject);
  // Mail keeps its own direction whatever the interface's.
  await expect(page.locator('.conversation h1')).toHaveAttribute('dir', 'auto');
  await expectAccessible(page, 'conversation, Arabic');
  await screenshot(page, 'ar-conversation');

  // A tag with an Arabic name, made from the conversation (so the sidebar has tags to manage).
  const tag = `فواتير ${Date.now() % 100000}`;
  await page.getByLabel(ar.conversation.add_tag, { exact: true }).selectOption('+new');
  await page.getByLabel(ar.conversation.new_tag_name, { exact: true }).fill(tag);
  await page.getByRole('button', { name: ar.conversation.create, exact: true }).click();
  await expect(page.locator('.thread-actions .tag-badge', { hasText: tag })).toBeVisible();

  for (const manager of [ar.settings.manage_tags, ar.settings.manage_agents, ar.settings.reply_settings]) {
    await page.getByRole('button', { name: manager, exact: true }).click();
  }
  await expectAccessible(page, 'team settings, Arabic');
  await screenshot(page, 'ar-team-settings');

  await page.getByLabel(ar.inbox.search_label, { exact: true }).fill('أين');
  await expect(page.locator('.pane-header h2')).toHaveText(ar.inbox.search_title);
  await expect(page.locator('.thread-row', { hasText: subject })).toBeVisible();
  await expectAccessible(page, 'search, Arabic');
  await page.context().close();
});

test('switched to Chinese from the sidebar, kept for the next visit, and back to English', async ({ browser }) => {
  const subject = customerWrites('Chinese screens', '你好，我的订单在哪里？');
  const page = await browserIn(browser, 'en-US');
  await signInAs(page, 'alice', en);
  await expect(page.locator('.pane-header h2')).toHaveText(en.common.view_inbox);

  // Focusing the menu fetches the other languages' words ahead, so the pick shows at once.
  const fetched: string[] = [];
  page.on('requestfinished', (r) => {
    if (/\/catalog-[a-z]+-[0-9a-f]+\.json$/.test(r.url())) fetched.push(r.url());
  });
  await page.locator('.sidebar .language-switch').focus();
  await expect.poll(() => fetched.length).toBe(2);
  await page.locator('.sidebar .language-switch').selectOption('zh-Hans');
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-Hans');
  await expect(page.locator('html')).toHaveAttribute('dir', 'ltr');
  await expect(page.locator('.pane-header h2')).toHaveText(zh.common.view_inbox);
  await expect(page.locator('.account.open .account-kind')).toHaveText(zh.inbox.team_inbox);
  await page.locator('.thread-row', { hasText: subject }).locator('a').click();
  await expect(page.locator('.conversation h1')).toHaveText(subject);
  await screenshot(page, 'zh-conversation');

  // The palette speaks the interface's language and finds a command by its Chinese words.
  await page.locator('.thread-pane').click();
  await page.keyboard.press('Control+k');
  const palette = page.locator('.palette');
  await expect(palette).toBeVisible();
  await page.keyboard.type(zh.keys.assign_to_me.slice(0, 2));
  await expect(palette.getByRole('option').first()).toHaveText(new RegExp(zh.keys.assign_to_me));
  await screenshot(page, 'zh-palette');
  await page.keyboard.press('Escape');

  // The next visit opens in Chinese, with lang set before the app starts.
  await page.reload({ waitUntil: 'domcontentloaded' });
  expect(await page.evaluate(() => document.documentElement.lang)).toBe('zh-Hans');
  await expect(page.locator('.pane-header h2')).toHaveText(zh.common.view_inbox);
  await expectAccessible(page, 'inbox, Chinese');
  await screenshot(page, 'zh-inbox');

  await page.locator('.sidebar .language-switch').selectOption('en');
  await expect(page.locator('.pane-header h2')).toHaveText(en.common.view_inbox);
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await page.context().close();
});

test('Chinese words are fetched only when chosen; when they cannot be, the screen stays English and says so', async ({ browser }) => {
  // No service worker: the fault below is injected in the page, which a worker's fetch bypasses.
  const page = await (await browser.newContext({ locale: 'en-US', serviceWorkers: 'block' })).newPage();
  forbidDialogs(page);
  await page.setViewportSize({ width: 1280, height: 800 });
  const catalogs: string[] = [];
  page.on('request', (r) => {
    if (/\/catalog-[a-z]+-[0-9a-f]+\.json$/.test(r.url())) catalogs.push(r.url());
  });
  await signInAs(page, 'alice', en);
  expect(catalogs, 'an English agent fetches no other language').toEqual([]);

  // The host cannot be reached for the catalog (offline before it was kept).
  await page.route(/\/catalog-zh-[0-9a-f]+\.json$/, (route) => route.abort('internetdisconnected'));
  const menu = page.locator('.sidebar .language-switch');
  await menu.selectOption('zh-Hans');
  const said = page.locator('.sidebar .language-unavailable');
  await expect(said).toHaveText(en.common.language_unavailable.replace('{{ language }}', '简体中文'));
  await expect(said).toHaveAttribute('role', 'alert');
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expect(page.locator('.pane-header h2')).toHaveText(en.common.view_inbox);
  await expect(menu).toHaveValue('en');
  await said.scrollIntoViewIfNeeded();
  await screenshot(page, 'language-unavailable');

  // Reachable again: chosen again, it comes, once.
  await page.unroute(/\/catalog-zh-[0-9a-f]+\.json$/);
  // (Focusing the menu fetches the other languages ahead: only Chinese is counted.)
  catalogs.length = 0;
  await menu.selectOption('zh-Hans');
  await expect(page.locator('.pane-header h2')).toHaveText(zh.common.view_inbox);
  await expect(said).toHaveCount(0);
  await menu.selectOption('en');
  await menu.selectOption('zh-Hans');
  await expect(page.locator('.pane-header h2')).toHaveText(zh.common.view_inbox);
  expect(catalogs.filter((url) => url.includes('/catalog-zh-')).length, 'fetched once, then kept').toBe(1);
  await page.context().close();
});

/** A message's plural `form` (`one`, `two`, `other`, …) in a catalog, its `{{ name }}`s filled. */
function counted(words: Catalog, part: string, key: string, form: string, values: Record<string, string>): string {
  const forms = words[part][key] as unknown as Record<string, string>;
  return Object.entries(values).reduce((s, [name, value]) => s.replaceAll(`{{ ${name} }}`, value), forms[form]);
}

test('messages already on screen are said again in the language switched to', async ({ browser }) => {
  const subjects = [customerWrites('Switched words one'), customerWrites('Switched words two')];
  const page = await browserIn(browser, 'en-US');

  // The sign-in error, kept by the login page, follows the login page's own switch.
  await page.goto('/login');
  await page.locator('input[name=username]').fill('alice');
  await page.locator('input[name=password]').fill('wrong-password');
  await page.getByRole('button', { name: en.signin.sign_in, exact: true }).click();
  const signInError = page.locator('.login-error');
  await expect(signInError).toHaveText(en.errors.unauthorized);
  await page.locator('.login .language-switch').selectOption('ar');
  await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
  await expect(signInError).toHaveText(ar.errors.unauthorized);
  await screenshot(page, 'ar-sign-in-error-switched');
  await page.locator('.login .language-switch').selectOption('zh-Hans');
  await expect(signInError).toHaveText(zh.errors.unauthorized);
  await page.locator('.login .language-switch').selectOption('en');
  await expect(signInError).toHaveText(en.errors.unauthorized);

  // The outcome of a bulk action, kept by the inbox, follows the sidebar's switch.
  await signInAs(page, 'alice', en);
  for (const subject of subjects) await (await row(page, subject, 20_000)).locator('.row-select').check();
  await page.locator('.bulk-bar').getByRole('button', { name: en.inbox.close, exact: true }).click();
  const result = page.locator('.bulk-result');
  await expect(result).toHaveText(counted(en, 'inbox', 'bulk_done', 'other', { count: '2' }));
  await page.locator('.sidebar .language-switch').selectOption('ar');
  await expect(result).toHaveText(counted(ar, 'inbox', 'bulk_done', 'two', {}));
  await screenshot(page, 'ar-bulk-result-switched');
  await page.locator('.sidebar .language-switch').selectOption('zh-Hans');
  await expect(result).toHaveText(counted(zh, 'inbox', 'bulk_done', 'other', { count: '2' }));
  await page.locator('.sidebar .language-switch').selectOption('en');
  await expect(result).toHaveText(counted(en, 'inbox', 'bulk_done', 'other', { count: '2' }));
  await page.context().close();
});
