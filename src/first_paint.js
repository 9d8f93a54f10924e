// The snapshot behind a reload's first paint (issue 12; the drawing is /first-paint.js).
//
// What is kept: the page's elements as a tree of {t: tag, c: class, d: dir, s: style, current,
// k: children}, text as strings; nothing else (no href, no id, no value, no frame, no image, no
// form field: a text field is kept as an empty box of its class, a select as a box with the text
// of its choice). At most MAX_NODES nodes and MAX_TEXT characters per text. Kept under
// `tandem.first-paint` in the storage that holds the login (this tab's or this device's), with
// the path it was taken at: it is shown again only on a reload of that same path, while that
// login is still kept, and it goes with the login at sign-out (`Auth::forget`, src/auth.rs).
const KEY = 'tandem.first-paint';
const LOGIN = 'tandem.login';
const MAX_NODES = 3000;
const MAX_TEXT = 300;
const SKIP = new Set(['SCRIPT', 'STYLE', 'TEMPLATE', 'IFRAME', 'INPUT', 'TEXTAREA', 'SELECT', 'IMG', 'svg', 'CANVAS', 'VIDEO', 'AUDIO', 'OBJECT', 'EMBED', 'DIALOG']);
const TEXT_FIELD = /^(text|search)$/;
const KEPT_STYLE = /^(\s*(height|--vlist-row-height|padding-inline-start)\s*:\s*\d{1,7}(\.\d+)?(px|rem)\s*;?|\s*(border-color|color)\s*:\s*#[0-9a-fA-F]{3,8}\s*;?)*$/;

/** A text field (the search box) is kept as an empty box of its class, never with its value, and
 * a list to choose from (the language) as a box with the text of its choice, so that what is
 * around them does not move when the app's own screen replaces the picture. */
function fieldBox(field) {
  const chosen = field.tagName === 'SELECT' ? field.selectedOptions[0]?.textContent : null;
  const node = { t: 'div', k: [chosen ? chosen.slice(0, MAX_TEXT) : '\u00a0'] };
  if (field.className && typeof field.className === 'string') node.c = field.className;
  return node;
}

function isField(el) {
  return (el.tagName === 'INPUT' && TEXT_FIELD.test(el.type)) || el.tagName === 'SELECT';
}

function capture(el, budget) {
  // A form (the search box's) as a box: the picture holds no form.
  const node = { t: el.tagName === 'FORM' ? 'div' : el.tagName.toLowerCase() };
  if (el.className && typeof el.className === 'string') node.c = el.className;
  const dir = el.getAttribute('dir');
  if (dir) node.d = dir;
  const style = el.getAttribute('style');
  if (style && KEPT_STYLE.test(style)) node.s = style;
  if (el.getAttribute('aria-current')) node.current = true;
  const kids = [];
  for (const child of el.childNodes) {
    if (budget.left <= 0) break;
    if (child.nodeType === Node.TEXT_NODE) {
      if (child.data.trim() !== '' || child.data === ' ') kids.push(child.data.slice(0, MAX_TEXT));
      budget.left--;
    } else if (child.nodeType === Node.ELEMENT_NODE && isField(child)) {
      budget.left--;
      kids.push(fieldBox(child));
    } else if (child.nodeType === Node.ELEMENT_NODE && !SKIP.has(child.tagName) && child.id !== 'tandem-first-paint') {
      budget.left--;
      kids.push(capture(child, budget));
    }
  }
  if (kids.length) node.k = kids;
  return node;
}

function storage() {
  for (const store of [window.sessionStorage, window.localStorage]) {
    if (store && store.getItem(LOGIN)) return store;
  }
  return null;
}

/** Keeps the screen as it is now, when it shows a thread list (else keeps nothing new). Whether
 * it kept it. */
export function keepFirstPaint() {
  try {
    const store = storage();
    if (!store || !document.querySelector('.thread-row')) return false;
    const budget = { left: MAX_NODES };
    const k = [...document.body.children]
      .filter((el) => !SKIP.has(el.tagName) && el.id !== 'tandem-first-paint')
      .map((el) => capture(el, budget));
    store.setItem(KEY, JSON.stringify({ v: 1, path: location.pathname, title: document.title, k }));
    return true;
  } catch (e) {
    // Storage full or refused: the next reload paints without it.
    return false;
  }
}

/** The app's own screen is up: the snapshot goes (the first time only; later calls do nothing). */
export function dropFirstPaint() {
  const shown = document.getElementById('tandem-first-paint');
  if (shown) shown.remove();
}

/** Signing out: the snapshot goes with the login. */
export function forgetFirstPaint() {
  for (const store of [window.sessionStorage, window.localStorage]) {
    try {
      store && store.removeItem(KEY);
    } catch (e) {
      // A storage the browser refuses holds nothing to forget.
    }
  }
}

/** How long after the first change it sees the screen is kept ahead of a reload. */
const AFTER_CHANGE_MS = 300;
/** The idle time keeping needs (it takes 2–6 ms); less, and it waits for the next idle moment. */
const IDLE_NEEDED_MS = 10;

/**
 * Keeps the screen ahead of time, shortly after a change and in an idle moment, so that leaving
 * the page (a reload) has nothing left to do: its `pagehide` is on the reload's path, where
 * keeping took 5–7 ms. Whatever changed since is kept when the agent leaves the page or the tab
 * goes to the background. The picture shown now goes after `atMostMs` whatever happens.
 *
 * The observer stops at the first change it sees and starts again once the screen is kept, so a
 * busy screen (a full sync, a scroll) costs one callback per keeping, and keeping happens only in
 * the browser's idle time, at most every 0.3 s.
 */
export function watchFirstPaint(atMostMs) {
  setTimeout(dropFirstPaint, atMostMs);
  let changed = true;
  let waiting = null;
  const observer = new MutationObserver(() => {
    changed = true;
    observer.disconnect();
    clearTimeout(waiting);
    waiting = setTimeout(() => keepWhenIdle(), AFTER_CHANGE_MS);
  });
  const watch = () =>
    observer.observe(document.body, {
      childList: true,
      subtree: true,
      characterData: true,
      attributes: true,
      attributeFilter: ['class', 'style', 'dir', 'aria-current'],
    });
  const keep = () => {
    if (observer.takeRecords().length > 0) changed = true;
    if (changed && keepFirstPaint()) changed = false;
  };
  // `until`: the time by which it keeps even without an idle moment, counted from the first
  // wait (asking again does not push it back; a timeout of 0 would mean none).
  const keepWhenIdle = (until = performance.now() + 5000) => {
    if (!window.requestIdleCallback) {
      keep();
      watch();
      return;
    }
    requestIdleCallback((deadline) => {
      if (deadline.timeRemaining() < IDLE_NEEDED_MS && !deadline.didTimeout) return keepWhenIdle(until);
      keep();
      watch();
    }, { timeout: Math.max(1, until - performance.now()) });
  };
  watch();
  window.addEventListener('pagehide', keep);
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'hidden') keep();
  });
}
