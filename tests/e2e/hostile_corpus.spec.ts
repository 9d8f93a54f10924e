// The hostile corpus: every message of tests/e2e/corpus/*.eml (HTML, SVG, MathML, CSS, MIME
// tricks, plain-text links, hostile names, subjects and file names) delivered into the real Cyrus,
// and hostile team data (corpus/team-data.json: tag names and colours, an agent's name, notes,
// activity records and drafts) written through JMAP as another client could write it. Then every
// conversation is opened as an agent would, and for each:
// - no script ran in any frame: no dialog, no `pwned` global in the page or any frame, no popup;
// - no request left for an origin other than the app's and the JMAP server's (nor for a path a
//   payload names, `corpus-leak`), and nothing navigated away;
// - the message's marker text (CORPUS-OK-NN) is shown where the agent reads it, visible;
// - what the sanitizer lets through is inert (no handler, no script, frame, form or fetching
//   attribute, links only to http(s), mailto and tel; the frame sandboxed, with its own CSP: CSS
//   is left to that CSP, which the request watch checks), and the app's own page holds nothing the
//   mail made, nor anything covering the conversation.
// The corpus files are raw RFC 5322 messages with LF line endings; `X-Corpus-Case` says what each
// tries, `X-Corpus-Expect` what the test expects beyond the above (`attachments=N`, or
// `undecodable` for a message the server cannot split, which offers its original instead).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test, type Page } from './fixtures';
import { expectTeamInbox, jmapAsAlice, signIn } from './helpers';

const RUN = Date.now().toString(36);
const CORPUS = path.join(__dirname, 'corpus');
const ACCOUNT = 'support';

interface Case {
  name: string;
  marker: string;
  messageId: string;
  expects: string[];
  raw: Buffer;
}

/** The corpus, each message with a Message-ID of this run (so the suite runs again on one server). */
function loadCorpus(): Case[] {
  return fs
    .readdirSync(CORPUS)
    .filter((f) => f.endsWith('.eml'))
    .sort()
    .map((file) => {
      const raw = fs.readFileSync(path.join(CORPUS, file));
      const end = raw.indexOf('\n\n');
      const head = raw.subarray(0, end).toString('latin1');
      const name = file.replace(/\.eml$/, '');
      const messageId = `${name}.${RUN}@corpus.example`;
      const rewritten = head.replace(/^Message-ID: <[^>]*>/im, `Message-ID: <${messageId}>`);
      if (rewritten === head) throw new Error(`${file} has no Message-ID`);
      const expects = [...head.matchAll(/^X-Corpus-Expect: *(.*)$/gim)].flatMap((m) => m[1].split(',').map((s) => s.trim()));
      return { name, marker: `CORPUS-OK-${name.slice(0, 2)}`, messageId, expects, raw: Buffer.concat([Buffer.from(rewritten, 'latin1'), raw.subarray(end)]) };
    });
}

