import fs from 'node:fs';
import path from 'node:path';
import { expect, test, type Page } from './fixtures';
import { forbidDialogs, screenshot, signIn } from './helpers';

const arabic = { signin: JSON.parse(fs.readFileSync(path.join(__dirname, '../../locales/ar/signin.json'), 'utf8')) };

// The offline app shell (sw.js): once the service worker controls the page, the app reloads
// without a network, on any client-side route. (The cached inbox shown offline is checked
// separately, once the app renders from its IndexedDB cache.)

test.beforeEach(({ page }) => forbidDialogs(page));

async function controlledByServiceWorker(page: Page) {
  await page.waitForFunction(() => navigator.serviceWorker?.controller != null, null, { timeout: 15_000 });
}

test('the app shell reloads offline, on any client-side route', async ({ page, context }) => {
  await page.goto('/login');
  await expect(page.getByLabel('Username')).toBeVisible();
  await controlledByServiceWorker(page);

  await context.setOffline(true);
  try {
    // The network really is gone, for the page and for the service worker's own fetches, so the
    // reload below is answered from Cache Storage.
    const probe = () => fetch('/login', { cache: 'no-store' }).then(() => 'online', () => 'offline');
    expect(await page.evaluate(probe)).toBe('offline');
    const [worker] = context.serviceWorkers();
    expect(await worker.evaluate(probe)).toBe('offline');

    const reload = await page.reload();
    expect(reload?.fromServiceWorker()).toBe(true);
    await expect(page.getByLabel('Username')).toBeVisible();
    await expect(page.getByRole('button', { name: 'Sign in' })).toBeVisible();

    // Another language's words, never fetched by this page, were kept at install too.
    await page.locator('.language-switch').selectOption('ar');
    await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
    await expect(page.getByRole('button', { name: arabic.signin.sign_in, exact: true })).toBeVisible();
    await expect(page.locator('.language-unavailable')).toHaveCount(0);
    await page.locator('.language-switch').selectOption('en');

    // A deep link the server never saw while online gets the cached index.html too.
    const deep = await page.goto('/a/support/m/inbox/t/some-thread');
    expect(deep?.status()).toBe(200);
    expect(deep?.fromServiceWorker()).toBe(true);
    await expect(page).toHaveTitle('Tandem');
    await expect(page.locator('body > :not(script)').first()).toBeVisible();
  } finally {
    await context.setOffline(false);
  }
});

/**
 * What the network serves for the app's pages from now on: index.html changed by `edit`. The
 * worker's navigation preload is turned off for it: Playwright cannot route the browser's preload
 * request, but it routes the worker's own fetch of the page, which stands in for it.
 */
async function serveEdited(page: Page, edit: (html: string) => string) {
  await page.evaluate(async () => (await navigator.serviceWorker.ready).navigationPreload.disable());
  await page.context().route((url) => url.pathname === '/login', async (route) => {
    const response = await route.fetch();
    await route.fulfill({ response, body: edit(await response.text()) });
  });
}

test('a page of the app is answered from the stored shell at once, and the shell is refreshed behind it', async ({ page }) => {
  await page.goto('/login');
  await expect(page.getByLabel('Username')).toBeVisible();
  await controlledByServiceWorker(page);
  // The network's page carries a mark from now on; the stored shell does not yet.
  await serveEdited(page, (html) => html.replace('<title>', '<meta name="tandem-test" content="refreshed" /><title>'));
  const marked = () => page.locator('meta[name="tandem-test"]').count();

  const first = await page.reload();
  expect(first?.fromServiceWorker()).toBe(true);
  expect(await marked()).toBe(0); // the stored shell, not the network's answer
  await expect(page.getByLabel('Username')).toBeVisible();
  // ...while the network's answer was stored behind it: the next load gets it.
  await expect.poll(async () => ((await page.evaluate(() => caches.match('/index.html').then((r) => r?.text()))) ?? '').includes('tandem-test')).toBe(true);
  await page.reload();
  expect(await marked()).toBe(1);
  await expect(page.getByLabel('Username')).toBeVisible();
  await expect(page.locator('.update-banner')).toHaveCount(0); // the same build: nothing to offer
});

test('a newer build stored behind the page is offered with a reload, and is what the reload will get', async ({ page }) => {
  await page.goto('/login');
  await expect(page.getByLabel('Username')).toBeVisible();
  await controlledByServiceWorker(page);
  // A new build is deployed: the network's page names another wasm.
  const running = await page.locator('link[href$="_bg.wasm"]').getAttribute('href');
  await serveEdited(page, (html) => html.replaceAll(/tandem-[0-9a-f]+_bg\.wasm/g, 'tandem-0123456789abcdef_bg.wasm'));

  await page.reload();
  await expect(page.getByLabel('Username')).toBeVisible(); // the build it was given runs
  expect(await page.locator('link[href$="_bg.wasm"]').getAttribute('href')).toBe(running);
  const banner = page.locator('.update-banner');
  await expect(banner).toHaveText(/A new version of Tandem is ready\./);
  await screenshot(page, 'update-offered');
  // The stored shell is the new build's, and the assets of the build still running are kept.
  const stored = await page.evaluate(async (wasm) => ({ shell: await (await caches.match('/index.html'))?.text(), wasm: (await caches.match(wasm!)) != null }), running);
  expect(stored.shell).toContain('tandem-0123456789abcdef_bg.wasm');
  expect(stored.wasm).toBe(true);
});

