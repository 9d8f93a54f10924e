// The first paint of a reload, before the app's wasm has even downloaded (issue 12): the screen
// the agent left, as text, drawn from a snapshot the app kept (src/first_paint.js writes it, and
// says what it holds). The app removes it as soon as its own list is on the screen.
//
// Only text: every node is made with createElement from a fixed list of tags and filled with
// textContent; the only attributes copied are class and dir (checked against patterns), and a
// style only when it is a height, an indent or a tag's hex colour. No HTML is parsed, nothing is loaded, no
// link works (the copy is inert and hidden from assistive technology, and sits in a closed shadow
// root, so the page's own elements, tests' selectors included, never see it).
//
// A classic script inlined at the end of <body> by the build (index.html; the page's policy allows
// it by its hash): it runs after the stylesheets have loaded and before the app's module starts.
// Any failure leaves the page as it would be without it.
(function () {
  'use strict';
  var KEY = 'tandem.first-paint';
  var LOGIN = 'tandem.login';
  var TAGS = /^(div|span|p|a|li|ul|ol|nav|aside|header|main|section|footer|h1|h2|h3|h4|time|strong|em|b|i|small|label|button)$/;
  var CLASS = /^[A-Za-z0-9_\- ]{0,200}$/;
  var DIR = /^(auto|ltr|rtl)$/;
  var STYLE = /^(\s*(height|--vlist-row-height|padding-inline-start)\s*:\s*\d{1,7}(\.\d+)?(px|rem)\s*;?|\s*(border-color|color)\s*:\s*#[0-9a-fA-F]{3,8}\s*;?)*$/;
  var MAX_NODES = 4000;

  function snapshot() {
    // Kept beside the login it belongs to: the tab's (sessionStorage) or the device's.
    var stores = [window.sessionStorage, window.localStorage];
    for (var i = 0; i < stores.length; i++) {
      var store = stores[i];
      if (store && store.getItem(LOGIN) && store.getItem(KEY)) return JSON.parse(store.getItem(KEY));
    }
    return null;
  }

  function build(node, budget) {
    if (budget.left-- <= 0) return null;
    if (typeof node === 'string') return document.createTextNode(node);
    if (!node || typeof node.t !== 'string' || !TAGS.test(node.t)) return null;
    var el = document.createElement(node.t);
    if (typeof node.c === 'string' && CLASS.test(node.c)) el.className = node.c;
    if (typeof node.d === 'string' && DIR.test(node.d)) el.dir = node.d;
    if (typeof node.s === 'string' && STYLE.test(node.s)) el.setAttribute('style', node.s);
    if (node.current === true) el.setAttribute('aria-current', 'page');
    var kids = Array.isArray(node.k) ? node.k : [];
    for (var i = 0; i < kids.length; i++) {
      var child = build(kids[i], budget);
      if (child) el.appendChild(child);
    }
    return el;
  }

  /** The app's stylesheets (same origin, so their rules are readable) as one sheet. */
  function appStyles() {
    var text = [];
    for (var i = 0; i < document.styleSheets.length; i++) {
      var rules = document.styleSheets[i].cssRules;
      for (var j = 0; j < rules.length; j++) text.push(rules[j].cssText);
    }
    var sheet = new CSSStyleSheet();
    sheet.replaceSync(text.join('\n'));
    return sheet;
  }

  try {
    var snap = snapshot();
    if (!snap || snap.v !== 1 || snap.path !== location.pathname || !Array.isArray(snap.k)) return;
    var host = document.createElement('div');
    host.id = 'tandem-first-paint';
    host.setAttribute('aria-hidden', 'true');
    host.inert = true;
    host.style.cssText = 'position:fixed;inset:0;z-index:2147483647;overflow:hidden;background:var(--bg)';
    var root = host.attachShadow({ mode: 'closed' });
    root.adoptedStyleSheets = [appStyles()];
    var body = build({ t: 'div', k: snap.k }, { left: MAX_NODES });
    body.style.height = '100%';
    if (typeof snap.title === 'string') document.title = snap.title;
    root.appendChild(body);
    document.body.appendChild(host);
    performance.mark('tandem:first-paint-shown');
  } catch (e) {
    var left = document.getElementById('tandem-first-paint');
    if (left) left.remove();
  }
})();
