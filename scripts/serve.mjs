// A static server for a built dist/ with the JMAP paths proxied to the server, the way a
// self-hoster's reverse proxy would do it: /jmap/* and /.well-known/jmap go to the JMAP server, and
// every other path without a file falls back to index.html (client-side routes).
//
// usage: node scripts/serve.mjs --dist dist --port 8080 --jmap http://127.0.0.1:8008
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';

const args = Object.fromEntries(
  process.argv.slice(2).reduce((pairs, arg, i, all) => (arg.startsWith('--') ? [...pairs, [arg.slice(2), all[i + 1]]] : pairs), []),
);
const dist = path.resolve(args.dist ?? 'dist');
const port = Number(args.port ?? 8080);
const jmap = new URL(args.jmap ?? 'http://127.0.0.1:8008');

const types = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.wasm': 'application/wasm',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.webmanifest': 'application/manifest+json',
};

// Each request on a connection of its own to the JMAP server, as nginx's proxy does unless told
// otherwise (docs/deploy.md): on a kept-alive connection Cyrus's answer of more than one 4 KB write
// waited ~40 ms for the receiver's delayed ACK (Nagle's algorithm on Cyrus's side), 70-80 ms where
// 30 ms was the server's work for a first page of 20 threads; the first request on a connection
// does not wait.
function proxy(req, res) {
  const upstream = http.request(
    { host: jmap.hostname, port: jmap.port, method: req.method, path: req.url, headers: req.headers, agent: false },
    (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    },
  );
  upstream.on('error', (e) => {
    if (res.headersSent) return res.destroy();
    res.writeHead(502, { 'content-type': 'text/plain' });
    res.end(`JMAP server unreachable: ${e.message}`);
  });
  // The browser gone (a closed page, an event source let go): the server's connection goes too,
  // rather than staying half-closed in this process for good.
  res.on('close', () => upstream.destroy());
  req.pipe(upstream);
}

function serveFile(req, res) {
  const urlPath = decodeURIComponent(new URL(req.url, 'http://x').pathname);
  let file = path.join(dist, path.normalize(urlPath));
  if (!file.startsWith(dist)) {
    res.writeHead(403).end();
    return;
  }
  if (!fs.existsSync(file) || fs.statSync(file).isDirectory()) {
    if (path.extname(urlPath)) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    file = path.join(dist, 'index.html');
  }
  const type = types[path.extname(file)] ?? 'application/octet-stream';
  // Only trunk's content-hashed files may be cached for good; the page, the service worker
  // script, the manifest and the icons keep their names across builds.
  const fixedName =
    ['index.html', 'sw.js', 'manifest.webmanifest'].includes(path.basename(file)) || path.relative(dist, file).startsWith(`icons${path.sep}`);
  const cache = fixedName ? 'no-cache' : 'public, max-age=31536000, immutable';
  res.writeHead(200, { 'content-type': type, 'cache-control': cache });
  fs.createReadStream(file).pipe(res);
}

const server = http.createServer((req, res) => {
  if (req.url.startsWith('/jmap') || req.url.startsWith('/.well-known/jmap')) proxy(req, res);
  else serveFile(req, res);
});
server.listen(port, '127.0.0.1', () => console.log(`serving ${dist} on http://127.0.0.1:${port} (JMAP → ${jmap.origin})`));
for (const signal of ['SIGTERM', 'SIGINT']) process.on(signal, () => server.close(() => process.exit(0)));