test('a newer build the page finds itself is stored as the worker\'s shell, so that the reload offered gets it', async ({ page, context }) => {
  await page.goto('/login');
  await expect(page.getByLabel('Username')).toBeVisible();
  await controlledByServiceWorker(page);
  const shell = () => page.evaluate(async () => (await (await caches.match('/index.html'))?.text()) ?? '');
  expect(await shell()).not.toContain('tandem-0123456789abcdef_bg.wasm');
  // A new build is deployed; the page reads the served index.html when it is shown again.
  await context.route('**/index.html', async (route) => {
    const response = await route.fetch();
    await route.fulfill({ response, body: (await response.text()).replaceAll(/tandem-[0-9a-f]+_bg\.wasm/g, 'tandem-0123456789abcdef_bg.wasm') });
  });
  await page.evaluate(() => document.dispatchEvent(new Event('visibilitychange')));
  await expect(page.locator('.update-banner')).toHaveText(/A new version of Tandem is ready\./);
  expect(await shell()).toContain('tandem-0123456789abcdef_bg.wasm');
});

test('a sign-in under way puts the worker off: its install never competes with the first rows', async ({ page }) => {
  const registered = () => page.evaluate(async () => (await navigator.serviceWorker.getRegistration()) != null);
  // The session's answer held back 5 s: the sign-in is still on its way when the three seconds
  // a screen without rows waits for the worker have passed.
  await page.route('**/.well-known/jmap', async (route) => {
    await new Promise((done) => setTimeout(done, 5000));
    await route.continue();
  });
  await signIn(page, 'alice', 'tandem');
  await page.waitForTimeout(4000);
  expect(await registered()).toBe(false);
  // Its rows register it.
  await expect(page.locator('.thread-row').first()).toBeVisible({ timeout: 20_000 });
  await expect.poll(registered, { timeout: 10_000 }).toBe(true);
});

test('JMAP traffic goes straight to the network, never through the service worker', async ({ page }) => {
  await page.goto('/login');
  await controlledByServiceWorker(page);
  const jmap: { url: string; fromServiceWorker: boolean }[] = [];
  page.on('response', (r) => {
    const path = new URL(r.url()).pathname;
    if (path.startsWith('/jmap') || path.startsWith('/.well-known/')) jmap.push({ url: r.url(), fromServiceWorker: r.fromServiceWorker() });
  });
  await page.getByLabel('Username').fill('alice');
  await page.getByLabel('Password').fill('tandem');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.locator('.thread-row').first()).toBeVisible();
  expect(jmap.length).toBeGreaterThan(0);
  expect(jmap.filter((r) => r.fromServiceWorker)).toEqual([]);
  // ...and nothing of it lands in Cache Storage.
  const cached = await page.evaluate(async () => {
    const urls: string[] = [];
    for (const name of await caches.keys()) for (const r of await (await caches.open(name)).keys()) urls.push(r.url);
    return urls;
  });
  expect(cached.filter((u) => /\/jmap|\/\.well-known\//.test(new URL(u).pathname))).toEqual([]);
  expect(cached.some((u) => u.endsWith('.wasm'))).toBe(true);
});

test('the app can be installed: a manifest names it, opens it at its start, and gives it its own icons', async ({ page, request }) => {
  await page.goto('/login');
  const href = await page.locator('link[rel="manifest"]').getAttribute('href');
  expect(href).toBe('/manifest.webmanifest');
  const response = await request.get(href!);
  expect(response.ok()).toBe(true);
  expect(response.headers()['content-type']).toContain('application/manifest+json');
  const manifest = await response.json();
  expect(manifest).toMatchObject({ short_name: 'Tandem', start_url: '/', scope: '/', display: 'standalone' });
  // A 192 and a 512 pixel PNG, each what it says it is (width and height from its header), from this origin.
  for (const size of [192, 512]) {
    const icon = manifest.icons.find((i: { sizes: string }) => i.sizes === `${size}x${size}`);
    expect(icon?.type).toBe('image/png');
    expect(icon.src.startsWith('/')).toBe(true);
    const png = await (await request.get(icon.src)).body();
    expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
    expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([size, size]);
  }
  await expect(page.locator('link[rel="icon"]')).toHaveAttribute('href', '/icons/icon.svg');
});

test('a new version is offered with a reload, never swapped under the agent', async ({ browser }) => {
  // No service worker: the served index.html is what this test says it is.
  const context = await browser.newContext({ serviceWorkers: 'block' });
  const page = await context.newPage();
  forbidDialogs(page);
  await page.clock.install();
  await page.goto('/login');
  await expect(page.getByLabel('Username')).toBeVisible();
  const shown = () => page.evaluate(() => document.dispatchEvent(new Event('visibilitychange')));

  // The same build is served: nothing is offered.
  const checked = page.waitForRequest((r) => r.url().endsWith('/index.html'));
  await shown();
  await checked;
  await page.waitForTimeout(300);
  await expect(page.locator('.update-banner')).toHaveCount(0);

  // A new build is deployed (its index.html names another wasm): offered when next checked.
  await page.route('**/index.html', async (route) => {
    const response = await route.fetch();
    const html = (await response.text()).replace(/tandem-[0-9a-f]+_bg\.wasm/g, 'tandem-0123456789abcdef_bg.wasm');
    await route.fulfill({ response, body: html });
  });
  await page.clock.fastForward('11:00');
  await shown();
  const banner = page.locator('.update-banner');
  await expect(banner).toHaveText(/A new version of Tandem is ready\./);
  await expect(page.getByLabel('Username')).toBeVisible();
  await page.getByLabel('Username').fill('typed before the reload');
  await banner.getByRole('button', { name: 'Later' }).click();
  await expect(banner).toHaveCount(0);
  await expect(page.getByLabel('Username')).toHaveValue('typed before the reload');
  await context.close();
});
