// Replying (issue 9), for tests/bench/measure.mjs: opening the composer, and a reply sent from it
// until the server accepted its submission and until the conversation shows it. All times are
// taken inside the page (performance.now()): the click from the capture listener of measure.mjs's
// benchInit (window.__bench.clickAt), what follows from a MutationObserver plus a
// requestAnimationFrame watch, and the submission's response from `replyInit`'s fetch wrapper.
//
// Reads from the app: the button "Reply" at the foot of a conversation; `.reply-composer` with the
// textarea labelled "Your reply", the buttons "Send" and "Discard", and (while the team has no
// From) the inputs "Team name", "Team address" and the button "Save"; `.message` sections of the
// conversation; `.stale-reply` and `.reply-error` when a send is stopped.
//
// Replies really go out: the server holds each for the team's undo window, then hands it to the
// bench Cyrus's SMTP sink.

const TEAM_NAME = 'Tandem Support';
const TEAM_ADDRESS = 'support@tandem.test';
const OPEN_RUNS = 5;
const SEND_RUNS = 5;

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * Runs in every document before the app (added next to benchInit): wraps window.fetch — the app's
 * JMAP requests go through it (gloo-net calls the global `fetch`) — and, while
 * `window.__benchFetch.on`, records for each request whose body has "EmailSubmission/set" when it
 * was started, when its response headers and its whole body had arrived, and whether the server
 * created the submission. Switched off (the default) it only passes the call on.
 */
export function replyInit() {
  const state = { on: false, calls: 0, submissions: [] };
  window.__benchFetch = state;
  const original = window.fetch;
  window.fetch = function (input, init) {
    if (!state.on) return original.call(this, input, init);
    state.calls++;
    const sentAt = performance.now();
    // The body is read from a copy made before the request leaves (fetch takes the original's).
    let body;
    try {
      body = input instanceof Request ? input.clone().text() : Promise.resolve(typeof init?.body === 'string' ? init.body : '');
    } catch {
      body = Promise.resolve('');
    }
    const response = original.call(this, input, init);
    // Registered before the caller's own `then`, so the copy is made before the app reads it.
    const arrived = response.then((r) => ({ headersAt: performance.now(), copy: r.clone() }));
    arrived.catch(() => {});
    body.then(async (text) => {
      if (!text.includes('EmailSubmission/set')) return;
      const entry = { sentAt, headersAt: null, bodyAt: null, accepted: null };
      state.submissions.push(entry);
      try {
        const { headersAt, copy } = await arrived;
        entry.headersAt = headersAt;
        const answer = await copy.text();
        entry.bodyAt = performance.now();
        const set = JSON.parse(answer).methodResponses?.find((r) => r[0] === 'EmailSubmission/set')?.[1];
        entry.accepted = Object.keys(set?.created ?? {}).length > 0;
        if (!entry.accepted) entry.why = JSON.stringify(set?.notCreated ?? answer).slice(0, 200);
      } catch (e) {
        entry.accepted = false;
        entry.why = String(e);
      }
    });
    return response;
  };
}

/**
 * In the page: watches (on each DOM change and each frame) for the first element matching
 * `selector` whose text includes `text` (if given) and that has a layout box. Stores in
 * `window.__benchWatch` when it appeared (`at`), the start of the next frame (`frameAt`) and, for
 * an element that can take the focus, when it had it (`focusedAt`, watched for 1 s).
 */
function watchInPage({ selector, text }) {
  const w = { at: null, frameAt: null, focusedAt: null, gaveUp: false };
  window.__benchWatch = w;
  let element = null;
  const find = () => {
    for (const el of document.querySelectorAll(selector)) {
      if ((text == null || (el.textContent ?? '').includes(text)) && el.getClientRects().length) return el;
    }
    return null;
  };
  const check = () => {
    if (element == null) {
      element = find();
      if (element != null) {
        w.at = performance.now();
        requestAnimationFrame(() => (w.frameAt = performance.now()));
      }
    }
    if (element != null && w.focusedAt == null && document.activeElement === element) w.focusedAt = performance.now();
  };
  const observer = new MutationObserver(check);
  observer.observe(document, { childList: true, subtree: true, characterData: true });
  const started = performance.now();
  const frame = () => {
    check();
    const done = element != null && (w.focusedAt != null || performance.now() - (w.at ?? 0) > 1000);
    if (done || performance.now() - started > 20_000) {
      observer.disconnect();
      w.gaveUp = element == null;
      return;
    }
    requestAnimationFrame(frame);
  };
  requestAnimationFrame(frame);
}