/** Delivers every message over the test server's LMTP socket in one session, bytes as they are. */
function deliverAll(cases: Case[]) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tandem-corpus-'));
  try {
    const files = cases.map((c) => {
      const file = path.join(dir, `${c.name}.eml`);
      fs.writeFileSync(file, c.raw);
      return file;
    });
    const script = [
      'import smtplib, sys',
      'c = smtplib.LMTP(sys.argv[1])',
      'for p in sys.argv[2:]:',
      "    c.sendmail('customer@example.net', ['support'], open(p, 'rb').read().replace(b'\\n', b'\\r\\n'))",
      'c.quit()',
    ].join('\n');
    execFileSync('python3', ['-c', script, `${process.env.TANDEM_TEST_STATE}/conf/socket/lmtp`, ...files]);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------- JMAP, as another client

type Json = any; // eslint-disable-line @typescript-eslint/no-explicit-any

/** The arguments of response `i`; an error response fails the test. */
function ok(responses: [string, Json, string][], i = 0): Json {
  const [name, args] = responses[i];
  if (name === 'error') throw new Error(`JMAP error: ${JSON.stringify(args)}`);
  return args;
}

/** The id of `Tandem/<name>`, created as any client following docs/scheme.md would. */
async function tandemMailbox(name: string): Promise<string> {
  const list: Json[] = ok(await jmapAsAlice([['Mailbox/get', { accountId: ACCOUNT, properties: ['id', 'name', 'parentId', 'role'] }, 'm']])).list;
  const parent = list.find((m) => m.parentId === null && m.name === 'Tandem');
  const found = parent && list.find((m) => m.parentId === parent.id && m.name === name);
  if (found) return found.id;
  const create: Json = { child: { name, parentId: parent ? parent.id : '#parent' } };
  if (!parent) create.parent = { name: 'Tandem', parentId: null };
  const set = ok(await jmapAsAlice([['Mailbox/set', { accountId: ACCOUNT, create }, 's']]));
  expect(set.created?.child, `Tandem/${name} created`).toBeTruthy();
  return set.created.child.id;
}

async function inboxId(): Promise<string> {
  const list: Json[] = ok(await jmapAsAlice([['Mailbox/get', { accountId: ACCOUNT, properties: ['id', 'role'] }, 'm']])).list;
  return list.find((m) => m.role === 'inbox').id;
}

/** Each case's email (id, thread, subject as the server decoded it), once the server has them all. */
async function emailsOf(cases: Case[]): Promise<Map<string, { id: string; threadId: string; subject: string }>> {
  const inbox = await inboxId();
  const found = new Map<string, { id: string; threadId: string; subject: string }>();
  await expect
    .poll(
      async () => {
        const r = await jmapAsAlice([
          ['Email/query', { accountId: ACCOUNT, filter: { inMailbox: inbox }, sort: [{ property: 'receivedAt', isAscending: false }], limit: 300 }, 'q'],
          ['Email/get', { accountId: ACCOUNT, '#ids': { resultOf: 'q', name: 'Email/query', path: '/ids' }, properties: ['id', 'messageId', 'threadId', 'subject'] }, 'g'],
        ]);
        for (const e of ok(r, 1).list) if (e.messageId?.[0]) found.set(e.messageId[0], e);
        return cases.filter((c) => !found.has(c.messageId)).map((c) => c.name);
      },
      { timeout: 20_000, message: 'every corpus message is in the team inbox' },
    )
    .toEqual([]);
  return new Map(cases.map((c) => [c.name, found.get(c.messageId)!]));
}

interface Settings {
  version?: number;
  revision?: number;
  agents?: Json[];
  tags?: Json[];
  [other: string]: unknown;
}

/**
 * Read-modify-write of the team settings as docs/scheme.md says: read every settings email, merge
 * them (newest revision first; agents by login, tags by id), apply `change`, create the new
 * version with revision + 1 and destroy the old ones in one `Email/set` with `ifInState`.
 */
async function changeSettings(change: (s: Settings) => void) {
  const mailbox = await tandemMailbox('Settings');
  for (let attempt = 0; attempt < 8; attempt++) {
    const r = await jmapAsAlice([
      ['Email/query', { accountId: ACCOUNT, filter: { inMailbox: mailbox }, sort: [{ property: 'receivedAt', isAscending: false }], limit: 20 }, 'q'],
      ['Email/get', { accountId: ACCOUNT, '#ids': { resultOf: 'q', name: 'Email/query', path: '/ids' }, properties: ['id', 'textBody', 'bodyValues'], fetchTextBodyValues: true }, 'g'],
    ]);
    const got = ok(r, 1);
    const order: string[] = ok(r, 0).ids;
    const versions: Settings[] = (got.list as Json[])
      .sort((a, b) => order.indexOf(a.id) - order.indexOf(b.id))
      .map((e) => {
        try {
          return JSON.parse((Object.values(e.bodyValues)[0] as Json).value);
        } catch {
          return null;
        }
      })
      .filter((s) => s && typeof s === 'object');
    versions.sort((a, b) => (b.revision ?? 0) - (a.revision ?? 0)); // stable: among equals, newest first
    const merged: Settings = { ...(versions[0] ?? {}), version: 1, revision: Math.max(0, ...versions.map((v) => v.revision ?? 0)), agents: [], tags: [] };
    for (const v of versions) {
      for (const a of v.agents ?? []) if (!merged.agents!.some((m) => m.login === a.login)) merged.agents!.push(a);
      for (const t of v.tags ?? []) if (!merged.tags!.some((m) => m.id === t.id)) merged.tags!.push(t);
    }
    change(merged);
    merged.revision = (merged.revision ?? 0) + 1;
    const set = await jmapAsAlice([
      [
        'Email/set',
        {
          accountId: ACCOUNT,
          ifInState: got.state,
          create: {
            settings: {
              mailboxIds: { [mailbox]: true },
              keywords: { $seen: true },
              from: [{ name: '<img src=x onerror=parent.pwned=1>', email: 'mallory@evil.example' }],
              subject: 'Tandem team settings',
              'header:X-Tandem-Kind:asText': 'settings',
              'header:X-Tandem-Author:asText': 'corpus-mallory',
              bodyValues: { body: { value: JSON.stringify(merged, null, 2) } },
              textBody: [{ partId: 'body', type: 'text/plain' }],
            },
          },
          destroy: got.list.map((e: Json) => e.id),
        },
        's',
      ],
    ]);
    if (set[0][0] === 'error' && set[0][1].type === 'stateMismatch') continue;
    const done = ok(set);
    expect(done.created?.settings, `settings saved: ${JSON.stringify(done.notCreated)}`).toBeTruthy();
    return;
  }
  throw new Error('the team settings kept changing');
}

const TEAM = JSON.parse(fs.readFileSync(path.join(CORPUS, 'team-data.json'), 'utf8'));
const OUR_TAGS: string[] = TEAM.tags.map((t: Json) => t.id);

/** The hostile tags and agent in the team settings (replacing those of an earlier run). */
async function writeHostileSettings() {
  await changeSettings((s) => {
    s.tags = s.tags!.filter((t) => !OUR_TAGS.includes(t.id)).concat(TEAM.tags.map(({ id, name, color }: Json) => ({ id, name, color })));
    s.agents = s.agents!.filter((a) => a.login !== TEAM.agent.login).concat([{ login: TEAM.agent.login, name: TEAM.agent.name }]);
  });
}

/** Takes them out again, and the applied tags' keywords off every email (as deleting a tag does). */
async function removeHostileSettings() {
  await changeSettings((s) => {
    s.tags = s.tags!.filter((t) => !OUR_TAGS.includes(t.id));
    s.agents = s.agents!.filter((a) => a.login !== TEAM.agent.login);
  });
  for (const tag of TEAM.tags.filter((t: Json) => t.apply)) {
    const keyword = `$tandem_tag_${tag.id}`;
    const ids: string[] = ok(await jmapAsAlice([['Email/query', { accountId: ACCOUNT, filter: { hasKeyword: keyword }, limit: 500 }, 'q']])).ids;
    if (ids.length) ok(await jmapAsAlice([['Email/set', { accountId: ACCOUNT, update: Object.fromEntries(ids.map((id) => [id, { [`keywords/${keyword}`]: null }])) }, 's']]));
  }
}

type Target = { id: string; threadId: string; subject: string; messageId: string };

/**
 * Records of team-data.json joined to the target conversation as the scheme says (Tandem/Notes or
 * Tandem/Drafts, `Re: ` + its subject, In-Reply-To its Message-ID), with the hostile bodies,
 * authors and draft fields: the notes, activity records and teammates' drafts (`own` false, with
 * the applied tags put on the target), or alice's own draft, as her other device would save it.
 */
async function writeHostileRecords(target: Target, own: boolean) {
  const [notes, drafts] = [await tandemMailbox('Notes'), await tandemMailbox('Drafts')];
  const agentId = (login: string) => [...Buffer.from(login.toLowerCase())].map((b) => (/[a-z0-9.-]/.test(String.fromCharCode(b)) ? String.fromCharCode(b) : `_${b.toString(16).padStart(2, '0')}`)).join('');
  const record = (mailbox: string, kind: string, keyword: string, r: Json, headers: Record<string, string>): Json => ({
    mailboxIds: { [mailbox]: true },
    keywords: { [keyword]: true, $seen: true },
    from: [{ name: r.author === TEAM.agent.login ? TEAM.agent.name : (r.author ?? r.authorId), email: 'mallory@evil.example' }],
    subject: `Re: ${target.subject}`,
    inReplyTo: [target.messageId],
    references: [target.messageId],
    'header:X-Tandem-Kind:asText': kind,
    'header:X-Tandem-Author:asText': r.authorId ?? agentId(r.author),
    'header:X-Tandem-At:asText': String(Date.now()),
    ...Object.fromEntries(Object.entries(headers).map(([k, v]) => [`header:${k}:asText`, v])),
    bodyValues: { body: { value: r.text ?? r.html } },
    [r.html ? 'htmlBody' : 'textBody']: [{ partId: 'body', type: r.html ? 'text/html' : 'text/plain' }],
  });
  const create: Record<string, Json> = {};
  if (!own) {
    TEAM.notes.forEach((n: Json, i: number) => (create[`note${i}`] = record(notes, 'note', '$tandem_note', n, {})));
    TEAM.activity.forEach((a: Json, i: number) => (create[`activity${i}`] = record(notes, 'activity', '$tandem_activity', a, { 'X-Tandem-Activity': a.header })));
  }
  TEAM.drafts.forEach((d: Json, i: number) => {
    if ((d.author === 'alice') !== own) return;
    const fields = d.rawFields ?? JSON.stringify({ ...d.fields, inReplyTo: [target.messageId], references: [target.messageId] });
    create[`draft${i}`] = record(drafts, 'draft', '$draft', d, { 'X-Tandem-Draft': fields });
  });
  const tags = Object.fromEntries(TEAM.tags.filter((t: Json) => t.apply).map((t: Json) => [`keywords/$tandem_tag_${t.id}`, true]));
  const set = ok(await jmapAsAlice([['Email/set', { accountId: ACCOUNT, create, ...(own ? {} : { update: { [target.id]: tags } }) }, 's']]));
  expect(set.notCreated ?? null, 'every record created').toBeNull();
  if (!own) expect(Object.keys(set.updated ?? {}), 'tags applied').toEqual([target.id]);
  // Each joined the conversation (else the test would check nothing).
  const ids = Object.values(set.created).map((c: Json) => c.id);
  const got = ok(await jmapAsAlice([['Email/get', { accountId: ACCOUNT, ids, properties: ['threadId'] }, 'g']]));
  expect(got.list.map((e: Json) => e.threadId)).toEqual(ids.map(() => target.threadId));
}

// ---------------------------------------------------------------- what the page shows

/**
 * Where `marker` is shown: 'visible' when a text node holding it is laid out with a box, in no
 * hidden or transparent element, and (in a message frame) inside the frame's visible height.
 */
function markerShown(page: Page, marker: string): Promise<string> {
  return page.evaluate((marker) => {
    const frames = [...document.querySelectorAll<HTMLIFrameElement>('.conversation iframe')];
    const roots: [Document, Element | null, HTMLIFrameElement | null][] = [
      [document, document.querySelector('.conversation'), null],
      ...frames.map((f): [Document, Element | null, HTMLIFrameElement | null] => [f.contentDocument!, f.contentDocument?.body ?? null, f]),
    ];
    let found = 'absent';
    for (const [doc, root, frame] of roots) {
      if (!doc || !root) continue;
      const walker = doc.createTreeWalker(root, NodeFilter.SHOW_TEXT);
      for (let n = walker.nextNode() as Text | null; n; n = walker.nextNode() as Text | null) {
        const at = n.data.indexOf(marker);
        if (at < 0) continue;
        const range = doc.createRange();
        range.setStart(n, at);
        range.setEnd(n, at + marker.length);
        const box = range.getBoundingClientRect();
        if (box.width < 1 || box.height < 1) {
          found = 'present but not laid out';
          continue;
        }
        let hidden = '';
        let opacity = 1;
        for (let el: Element | null = n.parentElement; el; el = el.parentElement) {
          const style = doc.defaultView!.getComputedStyle(el);
          opacity *= Number(style.opacity);
          if (style.visibility !== 'visible' || style.display === 'none') hidden = `hidden by <${el.tagName.toLowerCase()}>`;
        }
        if (!hidden && opacity < 0.5) hidden = 'transparent';
        if (!hidden && frame) {
          const shown = frame.getBoundingClientRect();
          const style = getComputedStyle(frame);
          if (frame.hidden || style.display === 'none' || style.visibility !== 'visible' || shown.height < 1) hidden = 'its frame is hidden or empty';
          else if (box.bottom <= 0 || box.top >= frame.clientHeight) hidden = `outside its frame (${Math.round(box.top)}..${Math.round(box.bottom)} of ${frame.clientHeight}px)`;
        }
        if (!hidden) return 'visible';
        found = hidden;
      }
    }
    return found;
  }, marker);
}

/** Waits until the conversation and its frames stop changing (a long mail is shown in two passes). */
async function settled(page: Page) {
  let last = '';
  for (let i = 0; i < 30; i++) {
    const now = await page.evaluate(
      () =>
        `${document.querySelector('.conversation')?.innerHTML.length}|` +
        [...document.querySelectorAll<HTMLIFrameElement>('.conversation iframe')].map((f) => `${f.contentDocument?.body?.innerHTML.length}:${f.style.height}`).join(','),
    );
    if (now === last) return;
    last = now;
    await page.waitForTimeout(150);
  }
}

/**
 * What the mail left in the page that it should not have, as sentences: in the app's own document
 * (handlers, frames, styles, links, the conversation's header hidden under something) and in each
 * message frame (its sandbox and CSP, and any element or attribute that runs or fetches).
 */
function inspect(page: Page, appOrigin: string): Promise<string[]> {
  return page.evaluate((appOrigin) => {
    const problems: string[] = [];
    const describe = (el: Element) => `<${el.tagName.toLowerCase()}${el.id ? '#' + el.id : ''}${el.className && typeof el.className === 'string' ? '.' + el.className.split(' ').join('.') : ''}>`;
    // The app's document.
    for (const el of document.querySelectorAll('*')) {
      for (const a of el.attributes) {
        if (/^on/i.test(a.name)) problems.push(`page: ${describe(el)} has handler ${a.name}`);
        if (a.name === 'style' && /url\(|expression|image-set|@import|javascript:|behavior|binding/i.test(a.value)) problems.push(`page: ${describe(el)} style="${a.value}"`);
        if (['src', 'srcset', 'data', 'action', 'formaction', 'poster', 'background', 'xlink:href'].includes(a.name)) {
          const v = a.value.trim();
          if (!(v.startsWith('blob:') || v.startsWith('data:image/') || v.startsWith('/') || v.startsWith(appOrigin))) problems.push(`page: ${describe(el)} ${a.name}="${v.slice(0, 80)}"`);
        }
        if (a.name === 'href' && el.matches('a, area') && !/^(https?:|mailto:|tel:|\/|#|blob:)/i.test(a.value.trim())) problems.push(`page: ${describe(el)} href="${a.value.slice(0, 80)}"`);
      }
    }
    for (const el of document.querySelectorAll('base, object, embed, frame, frameset, svg script, math, meta[http-equiv="refresh"], body link, body meta')) problems.push(`page: ${describe(el)} is in the app's document`);
    for (const s of document.querySelectorAll('script')) {
      if ((s.src && !s.src.startsWith(appOrigin)) || /pwned|alert/.test(s.textContent ?? '')) problems.push(`page: a foreign script ${s.src || (s.textContent ?? '').slice(0, 60)}`);
    }
    // Nothing covers the conversation's header.
    const h1 = document.querySelector('.conversation h1');
    if (h1) {
      h1.scrollIntoView({ block: 'center' }); // a composer that took the focus may have scrolled it away
      const r = h1.getBoundingClientRect();
      const top = document.elementFromPoint(r.left + Math.min(r.width / 2, 20), r.top + r.height / 2);
      if (!top || !h1.contains(top)) problems.push(`page: the conversation header is covered by ${top ? describe(top) : 'nothing'}`);
    } else problems.push('page: no conversation header');
    // Every frame.
    for (const frame of document.querySelectorAll('iframe')) {
      if (!frame.matches('.conversation iframe.mail-frame')) problems.push(`page: a frame that is not a message frame: ${describe(frame)} ${frame.src}`);
      const sandbox = frame.getAttribute('sandbox');
      if (sandbox === null) problems.push('frame: not sandboxed');
      else
        for (const token of ['allow-scripts', 'allow-top-navigation', 'allow-top-navigation-by-user-activation', 'allow-forms', 'allow-modals', 'allow-pointer-lock', 'allow-downloads'])
          if (sandbox.split(/\s+/).includes(token)) problems.push(`frame: sandbox allows ${token}`);
      const doc = frame.contentDocument;
      if (!doc || !doc.body) {
        problems.push('frame: no document');
        continue;
      }
      const csp = doc.querySelector('head meta[http-equiv="Content-Security-Policy"]')?.getAttribute('content') ?? '';
      if (!csp.startsWith("default-src 'none'")) problems.push(`frame: CSP is "${csp}"`);
      for (const el of doc.head.children) {
        if (!el.matches('meta[charset], meta[http-equiv="Content-Security-Policy"], meta[name="referrer"], style')) problems.push(`frame head: ${describe(el)}`);
      }
      if (doc.head.querySelector('meta[name="referrer"]')?.getAttribute('content') !== 'no-referrer') problems.push('frame: referrer policy changed');
      const forbidden =
        'script, iframe, frame, frameset, object, embed, applet, portal, fencedframe, form, input, button, textarea, select, option, isindex, keygen, base, link, meta, svg, math, template, noscript, video, audio, source, track, dialog, bgsound, [popover], [autofocus]';
      for (const el of doc.body.querySelectorAll(forbidden)) problems.push(`frame: ${describe(el)} kept`);
      for (const el of doc.body.querySelectorAll('*')) {
        for (const a of el.attributes) {
          const v = a.value.trim();
          if (/^on/i.test(a.name)) problems.push(`frame: ${describe(el)} has handler ${a.name}`);
          else if (['srcset', 'poster', 'background', 'lowsrc', 'dynsrc', 'action', 'formaction', 'xlink:href', 'ping', 'data', 'codebase', 'srcdoc', 'is'].includes(a.name.toLowerCase()))
            problems.push(`frame: ${describe(el)} kept ${a.name}="${v.slice(0, 60)}"`);
          else if (a.name === 'src' && !/^(data:|blob:|https?:)/i.test(v)) problems.push(`frame: ${describe(el)} src="${v.slice(0, 60)}"`);
          else if (a.name === 'href' && !/^(https?:|mailto:|tel:)/i.test(v)) problems.push(`frame: ${describe(el)} href="${v.slice(0, 60)}"`);
        }
        if (el.matches('a[href], area[href]') && (el.getAttribute('target') !== '_blank' || !/noopener/.test(el.getAttribute('rel') ?? '')))
          problems.push(`frame: link ${el.getAttribute('href')} without target=_blank rel=noopener`);
      }
    }
    return problems;
  }, appOrigin);
}

/** The `pwned` global (what every payload sets) in the page and every frame, and `top.pwned`. */
async function pwned(page: Page): Promise<string[]> {
  const found: string[] = [];
  for (const frame of page.frames()) {
    const value = await frame.evaluate(() => (window as unknown as { pwned?: unknown }).pwned).catch(() => undefined);
    if (value !== undefined) found.push(`${frame === page.mainFrame() ? 'page' : frame.url()}: pwned=${String(value)}`);
  }
  return found;
}

/** Where each thread's row is in the list (`aria-posinset`), as seen while scrolling it. */
const positions = new Map<string, number>();

/**
 * Opens a thread by clicking its row, as an agent would. The list is virtualized (only a screenful
 * of rows exists) and rows delivered in the same second come in any order: the list is scrolled
 * a screen at a time until the row is drawn, noting where every row drawn is, so that the next
 * ones are scrolled to directly; the row is centred before the click.
 */
async function openThread(page: Page, threadId: string) {
  const row = page.locator(`.thread-row[data-thread-id="${threadId}"]`);
  const list = page.locator('.vlist');
  await list.waitFor();
  for (let attempt = 0; ; attempt++) {
    let jumped = false;
    for (let i = 0; i < 300; i++) {
      const drawn = await page.evaluate(() =>
        [...document.querySelectorAll('.vlist-row')].map((r) => [r.querySelector('.thread-row')?.getAttribute('data-thread-id'), Number(r.getAttribute('aria-posinset'))] as const),
      );
      for (const [id, pos] of drawn) if (id) positions.set(id, pos);
      const pos = jumped ? undefined : positions.get(threadId);
      const centred = await list.evaluate(
        (el, { pos, here }) => {
          const rowHeight = parseFloat(getComputedStyle(el).getPropertyValue('--vlist-row-height')) || 76;
          const from = el.scrollTop;
          if (pos) el.scrollTop = Math.max(0, (pos - 0.5) * rowHeight - el.clientHeight / 2);
          else if (!here) el.scrollTop = from + el.clientHeight >= el.scrollHeight - 2 ? 0 : from + el.clientHeight * 0.8;
          el.dispatchEvent(new Event('scroll'));
          return Math.abs(el.scrollTop - from) < 2;
        },
        { pos, here: drawn.some(([id]) => id === threadId) },
      );
      if (pos) jumped = true; // where it was: if it is not there, look again
      if (centred && (await row.count())) break;
      await page.waitForTimeout(50);
    }
    // A row redrawn meanwhile (the list refreshed) is found and clicked again.
    if (await row.locator('a').click({ timeout: 3_000 }).then(() => true, () => attempt >= 3)) break;
    positions.delete(threadId);
  }
  await expect(page).toHaveURL(new RegExp(`/t/${threadId}$`));
  await expect(page.locator('.conversation h1')).toBeVisible();
}

test('every hostile message and hostile team record is shown harmlessly', async ({ page, baseURL }) => {
  test.setTimeout(5 * 60_000); // about 1 minute: 75 conversations and the team data
  const appOrigin = new URL(baseURL!).origin;
  const allowed = new Set([appOrigin, new URL(process.env.TANDEM_TEST_JMAP_URL!).origin]);
  const context = page.context();
  let current = '(sign-in)';

  // Watches: dialogs, popups, page errors, and every request that leaves (refused here, never sent).
  const dialogs: string[] = [];
  const popups: string[] = [];
  const errors: string[] = [];
  // A request counts as gone unless the browser refused it (a frame's CSP): Playwright reports
  // those too, then fails them with `csp`. They are kept apart, as what the sanitizer let through.
  const requests = new Map<Awaited<ReturnType<Page['waitForRequest']>>, string>();
  const blockedByCsp: string[] = [];
  const away = () => [...requests].map(([r, c]) => `${c}: ${r.method()} ${r.url()}`);
  page.on('dialog', async (dialog) => {
    dialogs.push(`${current}: ${dialog.type()} "${dialog.message()}"`);
    await dialog.dismiss().catch(() => {});
  });
  context.on('page', (p) => p !== page && popups.push(`${current}: ${p.url()}`));
  page.on('pageerror', (e) => errors.push(`${current}: ${e.message}`));
  const leaves = (url: string) => {
    if (/^(data|blob|about):/i.test(url)) return false;
    if (/corpus-leak|evil/i.test(url)) return true; // a payload's path, even on the app's origin
    try {
      return !allowed.has(new URL(url).origin);
    } catch {
      return true;
    }
  };
  context.on('request', (r) => leaves(r.url()) && requests.set(r, current));
  context.on('requestfailed', (r) => {
    if (requests.has(r) && /csp/i.test(r.failure()?.errorText ?? '')) {
      blockedByCsp.push(`${requests.get(r)}: ${r.url()}`);
      requests.delete(r);
    }
  });
  await context.route((url) => leaves(url.href), (route) => route.abort('blockedbyclient'));

  // The corpus into the real Cyrus, then the team data written by "another client".
  const cases = loadCorpus();
  expect(cases.length).toBeGreaterThanOrEqual(60);
  const started = Date.now();
  deliverAll(cases);
  const emails = await emailsOf(cases);
  const targetCase = cases.find((c) => c.name === TEAM.target)!;
  const target = { ...emails.get(TEAM.target)!, messageId: targetCase.messageId };
  await writeHostileSettings();
  try {
    await writeHostileRecords(target, false);
    test.info().annotations.push({ type: 'corpus', description: `${cases.length} messages delivered and team data written in ${Date.now() - started} ms` });

    await signIn(page, 'alice', 'tandem');
    await expectTeamInbox(page);
    const failed: string[] = [];
    const opening = Date.now();
    for (const c of cases) {
      current = c.name;
      const { threadId } = emails.get(c.name)!;
      const before = failed.length;
      await test.step(c.name, async () => {
        await openThread(page, threadId);
        if (c.expects.includes('undecodable')) {
          // The server could not split it: the app says so and offers the original.
          const bar = page.locator('.conversation .mail-bar.problem');
          await expect.soft(bar, `${c.name}: says it cannot be decoded`).toBeVisible();
          await expect.soft(bar.getByRole('button', { name: 'Download the original' })).toBeVisible();
        } else {
          let shown = 'absent';
          for (const deadline = Date.now() + 10_000; Date.now() < deadline; await page.waitForTimeout(100)) {
            shown = await markerShown(page, c.marker);
            if (shown === 'visible') break;
          }
          expect.soft(shown, `${c.name}: its text ${c.marker} is shown`).toBe('visible');
          if (shown !== 'visible') failed.push(`${c.name}: ${c.marker} ${shown}`);
        }
        await settled(page);
        const problems = await inspect(page, appOrigin);
        expect.soft(problems, `${c.name}: nothing of it is active`).toEqual([]);
        if (problems.length) failed.push(`${c.name}: ${problems.join('; ')}`);

        const attachments = c.expects.find((e) => e.startsWith('attachments='));
        if (attachments) {
          const names = page.locator('.conversation .attachment-name');
          await expect.soft(names, `${c.name}: its attachments are listed by name`).toHaveCount(Number(attachments.split('=')[1]));
          for (const name of await names.allTextContents()) expect.soft(name.trim(), `${c.name}: an attachment has a name`).not.toBe('');
          // Files a browser would run (SVG, HTML, messages) are saved, never opened.
          const items = page.locator('.conversation .attachment');
          const types = await items.evaluateAll((l) => l.map((e) => e.getAttribute('title') ?? ''));
          for (const [i, type] of types.entries()) {
            if (!/svg|html|rfc822/i.test(type)) continue;
            const download = page.waitForEvent('download', { timeout: 10_000 });
            await items.nth(i).getByRole('button', { name: 'Download' }).click();
            const file = await download.catch(() => null);
            expect.soft(file, `${c.name}: the ${type} attachment is downloaded, not opened`).not.toBeNull();
            await file?.cancel().catch(() => {});
          }
        }
        expect.soft(await pwned(page), `${c.name}: no script ran`).toEqual([]);
        await expect.soft(page.locator('.crash-screen'), `${c.name}: the app is still running`).toHaveCount(0);
        expect.soft(new URL(page.url()).pathname, `${c.name}: nothing navigated`).toMatch(new RegExp(`/t/${threadId}$`));
        const leaked = [...away(), ...dialogs, ...popups, ...errors].filter((e) => e.startsWith(`${c.name}:`));
        if (leaked.length) failed.push(...leaked);
      });
      if (failed.length > before) await page.screenshot({ path: `test-results/hostile-corpus/${c.name}.png` });
      // A crashed app cannot open the rest: start it again.
      if (await page.locator('.crash-screen').count()) {
        await page.goto('/a/support/m/inbox');
        await expectTeamInbox(page);
      }
    }

    test.info().annotations.push({ type: 'corpus', description: `${cases.length} conversations opened and checked in ${Date.now() - opening} ms` });
    // The team data, in the target conversation.
    current = 'team-data';
    await test.step('team data: notes, activity, teammates\' drafts, tags, agent', async () => {
      await openThread(page, target.threadId);
      const conversation = page.locator('.conversation');
      const textOf = (selector: string) => conversation.locator(selector).allTextContents();
      // Notes and the activity record: their text as text, their authors' logins as text.
      await expect(conversation.locator('.note')).toHaveCount(TEAM.notes.length);
      const notes = (await textOf('.note')).join('\n');
      for (const n of TEAM.notes) expect.soft(notes).toContain(n.text ?? 'CORPUS-NOTE-3 an HTML-only note');
      expect.soft(notes).toContain('<img src=x onerror=parent.pwned=1>'); // the login the author id decodes to
      expect.soft(notes).toContain(TEAM.agent.login);
      // The activity record is worded from its header (`X-Tandem-Activity`), not its sentence: the
      // hostile login it names shows as text.
      const assignee = String(TEAM.activity[0].header).replace(/^assign:/, '');
      expect.soft((await textOf('.activity-text')).join('\n')).toContain(`assigned this conversation to ${assignee}`);
      // Teammates' drafts: who (the hostile name) and what, as text.
      const theirs = TEAM.drafts.filter((d: Json) => d.author !== 'alice');
      const teammates = conversation.locator('.teammate-draft');
      await expect.soft(teammates).toHaveCount(theirs.length);
      const drafting = (await teammates.allTextContents()).join('\n');
      expect.soft(drafting).toContain(TEAM.agent.name);
      for (const d of theirs) expect.soft(drafting).toContain(d.text);
      const row = page.locator(`.thread-row[data-thread-id="${target.threadId}"]`);
      await expect.soft(row.locator('.drafting-badge').first()).toContainText(TEAM.agent.name);
      // Tags: names as text, colours only ever #rrggbb, on the conversation, its row and the views.
      const applied = TEAM.tags.filter((t: Json) => t.apply);
      const chips = page.locator('.thread-actions .tag-badge');
      await expect.soft(chips).toHaveCount(applied.length);
      await expect.soft(row.locator('.tag-badge')).toHaveCount(applied.length);
      for (const t of applied) {
        expect.soft((await chips.allTextContents()).some((x) => x.includes(t.name)), `chip ${t.id} shows its name`).toBe(true);
        expect.soft((await row.locator('.tag-badge').allTextContents()).some((x) => x.includes(t.name)), `row chip ${t.id} shows its name`).toBe(true);
      }
      for (const style of await page.locator('.tag-badge').evaluateAll((l) => l.map((e) => e.getAttribute('style'))))
        expect.soft(style, 'a tag colour').toMatch(/^border-color:#[0-9a-f]{6};--tag:#[0-9a-f]{6}$/);
      const views = (await page.locator('.view-nav').allTextContents()).join('\n');
      for (const t of TEAM.tags) expect.soft(views, `tag view ${t.id}`).toContain(t.name);
      expect.soft(views, 'agent view').toContain(TEAM.agent.name);
      for (const style of await page.locator('.view-nav .tag-dot').evaluateAll((l) => l.map((e) => e.getAttribute('style'))))
        expect.soft(style, 'a tag dot colour').toMatch(/^background:#[0-9a-f]{6}$/);
      expect.soft(await page.locator(`.assign-to option[value="${TEAM.agent.login}"]`).textContent()).toBe(TEAM.agent.name);
      // The tag editor shows the names as values and only safe colours.
      await page.getByRole('button', { name: 'Manage tags' }).click();
      for (const t of TEAM.tags) await expect.soft(page.locator(`.tag-edit[data-tag-id="${t.id.replace(/["\\]/g, '\\$&')}"] .tag-name`)).toHaveValue(t.name);
      for (const colour of await page.locator('.tag-edit input[aria-label="Tag colour"]').evaluateAll((l) => l.map((e) => (e as HTMLInputElement).value)))
        expect.soft(colour, 'a colour in the tag editor').toMatch(/^#[0-9a-f]{6}$/);
      await page.getByRole('button', { name: 'Done' }).click();
      const problems = await inspect(page, appOrigin);
      expect.soft(problems, 'team data: nothing of it is active').toEqual([]);
      if (problems.length) failed.push(`team-data: ${problems.join('; ')}`);
      expect.soft(await pwned(page), 'team data: no script ran').toEqual([]);
      await expect.soft(page.locator('.crash-screen'), 'team data: the app is still running').toHaveCount(0);
    });

    // Alice's own draft, saved with hostile fields by "her other device": reopened in her
    // composer on this one, its fields as plain values.
    current = 'own-draft';
    await test.step('team data: own draft reopened', async () => {
      await writeHostileRecords(target, true);
      const row = page.locator(`.thread-row[data-thread-id="${target.threadId}"]`);
      await expect(row.locator('.drafting-badge', { hasText: 'Your draft' })).toBeVisible({ timeout: 15_000 }); // the poll brought it
      await openThread(page, emails.get(cases[0].name)!.threadId);
      await openThread(page, target.threadId);
      const own = TEAM.drafts.find((d: Json) => d.author === 'alice');
      const composer = page.locator('.reply-composer');
      await expect.soft(composer, 'own draft: reopened in the composer').toBeVisible({ timeout: 10_000 });
      await expect.soft(page.locator('.crash-screen'), 'own draft: the app is still running').toHaveCount(0, { timeout: 1_000 });
      if (await composer.isVisible()) {
        await expect.soft(composer.getByRole('textbox', { name: 'Subject', exact: true })).toHaveValue(own.fields.subject);
        await expect.soft(composer.getByRole('textbox', { name: 'To', exact: true })).toHaveValue(own.fields.to);
        await expect.soft(composer.locator('textarea.reply-input')).toHaveValue(own.text);
        const problems = await inspect(page, appOrigin);
        expect.soft(problems, 'own draft: nothing of it is active').toEqual([]);
        if (problems.length) failed.push(`own-draft: ${problems.join('; ')}`);
      } else {
        failed.push(`own-draft: not reopened${(await page.locator('.crash-screen').count()) ? ': Tandem stopped' : ''}`);
        await page.screenshot({ path: 'test-results/hostile-corpus/own-draft.png' });
      }
      expect.soft(await pwned(page), 'own draft: no script ran').toEqual([]);
    });

    // Late loads and timers (a meta refresh, an animation) would show by now.
    await page.waitForTimeout(1_000);
    current = '(end)';
    expect.soft(await pwned(page), 'no script ran').toEqual([]);
    if (blockedByCsp.length) test.info().annotations.push({ type: 'blocked by the frame CSP', description: blockedByCsp.join('\n') });
    for (const a of test.info().annotations) console.log(`${a.type}: ${a.description}`);
    expect.soft(away(), 'no request left for another origin').toEqual([]);
    expect.soft(dialogs, 'no dialog opened').toEqual([]);
    expect.soft(popups, 'no window opened').toEqual([]);
    expect.soft(errors, 'no error in the page').toEqual([]);
    expect.soft(failed, 'every case harmless and shown').toEqual([]);
  } finally {
    await removeHostileSettings();
  }
});
