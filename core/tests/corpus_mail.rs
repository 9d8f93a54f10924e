//! Real-world mail through the HTML/text conversion (`tandem_core::text`): every body in
//! `tests/corpus/` (`NAME.html` is converted with `html_to_text`, `NAME.txt` is taken as is) must
//! read right. Its sidecar `NAME.expect` says what, one entry a line:
//!
//! - `phrase`: a reader must see it in the text (matched exactly, inside one line);
//! - `!phrase`: must not appear (CSS, script, Word markup, raw entities, a tracking URL …);
//! - `?phrase` or `?!phrase`: a known conversion fault, reported but not checked (the test prints
//!   whether it still fails, so the `?` can go once `text.rs` is fixed);
//! - `~phrase`: may appear, not required (text hidden by CSS, which no text conversion sees);
//!   like a `phrase`, it may hold text that looks like a tag, e.g. `<id@example.com>`;
//! - blank lines and lines starting with `#` are ignored.
//!
//! For every file it also checks that no HTML tag survives in the text of an `.html` body (a `<`
//! followed by a letter, or `</` followed by a letter) except inside a phrase or `~` phrase the
//! `.expect` file lists, that `preview(text, 256)` is one line of at most 256 characters that
//! starts the text, and that `base_subject` of the first line is the end of that line. A `.expect`
//! file must list at least 2 phrases a reader must see, every body needs one, and any other file
//! in the folder fails the test rather than go unchecked.
//!
//! The directory is read at run time, so a file added later is covered with no change here.
//! Needs no server: `cargo test -p tandem-core --test corpus_mail`.

use std::fs;
use std::path::{Path, PathBuf};

use tandem_core::text::{base_subject, html_to_text, preview};

const PREVIEW_MAX: usize = 256;

/// What a `.expect` file asks of one body.
#[derive(Default)]
struct Expect {
    present: Vec<String>,
    absent: Vec<String>,
    /// May appear; exempt from the tag check.
    tolerated: Vec<String>,
    /// Known faults, skipped: (whether it is a `!` line, phrase).
    known: Vec<(bool, String)>,
}

fn corpus_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests").join("corpus")
}

fn parse_expect(src: &str) -> Expect {
    let mut e = Expect::default();
    for raw in src.lines() {
        // Leading spaces are part of a phrase (indentation in `<pre>`); trailing ones are not.
        let line = raw.trim_end();
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        if let Some(rest) = line.strip_prefix('?') {
            match rest.strip_prefix('!') {
                Some(p) => e.known.push((true, p.to_string())),
                None => e.known.push((false, rest.to_string())),
            }
        } else if let Some(p) = line.strip_prefix('~') {
            e.tolerated.push(p.to_string());
        } else if let Some(p) = line.strip_prefix('!') {
            e.absent.push(p.to_string());
        } else {
            e.present.push(line.to_string());
        }
    }
    e
}

/// Byte offsets where something that reads as an HTML tag starts: `<` + ASCII letter, `</` + letter.
fn tag_like_positions(text: &str) -> Vec<usize> {
    let b = text.as_bytes();
    (0..b.len())
        .filter(|&i| {
            b[i] == b'<'
                && match b.get(i + 1) {
                    Some(c) if c.is_ascii_alphabetic() => true,
                    Some(b'/') => b.get(i + 2).is_some_and(u8::is_ascii_alphabetic),
                    _ => false,
                }
        })
        .collect()
}

/// Up to `n` characters either side of byte offset `at`, on one line, for a failure message.
fn context(text: &str, at: usize, n: usize) -> String {
    let before: String = text[..at].chars().rev().take(n).collect::<Vec<_>>().into_iter().rev().collect();
    let after: String = text[at..].chars().take(n).collect();
    format!("{before}{after}").replace('\n', "⏎")
}

fn is_line_break(c: char) -> bool {
    matches!(c, '\n' | '\r' | '\u{0b}' | '\u{0c}' | '\u{85}' | '\u{2028}' | '\u{2029}')
}