/** Opens a conversation of the inbox that `used` does not hold yet (not the top row, which the teammate figure flags). */
async function openAnother(page, used) {
  const rows = page.locator('.thread-row');
  const count = await rows.count();
  for (let i = 1; i < count; i++) {
    const row = rows.nth(i);
    const threadId = await row.getAttribute('data-thread-id');
    if (!threadId || used.has(threadId)) continue;
    used.add(threadId);
    const subject = ((await row.locator('.subject').textContent()) ?? '').trim();
    await row.locator('a').click();
    await page.waitForFunction(
      ({ threadId, subject }) => {
        const bare = (s) => s.trim().replace(/^((re|fwd?|aw|sv|wg)\s*:\s*)+/i, '');
        const h1 = document.querySelector('.conversation h1');
        return location.pathname.endsWith(`/t/${encodeURIComponent(threadId)}`) && h1 && bare(h1.textContent) === bare(subject) && document.querySelector('.conversation .message');
      },
      { threadId, subject },
      { timeout: 15_000 },
    );
    return threadId;
  }
  throw new Error(`no conversation left to reply to among ${count} rows`);
}

const replyButton = (page) => page.getByRole('button', { name: 'Reply', exact: true });
const composer = (page) => page.locator('.reply-composer');

/** Clicks Reply and waits for the composer's textarea; `watch` times it from the click. */
async function clickReply(page, { watch = false } = {}) {
  await replyButton(page).waitFor({ state: 'visible', timeout: 10_000 });
  if (watch) await page.evaluate(watchInPage, { selector: '.reply-composer textarea[aria-label="Your reply"]' });
  await replyButton(page).click();
  await composer(page).getByLabel('Your reply').waitFor({ state: 'visible', timeout: 10_000 });
}

/** Sets the team's From if the composer asks for it (once per run), as tests/e2e/replying.ts's startReply does. */
async function setTeamFrom(page, log) {
  const form = composer(page);
  if (await form.getByLabel('Team address').isVisible()) {
    await form.getByLabel('Team name').fill(TEAM_NAME);
    await form.getByLabel('Team address').fill(TEAM_ADDRESS);
    await form.getByRole('button', { name: 'Save', exact: true }).click();
    log(`replying: set the team's From to ${TEAM_NAME} <${TEAM_ADDRESS}>`);
  }
  await page.waitForFunction((address) => (document.querySelector('.reply-composer .reply-from')?.textContent ?? '').includes(address), TEAM_ADDRESS, { timeout: 15_000 });
}

async function discard(page) {
  await composer(page).getByRole('button', { name: 'Discard', exact: true }).click();
  await composer(page).waitFor({ state: 'detached', timeout: 10_000 });
}

/** What the watch saw, relative to the last click (ms); waits up to `timeoutMs` for it. */
async function watched(page, timeoutMs = 15_000) {
  await page.waitForFunction(() => window.__benchWatch.at != null || window.__benchWatch.gaveUp, null, { timeout: timeoutMs });
  await page.waitForFunction(() => window.__benchWatch.frameAt != null || window.__benchWatch.gaveUp, null, { timeout: 2_000 }).catch(() => {});
  // The focus may follow the element by a frame: read it once it came (or the watch's 1 s passed).
  await page.waitForFunction(() => window.__benchWatch.focusedAt != null || window.__benchWatch.gaveUp, null, { timeout: 1_000 }).catch(() => {});
  const { w, clickAt } = await page.evaluate(() => ({ w: window.__benchWatch, clickAt: window.__bench.clickAt }));
  const from = (t) => (t == null ? null : t - clickAt);
  return { at: from(w.at), frameAt: from(w.frameAt), focusedAt: from(w.focusedAt) };
}

const ms = (xs) => xs.map((x) => (x == null ? '–' : Math.round(x))).join(',');

/**
 * composer_open_ms: "Reply" clicked → the textarea "Your reply" in the DOM with a layout box,
 * median of OPEN_RUNS conversations (Discard in between). One opening before them sets the team's
 * From if needed and is not counted.
 */
export async function composerOpen(page, { metric, comment, log, median, used }) {
  await openAnother(page, used);
  await clickReply(page);
  await setTeamFrom(page, log);
  await discard(page);
  const runs = [];
  for (let i = 0; i < OPEN_RUNS; i++) {
    await openAnother(page, used);
    await sleep(300); // let the conversation settle (its read-ahead, marking it read)
    await clickReply(page, { watch: true });
    const seen = await watched(page);
    if (seen.at == null) throw new Error('the textarea "Your reply" never showed with a layout box');
    runs.push(seen);
    await sleep(200); // the focus watch
    await discard(page);
  }
  metric('composer_open_ms', Math.round(median(runs.map((r) => r.at))), 'ms');
  const focused = runs.filter((r) => r.focusedAt != null).length;
  comment(`composer_open_ms: click on Reply → textarea "Your reply" in the DOM, ${runs.length} conversations: ${ms(runs.map((r) => r.at))} ms; the frame after it starts at ${ms(runs.map((r) => r.frameAt))} ms; focused in ${focused} of ${runs.length}${focused ? ` (at ${ms(runs.map((r) => r.focusedAt))} ms)` : ' (the composer does not take the focus)'}`);
}

