// What the bench's scripts share: their `--name value` options, their output lines (`METRIC` and
// `#`, on stdout), medians, how headless Chromium is started, and when rows are painted.

/** `--name value` pairs of the command line, as { name: value }. */
export function options(argv = process.argv.slice(2)) {
  return Object.fromEntries(argv.reduce((pairs, arg, i, all) => (arg.startsWith('--') ? [...pairs, [arg.slice(2), all[i + 1]]] : pairs), []));
}

export const metric = (name, value, unit) => console.log(`METRIC ${name} ${value} ${unit}`);
export const comment = (text) => console.log(`# ${text}`);

export const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

/** Debian's Chromium, headless, as root, with none of its own network traffic. */
export const CHROMIUM = '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--headless',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-dev-shm-usage',
];
/** Only 127.0.0.1 resolves: nothing but the bench's own servers is reached. */
export const LOCAL_ONLY = '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1';

/**
 * In every document, before its scripts: when the first row is painted (`rowsAt`: the app's own
 * row or Tandem's first paint, whichever comes first; `appAt`: the app's own row), and the first
 * click.
 */
export function rowsWatch(selector) {
  window.__bench = { rowsAt: null, appAt: null, by: null, clickAt: null };
  const painted = (key) => requestAnimationFrame(() => setTimeout(() => (window.__bench[key] ??= performance.now())));
  let first = false;
  let app = false;
  const look = () => {
    if (!first && document.getElementById('tandem-first-paint')) {
      first = true;
      window.__bench.by ??= 'first-paint';
      painted('rowsAt');
    }
    if (!app && document.querySelector(selector)) {
      app = true;
      window.__bench.by ??= 'app';
      painted('rowsAt');
      painted('appAt');
    }
  };
  new MutationObserver(look).observe(document, { childList: true, subtree: true });
  document.addEventListener('click', () => (window.__bench.clickAt ??= performance.now()), true);
}
