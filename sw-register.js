// The offline app shell (sw.js): the page reloads without a network and shows the cached inbox.
// A file, not an inline script, so the page's Content-Security-Policy allows no inline script.
// Registered once the first rows are on screen (the app says so: src/offline_shell.rs), or three
// seconds after the page loaded (a screen without rows): on a first visit its install fetches every
// part of the app, which must not compete with the sign-in and the first rows. A sign-in begun
// puts that fallback off to ten seconds after it: its rows register it when they come, and one
// that failed leaves the login screen, which gets the worker then.
if ('serviceWorker' in navigator) {
  let registered = false;
  let fallback = null;
  const register = () => {
    if (registered) return;
    registered = true;
    navigator.serviceWorker.register('/sw.js').catch(() => {});
  };
  const registerIn = (ms) => {
    clearTimeout(fallback);
    fallback = setTimeout(register, ms);
  };
  addEventListener('tandem:first-screen', register, { once: true });
  addEventListener('tandem:sign-in', () => registerIn(10000));
  addEventListener('load', () => fallback === null && registerIn(3000), { once: true });
}

// The agent's light or dark choice (src/theme.rs), set before the first paint.
try {
  const theme = localStorage.getItem('tandem.theme');
  if (theme === 'light' || theme === 'dark') document.documentElement.dataset.theme = theme;
} catch (e) {
  // No storage: the system's choice.
}

// The interface's language (src/language.rs: the agent's choice on this device, else the first of
// the browser's languages the interface speaks), set before the first paint so an Arabic screen
// is right to left from its first frame.
try {
  const chosen = localStorage.getItem('tandem.language');
  const tags = [chosen, ...(navigator.languages || [])].filter(Boolean);
  const primary = tags.map((t) => t.split(/[-_]/)[0].toLowerCase()).find((p) => ['en', 'ar', 'zh'].includes(p)) || 'en';
  document.documentElement.lang = primary === 'zh' ? 'zh-Hans' : primary;
  document.documentElement.dir = primary === 'ar' ? 'rtl' : 'ltr';
  // Its words, unless built in (English): fetched as soon as the page has named them, while the
  // app's module downloads; the app (src/catalogs.rs) fetches the same address and gets this.
  if (primary !== 'en') {
    document.addEventListener('readystatechange', () => {
      const template = document.getElementById('tandem-catalogs');
      const named = template?.content.querySelector(`link[hreflang="${document.documentElement.lang}"]`);
      if (!named) return;
      const preload = Object.assign(document.createElement('link'), { rel: 'preload', as: 'fetch', href: named.getAttribute('href') });
      preload.crossOrigin = 'anonymous';
      document.head.append(preload);
    }, { once: true });
  }
} catch (e) {
  // No storage: English until the app starts.
}

// A new version of the app is announced, never swapped under the agent: now and then (every ten
// minutes, and when the tab is shown again) the served index.html is read, and when it names
// another build of the app than the one running, a line offers to reload. Nothing is lost by
// reloading (drafts and queued changes are in the local copy), but the agent chooses when. The
// service worker answers the app's pages from its stored shell and refreshes it behind (sw.js):
// it says so when the refreshed one is a newer build, and a newer build found here is stored as
// its shell, so that the reload offered gets it.
(() => {
  const WASM = /["']([^"']*_bg\.wasm)["']/;
  const EVERY_MS = 10 * 60 * 1000;
  let last = 0;
  let announced = false;
  async function check() {
    // The build running: its wasm, as this page's preload names it (read late: this script runs
    // before the head is whole). None: not a built page.
    const running = document.querySelector('link[href$="_bg.wasm"]')?.getAttribute('href');
    if (!running || announced || Date.now() - last < 60 * 1000) return;
    last = Date.now();
    try {
      const response = await fetch('/index.html', { cache: 'no-store', credentials: 'omit' });
      const html = response.ok ? await response.text() : '';
      const served = html.match(WASM)?.[1];
      if (served && served !== running) {
        await keepShell(html, response.headers);
        announce();
      }
    } catch (e) {
      // Offline: asked again later.
    }
  }
  // The service worker's stored shell (sw.js: SHELL_URL in CACHE), replaced by the newer one, when
  // there is a worker's cache to replace it in.
  async function keepShell(html, headers) {
    const name = 'tandem-shell-v1';
    if (/<meta name="tandem-build" content="development"/.test(html)) return; // never kept (sw.js)
    if (!('caches' in window) || !(await caches.has(name))) return;
    // The server's headers (its type, a policy it sends), less those of the bytes on the wire.
    const kept = new Headers(headers);
    for (const wire of ['content-encoding', 'content-length', 'transfer-encoding']) kept.delete(wire);
    const shell = new Response(html, { status: 200, headers: kept });
    await (await caches.open(name)).put(new URL('/index.html', location.href).href, shell).catch(() => {});
  }
  if ('serviceWorker' in navigator) {
    navigator.serviceWorker.addEventListener('message', (event) => {
      if (event.data?.type === 'tandem:new-build' && !announced) announce();
    });
  }
  // The banner's words: the only interface text outside the catalogs (locales/), because this
  // script runs without the app; the same three languages.
  const WORDS = {
    en: ['A new version of Tandem is ready.', 'Reload', 'Later'],
    ar: ['إصدار جديد من Tandem جاهز.', 'إعادة التحميل', 'لاحقًا'],
    zh: ['Tandem 新版本已就绪。', '重新加载', '稍后'],
  };
  function announce() {
    const [ready, reloadWord, laterWord] = WORDS[document.documentElement.lang.split('-')[0]] || WORDS.en;
    announced = true;
    const bar = document.createElement('div');
    bar.className = 'update-banner';
    bar.setAttribute('role', 'status');
    const text = document.createElement('span');
    text.textContent = ready;
    const reload = document.createElement('button');
    reload.type = 'button';
    reload.textContent = reloadWord;
    reload.addEventListener('click', () => location.reload());
    const later = document.createElement('button');
    later.type = 'button';
    later.className = 'link';
    later.textContent = laterWord;
    later.addEventListener('click', () => bar.remove());
    bar.append(text, reload, later);
    document.body.append(bar);
  }
  setInterval(check, EVERY_MS);
  document.addEventListener('visibilitychange', () => document.visibilityState === 'visible' && check());
})();
