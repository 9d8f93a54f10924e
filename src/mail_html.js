// HTML mail, shown as the sender wrote it and safely (see docs/html-mail.md, src/mail_html.rs).
//
// - DOMPurify (npm `dompurify`, its dist file named in index.html inside an inert <template>) is
//   loaded on demand, when the first HTML message opens: first paint does not pay for it.
// - The HTML is sanitized once, with an allowlist (DOMPurify's HTML profile, minus forms, media and
//   anything that fetches), and returned as a DOM fragment (RETURN_DOM_FRAGMENT). Its nodes are
//   imported into the message frame's document: never serialized to a string and parsed again,
//   so a mutation-XSS payload (markup that changes meaning when re-parsed) has no second parse.
// - The frame is sandboxed without allow-scripts: even markup that slipped through cannot run.
//   allow-same-origin lets this page fill and measure it and lets it show the app's blob: images;
//   it is never combined with allow-scripts. The frame's own CSP (a meta in its document) allows
//   images from data: and blob: only, plus https: when the agent shows remote content.
// - Remote content (src, srcset, background, poster, CSS url(), image-set(), @import, @font-face)
//   is removed unless shown; its count feeds the "remote content hidden" bar. The CSP is what
//   enforces it: this rewriting is what makes the page say so.
// - Links open in a new tab (noopener noreferrer), their target in their title; a link whose text
//   names another host is flagged; in an untrusted message ($phishing, $junk) links are inert.

let loading = null;

/** Loads DOMPurify once; resolves when `globalThis.DOMPurify` is there. */
export function loadPurify() {
  if (globalThis.DOMPurify) return Promise.resolve();
  if (!loading) {
    loading = new Promise((resolve, reject) => {
      const template = document.getElementById('tandem-lazy-scripts');
      const model = template && template.content.querySelector('script[src]');
      if (!model) {
        reject(new Error('This build has no HTML viewer.'));
        return;
      }
      const script = document.createElement('script');
      script.src = model.getAttribute('src');
      const integrity = model.getAttribute('integrity');
      if (integrity) {
        script.integrity = integrity;
        script.crossOrigin = 'anonymous';
      }
      script.onload = () => (globalThis.DOMPurify ? resolve() : reject(new Error('The HTML viewer did not start.')));
      script.onerror = () => {
        loading = null;
        script.remove();
        reject(new Error('The HTML viewer could not be loaded.'));
      };
      document.head.append(script);
    });
  }
  return loading;
}

/**
 * Loads DOMPurify when the browser is next idle: called once the inbox shows, so that the first
 * HTML message opened does not wait for it. A failure is left for that message to report.
 */
export function preloadPurify() {
  if (globalThis.DOMPurify || loading) return;
  const idle = globalThis.requestIdleCallback || ((run) => setTimeout(run, 200));
  idle(() => loadPurify().catch(() => {}), { timeout: 3000 });
}

