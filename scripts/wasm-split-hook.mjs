// Trunk post-build hook: puts the wasm parts loaded on demand into the build. scripts/wasm-link.sh
// (the wasm32 linker) split the module at its lazy points and left the parts and their loader,
// `__wasm_split.js`, in `split/<file>/` beside the profile's output; trunk then ran wasm-bindgen and
// wasm-opt on the main part only. Here each part is optimized with the same wasm-opt, every file
// gets a content-hashed name (the service worker caches assets for good by name), the loader is
// pointed at trunk's hashed JS glue and the glue at the loader (its integrity in index.html
// recomputed), and index.html names the parts in an inert template: the service worker stores
// them at install, so a conversation opens offline too. A build without lazy points is left alone.
import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

const staging = process.env.TRUNK_STAGING_DIR ?? process.argv[2];
if (!staging) throw new Error('usage: TRUNK_STAGING_DIR=<dir> node scripts/wasm-split-hook.mjs');
const LOADER = './__wasm_split.js';

const glueName = fs.readdirSync(staging).find((n) => /^tandem-[0-9a-f]+\.js$/.test(n));
if (!glueName) throw new Error(`${staging}: no tandem-<hash>.js from trunk`);
let glue = fs.readFileSync(path.join(staging, glueName), 'utf8');
if (!glue.includes(`"${LOADER}"`)) {
  console.log('wasm-split: no lazy parts in this build');
  process.exit(0);
}

const profile = process.env.TRUNK_PROFILE === 'release' ? 'release' : 'debug';
const metadata = JSON.parse(execFileSync('cargo', ['metadata', '--format-version', '1', '--no-deps', '--offline'], { encoding: 'utf8' }));
const out = path.join(metadata.target_directory, 'wasm32-unknown-unknown', profile);
// The parts of the very module trunk took: the folder the linker marked with its hash.
const main = crypto.createHash('sha256').update(fs.readFileSync(path.join(out, 'tandem.wasm'))).digest('hex');
const splits = path.join(out, 'split');
const marked = (f) => fs.existsSync(path.join(splits, f, 'main.sha256')) && fs.readFileSync(path.join(splits, f, 'main.sha256'), 'utf8').trim() === main;
const folder = fs.existsSync(splits) && fs.readdirSync(splits).find(marked);
if (!folder) throw new Error(`${splits}: the linker left no parts for ${path.join(out, 'tandem.wasm')}`);
const split = path.join(splits, folder);

const hashOf = (bytes) => crypto.createHash('sha256').update(bytes).digest('hex').slice(0, 16);
let loader = fs.readFileSync(path.join(split, '__wasm_split.js'), 'utf8').replace('"./tandem.js"', `"./${glueName}"`);
// The table by the name that survives wasm-bindgen (scripts/wasm-table-alias.mjs).
const exportsRead = 'initSync(undefined, undefined);';
if (!loader.includes(exportsRead)) throw new Error('__wasm_split.js: the main module\'s exports are read in an unknown way');
loader = loader.replace(exportsRead, `(({ __wasm_split_table, ...rest }) => ({ ...rest, __indirect_function_table: __wasm_split_table }))(${exportsRead.slice(0, -1)});`);
// Each part's fetch in a task of its own: the conversation page's ~40 parts, fetched ahead once the
// first rows are painted, were started in one task that held the main thread 50-65 ms (measured
// at a sign-in, 10,000 emails). They still download together.
const loadStart = 'const loader = async () => {\n        const parallelStuff = deps.map(d => d());';
if (!loader.includes(loadStart)) throw new Error('__wasm_split.js: its parts are loaded in an unknown way');
loader = loader.replace(loadStart, loadStart.replace('=> {', '=> {\n        await nextTask();'));
loader = loader.replace('function makeLoad(', `const nextTask = () => globalThis.scheduler?.postTask
    ? globalThis.scheduler.postTask(() => {})
    : new Promise((resolve) => setTimeout(resolve, 0));
function makeLoad(`);
const parts = [];
for (const name of fs.readdirSync(split).filter((n) => n.endsWith('.wasm')).sort()) {
  const optimized = path.join(staging, name);
  const features = ['--enable-bulk-memory', '--enable-nontrapping-float-to-int', '--enable-sign-ext', '--enable-mutable-globals'];
  if (profile === 'release') execFileSync('wasm-opt', ['-Os', '--converge', ...features, path.join(split, name), '-o', optimized]);
  else fs.copyFileSync(path.join(split, name), optimized);
  const hashed = `${name.slice(0, -'.wasm'.length)}-${hashOf(fs.readFileSync(optimized))}.wasm`;
  fs.renameSync(optimized, path.join(staging, hashed));
  if (!loader.includes(`"./${name}"`)) throw new Error(`__wasm_split.js does not name ${name}`);
  loader = loader.replaceAll(`"./${name}"`, `"./${hashed}"`);
  parts.push(hashed);
}
const loaderName = `__wasm_split-${hashOf(loader)}.js`;
fs.writeFileSync(path.join(staging, loaderName), loader);
// Only the module imports: the imports object keeps the name the wasm asks for.
glue = glue.replaceAll(`from "${LOADER}"`, `from "./${loaderName}"`);
fs.writeFileSync(path.join(staging, glueName), glue);

const indexFile = path.join(staging, 'index.html');
let html = fs.readFileSync(indexFile, 'utf8');
const integrity = `sha384-${crypto.createHash('sha384').update(glue, 'utf8').digest('base64')}`;
const glueLink = new RegExp(`(href="/${glueName}"[^>]*integrity=")[^"]*(")`);
if (!glueLink.test(html)) throw new Error(`index.html: no integrity for ${glueName}`);
html = html.replace(glueLink, `$1${integrity}$2`);
const named = [loaderName, ...parts].map((p) => `<link href="/${p}">`).join('');
html = html.replace('</head>', `<template id="tandem-lazy-wasm">${named}</template></head>`);
fs.writeFileSync(indexFile, html);
console.log(`wasm-split: ${parts.length} parts loaded on demand`);
