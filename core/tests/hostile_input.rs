//! No input may panic (the wasm build aborts on a panic, taking the app down for every agent who
//! signs in). Property tests feed arbitrary strings and bytes to every parser of untrusted input,
//! and a hostile JMAP server — one that answers every call in the right shape but with arbitrary
//! strings, numbers, dates, ids and keywords, or with arbitrary JSON — to the protocol, sync and
//! team code that reads what a server says. Each property asserts only that the code returns.
//!
//! Needs no server: runs with `cargo test -p tandem-core --test hostile_input`.

mod hostile;

use hostile::{block_on, hostile_text, HostileServer, Pool};
use proptest::prelude::*;
use tandem_core::conversation::load_conversation;
use tandem_core::date::{nearness, parse_utc};
use tandem_core::json::{parse, MAX_DEPTH};
use tandem_core::mailboxes::load_mailboxes;
use tandem_core::push::EventStream;
use tandem_core::session::parse_session;
use tandem_core::sync::{sync_mailbox, ListedMemoryStore, MemoryStore, SyncOptions};
use tandem_core::team::settings::load_settings;
use tandem_core::team::thread_state::read_thread_states;
use tandem_core::team::views::{load_view_page, view_counts, View};
use tandem_core::text::{base_subject, decode_entities, html_to_text, preview};
use tandem_core::thread_list::load_thread_page;
use tandem_core::{team, url};

