// Trunk post-build hook: puts the interface's catalogs that are not built in into the build, to be
// fetched when an agent first needs them (src/catalogs.rs). English is compiled into the app
// (build.rs); every other language of locales/ becomes one file, its parts merged
// (`{"common": {…}, "inbox": {…}, …}`), with a content-hashed name, named in index.html's inert
// `#tandem-catalogs` template by its language's tag: the app finds it there, and the service worker
// stores it at install like the other assets, so a language once used also opens offline.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

const staging = process.env.TRUNK_STAGING_DIR ?? process.argv[2];
if (!staging) throw new Error('usage: TRUNK_STAGING_DIR=<dir> node scripts/catalogs-hook.mjs');
const BUILT_IN = 'en';
// The tag each language goes by (src/language.rs `tag`).
const TAGS = { ar: 'ar', zh: 'zh-Hans' };
const locales = path.join(path.dirname(new URL(import.meta.url).pathname), '..', 'locales');

const links = [];
for (const language of fs.readdirSync(locales).filter((l) => l !== BUILT_IN).sort()) {
  const tag = TAGS[language];
  if (!tag) throw new Error(`locales/${language}: no tag for this language in catalogs-hook.mjs`);
  const parts = {};
  for (const file of fs.readdirSync(path.join(locales, language)).filter((f) => f.endsWith('.json')).sort()) {
    parts[file.slice(0, -'.json'.length)] = JSON.parse(fs.readFileSync(path.join(locales, language, file), 'utf8'));
  }
  const text = JSON.stringify(parts);
  const name = `catalog-${language}-${crypto.createHash('sha256').update(text).digest('hex').slice(0, 16)}.json`;
  fs.writeFileSync(path.join(staging, name), text);
  links.push(`<link href="/${name}" hreflang="${tag}">`);
}
const indexFile = path.join(staging, 'index.html');
const html = fs.readFileSync(indexFile, 'utf8');
if (!html.includes('</head>')) throw new Error('index.html: no </head>');
fs.writeFileSync(indexFile, html.replace('</head>', `<template id="tandem-catalogs">${links.join('')}</template></head>`));
console.log(`catalogs: ${links.length} languages fetched when first needed`);
