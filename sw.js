// Tandem's service worker: the offline app shell. Plain JavaScript, no build step; trunk copies it
// to dist/sw.js and sw-register.js (a file: the page allows no inline script) registers it.
//
// Strategy
// - JMAP traffic is never touched: a request whose path starts with /jmap or /.well-known/ (and any
//   other-origin request, e.g. a JMAP server named on the login page) is not answered here at all
//   (no respondWith), so it goes to the network exactly as without a service worker. Mail data
//   lives in the app's IndexedDB cache, never in Cache Storage.
// - Non-GET requests are not touched either.
// - Navigations (same origin, GET) to one of the app's own routes (APP_ROUTE, src/app.rs): the
//   stored shell at once, and the shell refreshed from the network behind it (the request sent by
//   the browser while this worker starts: navigation preload). A reload then waits for no network
//   at all, however slow the link: the inbox's first paint and the app's module come from here.
//   A refreshed shell that names another build than the one just served is said to that page
//   (a `tandem:new-build` message; sw-register.js offers the reload), and the next navigation
//   gets it. Other navigations, and any before a shell is stored: network first, and a fresh
//   page is stored as the shell (the server answers every client-side route with index.html);
//   when the network fails (offline, or the host answers 5xx), the stored shell is returned for
//   any path, so the app reloads offline and renders from its IndexedDB cache. A development
//   build's page (`trunk serve`) is never stored: its reloads go to the network, each rebuild's.
// - Static assets (same origin, GET, .wasm .js .css .json and a few other static kinds; the .json
//   are the catalogs of the languages not built in, scripts/catalogs-hook.mjs): cache first.
//   Trunk gives them content-hashed names, so a cached copy never goes stale; a miss is fetched and
//   stored. Once a fresh index.html has been stored, cached assets named neither by it nor by the
//   shell the page was just given are deleted (the old build's wasm is ~1 MB; the page still
//   loading the build it was given keeps it).
// - Install precaches the shell and the assets index.html names, because on the very first visit
//   the page has fetched them before this worker controlled it. Install does not fail when that
//   does (runtime caching fills the cache later).
// - Activate deletes every cache of ours with another name (bump VERSION to change the scheme);
//   skipWaiting() + clients.claim() put a new worker in charge of open pages at once.
'use strict';

// sw-register.js names this cache too (it stores a newer shell it finds): change both together.
const VERSION = 'v1';
const PREFIX = 'tandem-shell-';
const CACHE = PREFIX + VERSION;
const SCOPE = new URL(self.registration.scope);
const SHELL_URL = new URL('index.html', SCOPE).href;
const ASSET = /\.(?:wasm|js|mjs|css|json|svg|png|ico|webp|woff2?)$/;

function isJmap(url) {
  return url.pathname.startsWith('/jmap') || url.pathname.startsWith('/.well-known/');
}

/** The same-origin asset URLs a built index.html names (script imports, preloads, stylesheets). */
function assetsOf(html) {
  const urls = new Set();
  for (const m of html.matchAll(/(?:href|src|from|module_or_path:)\s*=?\s*["']([^"']+)["']/g)) {
    const url = new URL(m[1], SCOPE);
    if (url.origin === SCOPE.origin && ASSET.test(url.pathname) && !url.pathname.endsWith('/sw.js')) {
      urls.add(url.href);
    }
  }
  return [...urls];
}

/** A development build's page (scripts/development-hook.mjs): never kept as the shell. */
const DEVELOPMENT = /<meta name="tandem-build" content="development"/;

/** Keeps `response` as the shell (a development build's page takes away the one kept); its text. */
async function storeShell(cache, response) {
  const html = await response.clone().text();
  if (DEVELOPMENT.test(html)) await cache.delete(SHELL_URL);
  else await cache.put(SHELL_URL, response);
  return html;
}

/** Deletes cached assets that none of `htmls` (the shells stored or being served) names. */
async function prune(cache, ...htmls) {
  const named = htmls.map(assetsOf);
  if (named.some((urls) => urls.length === 0)) return; // not a trunk-built page: keep everything
  const keep = new Set(named.flat());
  for (const request of await cache.keys()) {
    if (request.url !== SHELL_URL && !keep.has(request.url)) await cache.delete(request);
  }
}

async function precache() {
  try {
    const cache = await caches.open(CACHE);
    const response = await fetch(SHELL_URL, { cache: 'no-cache' });
    if (!response.ok) return;
    const html = await storeShell(cache, response);
    await Promise.all(
      assetsOf(html).map(async (url) => {
        if (await cache.match(url)) return;
        const asset = await fetch(url);
        if (asset.ok) await cache.put(url, asset);
      }),
    );
    await prune(cache, html);
  } catch (e) {
    // Offline or a broken asset: runtime caching fills the cache later.
  }
}

