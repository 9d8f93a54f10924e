// The offline app shell (sw.js): the page reloads without a network and shows the cached inbox.
// A file, not an inline script, so the page's Content-Security-Policy allows no inline script.
if ('serviceWorker' in navigator) navigator.serviceWorker.register('/sw.js').catch(() => {});