const MEDIA_ATTRS = ['src', 'background', 'poster'];
const REMOTE = /^\s*(?:https?:)?\/\//i;
const CSS_URL = /url\s*\(\s*(['"]?)([^'")]*)\1\s*\)/gi;
const COLOURS = /(?:^|[;{\s])(?:color|background(?:-color)?)\s*:/i;

/**
 * What the sanitizer does to CSS text: `@import` and `@font-face` go; `url()` keeps data:, cid:
 * (to its blob: URL) and, when remote content is shown, http(s); `image-set()` goes unless shown.
 */
function rewriteCss(css, state) {
  if (!/url|image-set|@/i.test(css)) return css; // most style attributes: nothing to rewrite
  let out = css.replace(/@import[^;]*;?/gi, () => {
    state.remote++;
    return '';
  });
  out = out.replace(/@font-face\s*\{[^}]*\}/gi, '');
  out = out.replace(CSS_URL, (match, _q, url) => {
    const u = url.trim();
    if (/^data:/i.test(u)) return match;
    if (/^cid:/i.test(u)) {
      const blob = state.cids[cidOf(u)];
      return blob ? `url("${blob}")` : 'none';
    }
    if (!REMOTE.test(u)) return 'none'; // relative: no base in the frame
    state.remote++;
    return state.allowRemote ? match : 'none';
  });
  if (!state.allowRemote) {
    out = out.replace(/(?:-webkit-)?image-set\s*\([^)]*\)/gi, () => {
      state.remote++;
      return 'none';
    });
  }
  // CSS escapes can spell url( so that no pattern sees it: the frame's CSP still blocks the load.
  return out;
}

function cidOf(url) {
  let cid = url.replace(/^\s*cid:/i, '').trim();
  try {
    cid = decodeURIComponent(cid);
  } catch (e) {
    // keep it as written
  }
  return cid.replace(/^<|>$/g, '');
}

/** The host a link's text names, if its text is an address (`www.bank.com`, `https://x.org/a`). */
function hostNamed(text) {
  const m = /^\s*(?:[a-z][a-z0-9+.-]*:\/\/)?((?:[a-z0-9\u00a1-\uffff-]+\.)+[a-z\u00a1-\uffff]{2,})(?::\d+)?(?:[/?#]\S*)?\s*$/i.exec(text);
  return m ? m[1].toLowerCase().replace(/^www\./, '') : null;
}

function sameSite(a, b) {
  const x = a.replace(/^www\./, '');
  const y = b.replace(/^www\./, '');
  return x === y || x.endsWith('.' + y) || y.endsWith('.' + x);
}

let configured = false;
let state = null;

// The link titles' words, in the interface's language (set by src/mail_html.rs before each
// sanitizing, from the catalogs); `{name}` marks where a value goes.
let words = { mismatch: 'This link goes to {host}, not {named}: {target}', disabled: 'Link disabled: {title}' };

/** Sets the words of link titles (`{ mismatch, disabled }`). */
export function setWords(next) {
  words = next;
}

/** `template` with each `{name}` replaced by `values[name]`, in one pass (a value is never read again). */
function fillIn(template, values) {
  return template.replace(/\{(\w+)\}/g, (marker, name) => (Object.hasOwn(values, name) ? values[name] : marker));
}

function configure(purify) {
  if (configured) return;
  configured = true;
  purify.addHook('uponSanitizeElement', (node, data) => {
    if (data.tagName === 'style' && state) {
      if (COLOURS.test(node.textContent)) state.colored = true;
      node.textContent = rewriteCss(node.textContent, state);
    }
  });
  purify.addHook('beforeSanitizeAttributes', (node) => {
    if (!state || !node.hasAttributes || !node.hasAttributes()) return;
    for (const name of MEDIA_ATTRS) {
      const value = node.getAttribute(name);
      if (value === null) continue;
      if (/^\s*cid:/i.test(value)) {
        node.removeAttribute(name);
        if (name === 'src') state.cidOf.set(node, cidOf(value));
      } else if (/^\s*data:/i.test(value)) {
        if (name !== 'src') node.removeAttribute(name);
      } else {
        if (REMOTE.test(value)) state.remote++;
        if (!(state.allowRemote && REMOTE.test(value))) node.removeAttribute(name);
      }
    }
    const srcset = node.getAttribute('srcset');
    if (srcset !== null) {
      if (srcset.trim()) state.remote++;
      if (!state.allowRemote) node.removeAttribute('srcset');
    }
    const style = node.getAttribute('style');
    if (style !== null) {
      if (COLOURS.test(style)) state.colored = true;
      node.setAttribute('style', rewriteCss(style, state));
    }
    if (node.hasAttribute('bgcolor') || (node.hasAttribute('color') && node.tagName === 'FONT')) state.colored = true;
  });
  purify.addHook('afterSanitizeAttributes', (node) => {
    if (!state) return;
    const cid = state.cidOf.get(node);
    if (cid !== undefined && state.cids[cid]) node.setAttribute('src', state.cids[cid]);
    if ((node.tagName === 'A' || node.tagName === 'AREA') && node.hasAttribute('href')) link(node);
  });
}

/** A link: a new tab, no opener or referrer, its real target shown; flagged or inert as needed. */
function link(node) {
  const href = node.getAttribute('href');
  let url = null;
  try {
    url = new URL(href);
  } catch (e) {
    url = null;
  }
  // No base in the frame: a relative link goes nowhere, and only these schemes go somewhere safe.
  if (!url || !['http:', 'https:', 'mailto:', 'tel:'].includes(url.protocol)) {
    node.removeAttribute('href');
    return;
  }
  const target = url.protocol === 'mailto:' || url.protocol === 'tel:' ? href : url.href;
  node.setAttribute('target', '_blank');
  node.setAttribute('rel', 'noopener noreferrer');
  const named = node.tagName === 'A' ? hostNamed(node.textContent || '') : null;
  const host = url.hostname.toLowerCase();
  if (named && host && !sameSite(named, host)) {
    node.classList.add('tandem-mismatch');
    node.setAttribute('title', fillIn(words.mismatch, { host, named, target }));
  } else {
    const title = node.getAttribute('title');
    node.setAttribute('title', title && title !== target ? `${title} — ${target}` : target);
  }
  if (!state.trusted) {
    node.removeAttribute('href');
    node.classList.add('tandem-inert');
    node.setAttribute('title', fillIn(words.disabled, { title: node.getAttribute('title') }));
  }
}

export const CONFIG = {
  USE_PROFILES: { html: true },
  FORCE_BODY: true,
  RETURN_DOM_FRAGMENT: true,
  ALLOW_DATA_ATTR: false,
  FORBID_TAGS: ['form', 'input', 'button', 'select', 'option', 'optgroup', 'textarea', 'datalist', 'output', 'fieldset', 'dialog', 'template', 'slot', 'audio', 'video', 'source', 'track', 'canvas', 'marquee', 'blink', 'menu', 'menuitem'],
  FORBID_ATTR: ['autofocus', 'tabindex', 'popover', 'popovertarget', 'popovertargetaction', 'command', 'commandfor', 'crossorigin', 'integrity', 'nonce', 'action', 'method', 'enctype', 'download', 'ping', 'loading', 'usemap', 'ismap'],
  ADD_FORBID_CONTENTS: ['title'],
};

/**
 * Sanitizes `html` once. Returns `{ fragment, remote, colored }`: the DOM fragment (never a
 * string), how many remote resources were hidden (or would be, when shown), and whether the mail
 * sets its own colours. `cids` maps a Content-ID to the blob: URL of its image.
 */
export function sanitize(html, allowRemote, trusted, cids) {
  const purify = globalThis.DOMPurify;
  if (!purify) throw new Error('The HTML viewer is not loaded.');
  configure(purify);
  state = { remote: 0, colored: false, allowRemote, trusted, cids: cids || {}, cidOf: new WeakMap() };
  try {
    const fragment = purify.sanitize(html, CONFIG);
    return { fragment, remote: state.remote, colored: state.colored };
  } finally {
    state = null;
  }
}

/** The frame document's head: its own CSP and the base style. */
function skeleton(allowRemote) {
  const img = allowRemote ? 'data: blob: https:' : 'data: blob:';
  return (
    '<!DOCTYPE html><html><head><meta charset="utf-8">' +
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src ${img}; style-src 'unsafe-inline'; font-src 'none'; form-action 'none'; base-uri 'none'">` +
    '<meta name="referrer" content="no-referrer">' +
    '<style>html{overflow-y:hidden;overflow-x:auto}body{margin:0;padding:2px;display:flow-root;overflow-wrap:anywhere;' +
    'font:15px/1.5 var(--tandem-font,system-ui,sans-serif)}img{max-width:100%;height:auto}' +
    'a.tandem-inert{text-decoration:line-through;cursor:not-allowed}' +
    'a.tandem-mismatch{outline:2px dashed #c0392b;outline-offset:1px}</style></head><body></body></html>'
  );
}

/** Mail longer than this (characters) shows its first screens first: see `render`. */
const FIRST_SCREENS = 24 * 1024;

/** The start of a long mail, cut before a tag: the parser closes whatever it leaves open. */
function firstScreens(html) {
  const cut = html.lastIndexOf('<', FIRST_SCREENS);
  return html.slice(0, cut > 0 ? cut : FIRST_SCREENS);
}

/** After the next paint (or 100 ms, where a hidden tab paints nothing). */
function afterPaint() {
  return new Promise((resolve) => {
    let done = false;
    const go = () => {
      if (!done) {
        done = true;
        resolve();
      }
    };
    requestAnimationFrame(() => setTimeout(go, 0));
    setTimeout(go, 100);
  });
}

/** Puts a sanitized mail in the frame's body, on the right colours; the frame follows its size. */
function fill(iframe, doc, out) {
  const parent = getComputedStyle(iframe);
  if (out.colored) {
    // The mail's own colours, on the background they were chosen for.
    doc.documentElement.style.colorScheme = 'light';
    doc.body.style.background = '#fff';
    doc.body.style.color = '#000';
  } else {
    doc.body.style.color = parent.color;
  }
  doc.body.style.setProperty('--tandem-font', parent.fontFamily);
  doc.body.replaceChildren(doc.importNode(out.fragment, true));
  keepVisible(doc);
  size(iframe);
}

/**
 * What a mail may not do to the page it is shown in: hide it, shrink it to nothing, clip it or
 * move it away. Set on `html` and `body` inline and `!important`, which no rule of the mail's
 * can beat, however specific and in whatever `@layer` (the cascade ranks a style attribute's
 * important declarations above every style sheet's).
 */
const ROOT_STYLE = {
  display: 'block',
  visibility: 'visible',
  opacity: '1',
  width: 'auto',
  'min-width': '0',
  'max-width': 'none',
  height: 'auto',
  'min-height': '0',
  'max-height': 'none',
  margin: '0',
  position: 'static',
  transform: 'none',
  translate: 'none',
  scale: 'none',
  rotate: 'none',
  'clip-path': 'none',
  clip: 'auto',
  mask: 'none',
  filter: 'none',
  zoom: '1',
  'content-visibility': 'visible',
};

function keepVisible(doc) {
  for (const element of [doc.documentElement, doc.body]) {
    for (const [property, value] of Object.entries(ROOT_STYLE)) element.style.setProperty(property, value, 'important');
  }
  // The page scrolls sideways for a wide mail; the frame grows to its height instead of scrolling.
  doc.documentElement.style.setProperty('overflow-x', 'auto', 'important');
  doc.documentElement.style.setProperty('overflow-y', 'hidden', 'important');
  doc.body.style.setProperty('overflow', 'visible', 'important');
  // flow-root: the body holds its floats and margins, so its height is the mail's.
  doc.body.style.setProperty('display', 'flow-root', 'important');
}

/**
 * Shows `html` in `iframe` (sandboxed by the caller), sanitized. Resolves to `{ remote, colored }`
 * once it is all in the frame; the frame's height then follows its content.
 *
 * A long mail (a newsletter of 200 KB takes DOMPurify ~60 ms here) shows its first screens first:
 * its first 24 KB are sanitized on their own (a few ms) and painted, then the whole mail is
 * sanitized and replaces them. Both passes are the same sanitizer on the same configuration; the
 * remote-content count and the colours are the whole mail's. The performance mark
 * `tandem:mail-first-screen` says when the first screens are in the frame (tests/mail_html.rs).
 */
export function render(iframe, html, allowRemote, trusted, cids) {
  const long = html.length > 2 * FIRST_SCREENS;
  return new Promise((resolve, reject) => {
    let out = null;
    iframe.onload = async () => {
      iframe.onload = null;
      const doc = iframe.contentDocument;
      if (!out) return; // sanitizing failed: already rejected
      if (!doc || !doc.body) {
        reject(new Error('The message frame could not be opened.'));
        return;
      }
      fill(iframe, doc, out);
      performance.mark('tandem:mail-first-screen');
      if (long) {
        await afterPaint();
        if (iframe.contentDocument !== doc) {
          resolve({ remote: out.remote, colored: out.colored }); // another mail took the frame meanwhile
          return;
        }
        try {
          out = sanitize(html, allowRemote, trusted, cids);
        } catch (e) {
          reject(e);
          return;
        }
        fill(iframe, doc, out);
      }
      resolve({ remote: out.remote, colored: out.colored });
    };
    // The frame loads its skeleton while the mail is sanitized (the load event cannot come
    // before this synchronous work ends).
    iframe.srcdoc = skeleton(allowRemote);
    try {
      out = sanitize(long ? firstScreens(html) : html, allowRemote, trusted, cids);
    } catch (e) {
      iframe.onload = null;
      reject(e);
    }
  });
}

/** Keeps the frame as tall as its content: images loading, the width changing. */
function size(iframe) {
  const doc = iframe.contentDocument;
  const measure = () => {
    if (!iframe.isConnected || iframe.contentDocument !== doc) return;
    const scrollbar = doc.documentElement.scrollWidth > doc.documentElement.clientWidth ? 18 : 0;
    iframe.style.height = `${Math.ceil(doc.body.getBoundingClientRect().height) + scrollbar}px`;
  };
  measure();
  doc.addEventListener('load', measure, true);
  if (globalThis.ResizeObserver) {
    if (iframe._tandemObserver) iframe._tandemObserver.disconnect();
    const observer = new ResizeObserver(measure);
    observer.observe(iframe);
    observer.observe(doc.body);
    iframe._tandemObserver = observer;
  }
}

/** Fetches a blob with the agent's credentials (never the browser's) and makes a blob: URL. */
export async function blobUrl(url, authorization) {
  const response = await fetch(url, { headers: { Authorization: authorization }, credentials: 'omit' });
  if (!response.ok) throw new Error(`The server answered ${response.status}.`);
  return URL.createObjectURL(await response.blob());
}

/** Saves a blob under its real name: fetched with the agent's credentials, never opened here. */
export async function save(url, authorization, name) {
  const response = await fetch(url, { headers: { Authorization: authorization }, credentials: 'omit' });
  if (!response.ok) throw new Error(`The server answered ${response.status}.`);
  const blob = await response.blob();
  // application/octet-stream: whatever the server says, the browser saves rather than renders it.
  const object = URL.createObjectURL(new Blob([blob], { type: 'application/octet-stream' }));
  const a = document.createElement('a');
  a.href = object;
  a.download = name;
  a.rel = 'noopener';
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(object), 60000);
}

export function revoke(url) {
  URL.revokeObjectURL(url);
}