fn config() -> ProptestConfig {
    ProptestConfig { cases: 256, failure_persistence: None, ..ProptestConfig::default() }
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn text_conversion_returns_on_any_string(s in any::<String>(), t in hostile_text(), n in 0usize..300) {
        for input in [&s, &t] {
            html_to_text(input);
            decode_entities(input);
            preview(input, n);
            base_subject(input);
            team::notes::mentioned(input, &["alice".into(), input.clone()]);
            team::agent_id::to_login(input);
            team::agent_id::from_login(input);
            team::settings::safe_color(input);
            team::views::View::parse(input);
            tandem_core::reply::parse_addresses(input).ok();
            tandem_core::reply::variables::fill(input, &tandem_core::reply::variables::Values::new().set("team.name", input));
        }
    }

    /// What an agent or a teammate's saved reply writes becomes HTML made of a fixed set of tags
    /// only, whatever marks it holds.
    #[test]
    fn reply_formatting_returns_and_makes_only_its_own_tags(s in any::<String>(), t in "[-*_\\[\\]()> a-z1.:/\n]{0,80}", u in hostile_text()) {
        for input in [&s, &t, &u] {
            tandem_core::reply::formatting::to_plain(input);
            tandem_core::reply::formatting::marks_from_plain(input);
            let html = tandem_core::reply::formatting::to_html(input);
            for (at, _) in html.match_indices('<') {
                let tag = &html[at..at + html[at..].find('>').expect("every tag is closed") + 1];
                let known = ["<p dir=\"auto\">", "</p>", "<br>", "<strong>", "</strong>", "<em>", "</em>", "<ul dir=\"auto\">", "</ul>", "<ol dir=\"auto\">", "</ol>", "<li>", "</li>", "</a>", "</blockquote>"];
                let link = tag.strip_prefix("<a href=\"").and_then(|t| t.strip_suffix("\">")).is_some_and(|h| !h.contains(['"', '<', '>', ' ']) && ["http://", "https://", "mailto:"].iter().any(|p| h.to_ascii_lowercase().starts_with(p)));
                prop_assert!(known.contains(&tag) || link || tag.starts_with("<blockquote dir=\"auto\" style="), "unexpected {} in {}", tag, html);
            }
        }
    }

    #[test]
    fn dates_return_on_any_string(s in any::<String>(), t in hostile::date(), now in any::<i64>(), offset in any::<i64>()) {
        for input in [&s, &t] {
            if let Some(secs) = parse_utc(input) {
                nearness(secs, now, offset);
            }
        }
    }

    /// An activity record's sentence is read back from a body anyone with access to the team's
    /// mailboxes can write; and a sentence Tandem writes reads back to what was written.
    #[test]
    fn activity_sentences_read_back_on_any_string(s in any::<String>(), login in "[a-z][a-z0-9._-]{0,15}", name in hostile_text()) {
        use tandem_core::team::activity::Activity;
        Activity::read(&s);
        let tag = Activity::Tagged { id: String::new(), name: name.replace('”', ""), on: true };
        for activity in [tag, Activity::Assigned(None), Activity::Assigned(Some("bob".into()))] {
            let read = Activity::read(&activity.describe(&login));
            prop_assert_eq!(read, Some((login.clone(), activity)));
        }
    }

    #[test]
    fn the_event_stream_returns_on_any_bytes(chunks in proptest::collection::vec(proptest::collection::vec(any::<u8>(), 0..64), 0..8), text in hostile_text()) {
        let mut stream = EventStream::new();
        for chunk in chunks.iter().map(Vec::as_slice).chain([text.as_bytes(), b"\n\n".as_slice()]) {
            let events = stream.feed(chunk);
            EventStream::state_changes(&events).iter().for_each(|c| { c.touches("T"); });
        }
    }

    #[test]
    fn urls_and_sessions_return_on_any_string(a in any::<String>(), b in hostile_text(), json in hostile::json()) {
        url::normalize_server(&a, &b);
        url::origin(&a);
        url::resolve(&a, &b);
        url::resolve(&b, &a);
        parse_session(&a, &b).ok();
        if let Ok(session) = parse_session(&json.to_string(), "http://127.0.0.1/jmap/") {
            session.limits();
            session.mail_accounts();
        }
    }

    #[test]
    fn upload_answers_return_on_any_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..256), json in hostile::json(), status in any::<u16>(), name in hostile_text(), size in any::<u64>(), attached in any::<u64>()) {
        use tandem_core::reply::upload::{answer, human_size, UploadLimits};
        for body in [String::from_utf8_lossy(&bytes).into_owned(), json.to_string()] {
            for status in [status, 200, 201] {
                if let Ok(a) = answer(status, &body, &name, &name, size) {
                    prop_assert!(!a.blob_id.is_empty() && !a.name.is_empty() && !a.mime_type.is_empty());
                }
                answer(status, &body, &name, &name, size).err().map(|e| e.to_string());
            }
        }
        for limits in [UploadLimits { max_size_upload: size, max_attachments_per_email: Some(attached) }, UploadLimits { max_size_upload: attached, max_attachments_per_email: None }] {
            limits.check(&name, size, attached).err().map(|e| e.to_string());
            limits.check(&name, attached, size).err().map(|e| e.to_string());
        }
        human_size(size);
    }

    #[test]
    fn stored_records_read_back_return(json in hostile::json(), text in any::<String>()) {
        use tandem_core::sync::records::{EmailRecord, ThreadRecord};
        use tandem_core::sync::Outbox;
        use tandem_core::team::settings::TeamSettings;
        use tandem_core::thread_list::ThreadSummary;
        for raw in [json.to_string(), text] {
            if let Ok(r) = parse::<EmailRecord>(&raw) { r.to_email(); }
            parse::<ThreadRecord>(&raw).ok();
            parse::<ThreadSummary>(&raw).ok();
            if let Ok(o) = parse::<Outbox>(&raw) { o.entries().for_each(|q| { q.entry.describe(); q.entry.patch(); q.entry.optimistic_batch(); }); }
            if let Ok(s) = parse::<TeamSettings>(&raw) { team::settings::merge(vec![s.clone(), s]); }
        }
    }

    #[test]
    fn json_text_returns_and_deep_nesting_is_refused(text in any::<String>(), json in hostile::json(), depth in 0usize..400, open in "[\\[{\"a:,\\\\]{1,3}") {
        for raw in [text.clone(), json.to_string(), format!("{}{text}", open.repeat(depth))] {
            tandem_core::json::nested_within(&raw, MAX_DEPTH);
            parse::<serde_json::Value>(&raw).ok();
            parse::<tandem_core::jmap::Response>(&raw).ok();
        }
        // An empty text is no JSON at all: from one pair of brackets up.
        let depth = depth.max(1);
        let nested = format!("{}{}", "[".repeat(depth), "]".repeat(depth));
        prop_assert_eq!(parse::<serde_json::Value>(&nested).is_ok(), depth <= MAX_DEPTH);
    }

    #[test]
    fn reading_a_hostile_server_returns(pool in hostile::pool()) {
        let client = HostileServer::client(pool);
        let account = "T";
        block_on(load_conversation(&client, account, "t1")).ok();
        block_on(load_thread_page(&client, account, "inbox", 0, 20)).ok();
        block_on(load_mailboxes(&client, account)).ok();
        block_on(load_settings(&client, account)).ok();
        block_on(read_thread_states(&client, account, &["t1".into(), "t2".into()])).ok();
        block_on(view_counts(&client, account, "inbox", "alice", &[View::Mine, View::Unassigned])).ok();
        block_on(load_view_page(&client, account, "inbox", "alice", &View::Mine, 0, 20)).ok();
        block_on(team::directory::load_directory(&client)).ok();
    }

    /// A search query is typed, read from the address or from a recent search: whatever it holds,
    /// reading it, binding it to a team (whose tag and agent names are as hostile), matching rows
    /// as hostile and making the server's filter return.
    #[test]
    fn search_queries_return_on_any_string(s in any::<String>(), t in hostile_text(), q in search_query(), row in hostile_text()) {
        for input in [&s, &t, &q] {
            search_returns(input, &row);
            search_returns(input, input);
        }
    }

    #[test]
    fn syncing_from_a_hostile_server_returns(pool in hostile::pool()) {
        let client = HostileServer::client(pool);
        let options = SyncOptions { first_page: 5, page_size: 5, pages_per_request: 2, max_changes: 10, requests_in_flight: 2 };
        let store = MemoryStore::new();
        // Twice: a cold start, then (where the first got far enough) a delta sync over the copy.
        for _ in 0..2 {
            block_on(sync_mailbox(&client, &store, "T", "inbox", &options, &mut |_| {})).ok();
        }
        let listed = ListedMemoryStore::new();
        block_on(sync_mailbox(&client, &listed, "T", "inbox", &options, &mut |_| {})).ok();
        listed.page("T", "inbox", 0, 20);
    }
}