/**
 * send_accepted_ms: "Send" clicked → the response carrying EmailSubmission/set for the reply read
 * whole by the page; reply_shown_ms: the same click → the reply's text in a `.message` of the
 * conversation. Medians of SEND_RUNS replies, one per conversation.
 */
export async function sendReply(page, { metric, comment, log, median, used }) {
  const runs = [];
  // Cross-check from outside the page: the JMAP POSTs the browser sent while the wrapper recorded
  // (their bodies are not readable here: the service worker sees them first).
  let counting = false;
  let seenByBrowser = 0;
  let seenByWrapper = 0;
  const onRequest = (r) => {
    if (counting && r.method() === 'POST' && new URL(r.url()).pathname.startsWith('/jmap')) seenByBrowser++;
  };
  page.on('request', onRequest);
  try {
    for (let i = 0; i < SEND_RUNS; i++) {
      await openAnother(page, used);
      await clickReply(page);
      await setTeamFrom(page, log);
      const text = `Bench reply ${i + 1}, ${Date.now().toString(36)}: your refund left today.`;
      await composer(page).getByLabel('Your reply').fill(text);
      const send = composer(page).getByRole('button', { name: 'Send', exact: true });
      await page.waitForFunction(() => {
        const b = [...document.querySelectorAll('.reply-composer button[type="submit"]')].find((x) => x.textContent.trim() === 'Send');
        return b && !b.disabled;
      }, null, { timeout: 10_000 });
      await page.evaluate(watchInPage, { selector: '.message', text });
      await page.evaluate(() => {
        window.__benchFetch.submissions = [];
        window.__benchFetch.calls = 0;
        window.__benchFetch.on = true;
      });
      counting = true;
      await send.click();
      const shown = await watched(page).catch(() => ({ at: null }));
      const done = await page
        .waitForFunction(() => window.__benchFetch.submissions.find((s) => s.accepted != null) ?? null, null, { timeout: 15_000 })
        .then((h) => h.jsonValue())
        .catch(() => null);
      const clickAt = await page.evaluate(() => window.__bench.clickAt);
      if (done != null) await sleep(1500); // the team's copy and $answered follow the submission
      const calls = await page.evaluate(() => {
        window.__benchFetch.on = false;
        return window.__benchFetch.calls;
      });
      counting = false;
      seenByWrapper += calls;
      if (done == null) {
        const stopped = await page.locator('.stale-reply, .reply-error').first().textContent({ timeout: 100 }).catch(() => null);
        if (stopped) throw new Error(`send ${i + 1} was stopped: ${stopped.trim().slice(0, 160)}`);
        throw new Error(`no response to an EmailSubmission/set request in the page within 15 s of Send (${calls} fetch calls through the wrapper, ${seenByBrowser} JMAP POSTs seen by the browser)`);
      }
      if (!done.accepted) throw new Error(`the server did not accept submission ${i + 1}: ${done.why}`);
      if (shown.at == null) throw new Error(`reply ${i + 1} never showed as a .message in the conversation`);
      runs.push({ shown: shown.at, shownFrame: shown.frameAt, started: done.sentAt - clickAt, headers: done.headersAt - clickAt, accepted: done.bodyAt - clickAt });
      log(`replying: send ${i + 1}: accepted ${Math.round(done.bodyAt - clickAt)} ms, shown ${Math.round(shown.at)} ms after the click`);
    }
  } finally {
    page.off('request', onRequest);
  }
  const accepted = runs.map((r) => r.accepted);
  const shown = runs.map((r) => r.shown);
  metric('send_accepted_ms', Math.round(median(accepted)), 'ms');
  comment(`send_accepted_ms: click on Send → the EmailSubmission/set response read whole in the page, ${runs.length} replies: ${ms(accepted)} ms; the request left at ${ms(runs.map((r) => r.started))} ms (before it: the check for news in the conversation, queueing in the local copy and the send's read of what the server has), its headers arrived at ${ms(runs.map((r) => r.headers))} ms; the fetch wrapper saw ${seenByWrapper} of the ${seenByBrowser} JMAP POSTs the browser sent meanwhile`);
  metric('reply_shown_ms', Math.round(median(shown)), 'ms');
  comment(`reply_shown_ms: click on Send → the reply's text in a .message of the conversation: ${ms(shown)} ms (next frame at ${ms(runs.map((r) => r.shownFrame))} ms); shown − accepted: ${ms(runs.map((r) => r.shown - r.accepted))} ms (negative: shown before the server accepted; the app shows it once queued locally)`);
}