/// Checks one body; pushes one message per failed property to `failures`.
fn check_file(body_path: &Path, failures: &mut Vec<String>, notes: &mut Vec<String>) {
    let name = body_path.file_name().unwrap().to_string_lossy().into_owned();
    let is_html = body_path.extension().is_some_and(|e| e == "html");
    let mut fail = |msg: String| failures.push(format!("{name}: {msg}"));

    let raw = match fs::read_to_string(body_path) {
        Ok(s) => s,
        Err(e) => return fail(format!("cannot read the body as UTF-8: {e}")),
    };
    let expect_path = body_path.with_extension("expect");
    let expect = match fs::read_to_string(&expect_path) {
        Ok(s) => parse_expect(&s),
        Err(e) => return fail(format!("needs a sidecar {} ({e})", expect_path.display())),
    };
    if expect.present.len() < 2 {
        fail("the .expect file must list at least 2 phrases a reader must see (not counting `?` ones)".into());
    }

    let text = if is_html { html_to_text(&raw) } else { raw.clone() };
    if text.trim().is_empty() {
        fail("the text is empty".into());
    }

    // (a) What a reader must see.
    for phrase in &expect.present {
        if !text.contains(phrase.as_str()) {
            fail(format!("a reader must see {phrase:?}, but it is not in the text"));
        }
    }
    // (b) What must not leak into the text.
    for phrase in &expect.absent {
        if let Some(at) = text.find(phrase.as_str()) {
            fail(format!("{phrase:?} must not appear, but it does: …{}…", context(&text, at, 40)));
        }
    }
    // Known faults: not checked, but say whether they still fail.
    for (negative, phrase) in &expect.known {
        let still_wrong = text.contains(phrase.as_str()) == *negative;
        let kind = if *negative { "must not appear" } else { "must be seen" };
        let state = if still_wrong { "still wrong" } else { "NOW PASSES: remove the `?`" };
        notes.push(format!("{name}: known fault, {phrase:?} {kind}: {state}"));
    }

    // (c) No tag survives in the text of an HTML body, except inside an expected phrase.
    if is_html {
        let mut allowed = vec![false; text.len()];
        for phrase in expect.present.iter().chain(&expect.tolerated).filter(|p| !p.is_empty()) {
            for (at, _) in text.match_indices(phrase.as_str()) {
                allowed[at..at + phrase.len()].iter_mut().for_each(|a| *a = true);
            }
        }
        for at in tag_like_positions(&text).into_iter().filter(|&at| !allowed[at]) {
            fail(format!("an HTML tag survives in the text: …{}…", context(&text, at, 30)));
        }
    }

    // (d) The preview: one line, bounded, and the start of the text.
    let pv = preview(&text, PREVIEW_MAX);
    let count = pv.chars().count();
    if count > PREVIEW_MAX {
        fail(format!("the preview has {count} characters (at most {PREVIEW_MAX})"));
    }
    if let Some(c) = pv.chars().find(|&c| is_line_break(c)) {
        fail(format!("the preview holds a line break {c:?}: {pv:?}"));
    }
    // Invisible padding (`&#847;&zwnj;` runs of newsletter preheaders) is left out of previews.
    let visible: String =
        text.chars().filter(|c| !matches!(c, '\u{34f}' | '\u{200b}' | '\u{200c}' | '\u{2060}' | '\u{feff}' | '\u{ad}')).collect();
    let flat = visible.split_whitespace().collect::<Vec<_>>().join(" ");
    let shown = pv.strip_suffix('…').filter(|_| flat.chars().count() > PREVIEW_MAX).unwrap_or(&pv);
    if !flat.starts_with(shown) {
        fail(format!("the preview does not start the text: {pv:?}"));
    }
    if !text.trim().is_empty() && pv.is_empty() {
        fail("the preview is empty while the text is not".into());
    }

    // The first line as a subject: what base_subject keeps is the end of that line.
    let first = text.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
    let base = base_subject(first);
    if !first.trim().ends_with(base) {
        fail(format!("base_subject({first:?}) = {base:?} is not the end of that line"));
    }
}

#[test]
fn every_mail_in_the_corpus_reads_right() {
    let dir = corpus_dir();
    let mut bodies = Vec::new();
    let mut failures = Vec::new();
    for entry in fs::read_dir(&dir).unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display())) {
        let path = entry.expect("a directory entry").path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        match path.extension().and_then(|e| e.to_str()) {
            Some("html" | "txt") => bodies.push(path),
            Some("expect") => {
                if !["html", "txt"].iter().any(|ext| path.with_extension(ext).is_file()) {
                    failures.push(format!("{name}: no NAME.html or NAME.txt body goes with it"));
                }
            }
            // Anything else would be silently left out of the test.
            _ => failures.push(format!("{name}: not a .html or .txt body nor an .expect file")),
        }
    }
    bodies.sort();
    assert!(!bodies.is_empty(), "no mail bodies in {}", dir.display());

    let mut notes = Vec::new();
    for body in &bodies {
        check_file(body, &mut failures, &mut notes);
    }
    for note in &notes {
        eprintln!("{note}");
    }
    assert!(failures.is_empty(), "{} corpus failure(s) in {} file(s):\n{}", failures.len(), bodies.len(), failures.join("\n"));
}