// Requests this worker never answers go straight to the network, without waking it (the static
// routing API, where the browser has it): every POST (the JMAP API calls and uploads) and the
// JMAP paths of this origin (the session, downloads, the push stream). Otherwise each would wait
// for this worker's fetch event, which returns them untouched.
const ROUTES = [
  { condition: { requestMethod: 'POST' }, source: 'network' },
  { condition: { urlPattern: '/jmap/*' }, source: 'network' },
  { condition: { urlPattern: '/.well-known/*' }, source: 'network' },
];

self.addEventListener('install', (event) => {
  self.skipWaiting();
  try {
    if (event.addRoutes) event.waitUntil(event.addRoutes(ROUTES).catch(() => {}));
  } catch (e) {
    // A browser that reads the routes otherwise: the fetch event returns them untouched.
  }
  event.waitUntil(precache());
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      for (const name of await caches.keys()) {
        if (name.startsWith(PREFIX) && name !== CACHE) await caches.delete(name);
      }
      // A navigation's request leaves while this worker starts, rather than once it runs.
      if (self.registration.navigationPreload) await self.registration.navigationPreload.enable().catch(() => {});
      await self.clients.claim();
    })(),
  );
});

/** The app's own routes (src/app.rs), as paths under this worker's scope. */
const APP_ROUTE = /^\/(?:login)?$|^\/a\/[^/]+\/m\/[^/]+(?:\/(?:t\/[^/]+|scheduled|new))?\/?$/;

function isAppRoute(url) {
  return url.pathname.startsWith(SCOPE.pathname) && APP_ROUTE.test('/' + url.pathname.slice(SCOPE.pathname.length));
}

/** The build a shell's page runs: the wasm its index.html names (sw-register.js reads it alike). */
function buildOf(html) {
  return html.match(/["']([^"']*_bg\.wasm)["']/)?.[1] ?? null;
}

async function navigate(event) {
  const cache = await caches.open(CACHE);
  const stored = isAppRoute(new URL(event.request.url)) ? await cache.match(SHELL_URL) : undefined;
  if (stored) {
    event.waitUntil(
      (async () => {
        const [served, response] = await Promise.all([stored.clone().text(), fromNetwork(event)]);
        if (response) await keep(event, cache, response, served);
      })(),
    );
    return stored;
  }
  const response = await fromNetwork(event);
  if (response && response.status < 500) {
    event.waitUntil(keep(event, cache, response.clone(), null));
    return response;
  }
  const shell = await cache.match(SHELL_URL);
  if (shell) return shell;
  return response || Response.error();
}

/** The page from the network: the navigation's preload, or fetched now; undefined when it failed. */
async function fromNetwork(event) {
  try {
    return (await event.preloadResponse) || (await fetch(event.request));
  } catch (e) {
    return undefined;
  }
}

/**
 * Stores `response` as the shell when it is one. `served`: the shell the page was given instead
 * (null when it was given `response`), whose assets are kept, and whose page hears of a newer build.
 */
async function keep(event, cache, response, served) {
  const type = response.headers.get('content-type') || '';
  if (!response.ok || !type.startsWith('text/html') || response.redirected) return;
  try {
    const html = await storeShell(cache, response);
    await prune(cache, html, ...(served === null ? [] : [served]));
    if (served !== null && buildOf(html) !== buildOf(served)) await tellOfNewBuild(event);
  } catch (e) {
    // Storage refused: the next navigation asks the network again.
  }
}

/** Tells the page that was given the stored shell that a newer build is stored for its next load. */
async function tellOfNewBuild(event) {
  const id = event.resultingClientId || event.clientId;
  const client = id ? await self.clients.get(id) : undefined;
  if (client) client.postMessage({ type: 'tandem:new-build' });
}

async function asset(event) {
  const cache = await caches.open(CACHE);
  const hit = await cache.match(event.request);
  if (hit) return hit;
  const response = await fetch(event.request);
  if (response.ok && response.type === 'basic') {
    const copy = response.clone();
    event.waitUntil(cache.put(event.request, copy).catch(() => {}));
  }
  return response;
}

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== SCOPE.origin || isJmap(url)) return; // straight to the network
  if (request.mode === 'navigate') {
    event.respondWith(navigate(event));
  } else if (ASSET.test(url.pathname)) {
    event.respondWith(asset(event));
  }
});