/// The reported crash, end to end: an Arabic HTML mail whose `&nbsp;` is followed by a
/// multi-byte character at byte 12, read through the same sync path the app runs.
#[test]
fn the_reported_arabic_mail_syncs() {
    let html = "<p>&nbsp; مرحبا، أرسلوا لي قائمة الأسعار من فضلكم</p>";
    let client = HostileServer::client(Pool::one_html_mail(html));
    let store = MemoryStore::new();
    let options = SyncOptions { first_page: 5, page_size: 5, pages_per_request: 2, max_changes: 10, requests_in_flight: 2 };
    block_on(sync_mailbox(&client, &store, "T", "inbox", &options, &mut |_| {})).expect("the copy is made");
    let rows = store.account("T").thread_list("inbox");
    assert!(rows.iter().any(|r| r.preview.starts_with("مرحبا")), "{rows:?}");
}

/// Strings made of the search language's pieces (operators, quotes, dashes, colons, dates valid
/// and not, CJK, RTL marks, every kind of whitespace), with arbitrary text between them.
fn search_query() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("tag:".to_string()),
        Just("TAG:".to_string()),
        Just("\"".to_string()),
        Just("-".to_string()),
        Just("--".to_string()),
        Just(":".to_string()),
        Just(" ".to_string()),
        Just("\u{3000}".to_string()),
        Just("\t\n".to_string()),
        Just("before:".to_string()),
        Just("after:".to_string()),
        Just("2026-02-30".to_string()),
        Just("2026/12/01".to_string()),
        Just("9999-12-31".to_string()),
        Just("0000-00-00".to_string()),
        Just("from:".to_string()),
        Just("to:".to_string()),
        Just("subject:".to_string()),
        Just("assignee:".to_string()),
        Just("is:".to_string()),
        Just("has:".to_string()),
        Just("me".to_string()),
        Just("none".to_string()),
        Just("open".to_string()),
        Just("notes".to_string()),
        Just("退款".to_string()),
        Just("عاجل".to_string()),
        Just("\u{200f}".to_string()),
        Just("\u{202e}".to_string()),
        Just("İΣ".to_string()),
        Just("http://x".to_string()),
        any::<String>(),
    ];
    proptest::collection::vec(piece, 0..20).prop_map(|pieces| pieces.concat())
}

/// Every step of a search over `query`, with a team and a row made of `text`.
fn search_returns(query: &str, text: &str) {
    use tandem_core::model::status::Status;
    use tandem_core::search::{parse, resolve, Scope, SearchIndex, SearchText};
    use tandem_core::team::settings::{Agent, Tag, TeamSettings};
    use tandem_core::thread_list::ThreadSummary;
    let team = TeamSettings {
        tags: vec![
            Tag { id: text.into(), name: text.into(), color: text.into() },
            Tag { id: "b1".into(), name: "退款".into(), color: "#000000".into() },
            Tag { id: "b2".into(), name: String::new(), color: String::new() },
        ],
        agents: vec![Agent { login: text.into(), name: text.into(), signature: String::new() }],
        ..TeamSettings::default()
    };
    let row = ThreadSummary {
        thread_id: text.into(),
        email_id: text.into(),
        subject: text.into(),
        from: text.into(),
        from_email: text.into(),
        preview: text.into(),
        received_at: text.into(),
        unread: true,
        flagged: false,
        has_attachment: false,
        message_count: 0,
        status: Status::Snoozed,
        assignee: Some(text.into()),
        tags: vec![text.into(), "b1".into()],
        drafting: vec![],
        has_note: true,
    };
    let parsed = match parse(query) {
        Ok(parsed) => parsed,
        Err(hint) => {
            hint.sentence();
            return;
        }
    };
    for me in [text, "", query] {
        match resolve(&parsed, &team, me) {
            Ok(resolved) => {
                let search_text = SearchText::of(&row);
                resolved.matches(&row, &search_text, Scope::Copy);
                resolved.matches(&row, &search_text, Scope::ServerHit);
                resolved.matches(&row, &SearchText::default(), Scope::Copy);
                resolved.server_filter(text).to_string();
                SearchIndex::new(vec![row.clone(), row.clone()]).search(&resolved, 1);
                resolved.copy_can_answer();
            }
            Err(hint) => {
                hint.to_string();
            }
        }
    }
}
