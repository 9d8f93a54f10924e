//! Team settings kept on the server: the roster and the tags, as one JSON email in
//! `Tandem/Settings` (docs/scheme.md, "Team settings"). Changes are read-modify-write with
//! `ifInState`, retried on `stateMismatch`. Cyrus does not make `ifInState` atomic with a
//! creation, so two agents saving at the same instant can both land: readers then merge every
//! settings email they find (agents by login, tags by id), and the next write replaces them all.
//! Tag ids are made unique without coordination, so a merge never confuses two tags.

use serde::{Deserialize, Serialize};
use serde_json::json;

use super::tandem_mailboxes::{self, SETTINGS};
use crate::error::{ErrorKind, JmapError};
use crate::jmap::methods::{EmailGet, EmailQuery, EmailSet};
use crate::jmap::{JmapClient, Request};
use crate::model::agent_id;
use crate::model::keywords::{MAX_AGENTS, MAX_TAGS, SEEN};
use crate::refusal::Refusal;
use crate::text::clean_line;
use crate::transport::Transport;

pub const KIND_SETTINGS: &str = "settings";
const MAX_ATTEMPTS: usize = 8;
/// Settings emails read and merged at most (more only after many simultaneous saves).
const MAX_VERSIONS: u64 = 20;

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct TeamSettings {
    pub version: u32,
    /// Counts the saves: of two versions saved at once, the one made from the newer read wins
    /// entries both have (receivedAt has whole seconds, so it cannot order them).
    pub revision: u64,
    pub agents: Vec<Agent>,
    pub tags: Vec<Tag>,
    /// How the team replies (absent in settings saved before replies existed: the defaults).
    pub replies: ReplySettings,
}

/// How the team replies (docs/scheme.md, "Team settings").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct ReplySettings {
    /// The team's address: From of every reply (where the server offers no team identity).
    pub address: String,
    /// The name shown with it, e.g. "Acme Support".
    pub name: String,
    /// Seconds a sent reply is held by the server and can be taken back (5 to 30).
    pub undo_seconds: u32,
    /// A reply to an unassigned conversation assigns it to the agent who replied.
    pub assign_on_reply: bool,
    /// The team's signature (variables allowed), under replies of agents without their own.
    pub signature: String,
}

impl Default for ReplySettings {
    fn default() -> Self {
        ReplySettings { address: String::new(), name: String::new(), undo_seconds: 10, assign_on_reply: true, signature: String::new() }
    }
}

impl ReplySettings {
    /// The team's From, once an address is set.
    pub fn from(&self) -> Option<crate::reply::Address> {
        crate::reply::message::is_address(&self.address).then(|| crate::reply::Address::new(&self.name, &self.address))
    }

    /// The undo window, within what the scheme allows whatever another client saved.
    pub fn undo_window(&self) -> u32 {
        self.undo_seconds.clamp(5, 30)
    }

    /// Sets the team's From; refuses what is not an address, with a sentence.
    pub fn set_from(&mut self, name: &str, address: &str) -> Result<(), JmapError> {
        let address = address.trim();
        if !crate::reply::message::is_address(address) {
            return Err(JmapError::Invalid(Refusal::NotAnAddress { address: address.to_string() }));
        }
        self.address = address.to_string();
        self.name = clean_line(name);
        Ok(())
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Agent {
    pub login: String,
    pub name: String,
    /// The agent's own signature (variables allowed); empty: the team's.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub signature: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tag {
    /// `[0-9a-z]+`, unique without coordination: the keyword is `$tandem_tag_<id>`.
    pub id: String,
    /// Any language; shown as text only.
    pub name: String,
    /// A CSS colour `#rrggbb`: checked as it is read (another client can write anything, and the
    /// colour reaches a `style` attribute), anything else is grey.
    #[serde(default = "grey", deserialize_with = "checked_color")]
    pub color: String,
}

fn grey() -> String {
    safe_color("")
}

fn checked_color<'de, D: serde::Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    let value = serde_json::Value::deserialize(d)?;
    Ok(safe_color(value.as_str().unwrap_or_default()))
}

impl StoredSettings {
    /// The account's Email state the settings were read at.
    pub fn email_state(&self) -> &str {
        &self.email_state
    }
}

impl TeamSettings {
    pub fn tag(&self, id: &str) -> Option<&Tag> {
        self.tags.iter().find(|t| t.id == id)
    }

    /// The signature under `login`'s replies: their own, else the team's (empty: none).
    pub fn signature_for(&self, login: &str) -> &str {
        let own = self.agents.iter().find(|a| a.login.eq_ignore_ascii_case(login)).map_or("", |a| a.signature.as_str());
        if own.trim().is_empty() {
            &self.replies.signature
        } else {
            own
        }
    }

    pub fn agent_name(&self, login: &str) -> String {
        self.agents.iter().find(|a| a.login.eq_ignore_ascii_case(login)).map_or_else(|| login.to_string(), |a| a.name.clone())
    }

    /// Adds the agent if missing (`name` empty: the login). Errors on a login that cannot be one
    /// (empty, with spaces or control characters) and past the keyword budget.
    pub fn add_agent(&mut self, login: &str, name: &str) -> Result<(), JmapError> {
        let login = login.trim();
        if login.is_empty() || login.chars().any(|c| c.is_whitespace() || c.is_control()) {
            return Err(JmapError::Invalid(Refusal::LoginWithSpaces));
        }
        if self.agents.iter().any(|a| a.login.eq_ignore_ascii_case(login)) {
            return Ok(());
        }
        if self.agents.len() >= MAX_AGENTS {
            return Err(JmapError::Invalid(Refusal::TooManyAgents { max: MAX_AGENTS }));
        }
        let name = clean_line(name);
        let name = if name.is_empty() { login.to_string() } else { name };
        self.agents.push(Agent { login: login.to_lowercase(), name, signature: String::new() });
        Ok(())
    }

    /// Renames agent `login`. Errors on a name that is blank once cleaned.
    pub fn rename_agent(&mut self, login: &str, name: &str) -> Result<(), JmapError> {
        let name = named(name, Refusal::AgentUnnamed)?;
        if let Some(agent) = self.agents.iter_mut().find(|a| a.login.eq_ignore_ascii_case(login)) {
            agent.name = name;
        }
        Ok(())
    }

    /// Takes `login` off the roster (their assignments stay on the conversations).
    pub fn remove_agent(&mut self, login: &str) {
        self.agents.retain(|a| !a.login.eq_ignore_ascii_case(login));
    }

    /// Renames and/or recolours tag `id` (`None`: as it is now, so that a teammate's change to the
    /// other one saved meanwhile stays). Errors on a name that is blank once cleaned.
    pub fn edit_tag(&mut self, id: &str, name: Option<&str>, color: Option<&str>) -> Result<(), JmapError> {
        let name = name.map(|n| named(n, Refusal::TagUnnamed)).transpose()?;
        if let Some(tag) = self.tags.iter_mut().find(|t| t.id == id) {
            if let Some(name) = name {
                tag.name = name;
            }
            if let Some(color) = color {
                tag.color = safe_color(color);
            }
        }
        Ok(())
    }

    /// Creates a tag and returns its id. `unique` is any number unlikely to repeat (the time in
    /// milliseconds); the id is it in base 36 plus a character from the author's login.
    /// Errors past the keyword budget or on an empty name.
    pub fn create_tag(&mut self, name: &str, color: &str, unique: u64, author_login: &str) -> Result<String, JmapError> {
        let name = named(name, Refusal::TagUnnamed)?;
        if self.tags.len() >= MAX_TAGS {
            return Err(JmapError::Invalid(Refusal::TooManyTags { max: MAX_TAGS }));
        }
        let salt = author_login.bytes().fold(0u64, |h, b| h.wrapping_mul(31).wrapping_add(u64::from(b))) % 36;
        let mut id = format!("{}{}", base36(unique), base36(salt));
        while self.tag(&id).is_some() {
            id.push('0');
        }
        self.tags.push(Tag { id: id.clone(), name, color: safe_color(color) });
        Ok(id)
    }
}

/// `name` as one clean line, or the refusal `blank` when nothing is left of it.
fn named(name: &str, blank: Refusal) -> Result<String, JmapError> {
    let name = clean_line(name);
    if name.is_empty() {
        return Err(JmapError::Invalid(blank));
    }
    Ok(name)
}

/// `#rrggbb` kept, anything else replaced by grey: a colour is later put in a style attribute.
pub fn safe_color(color: &str) -> String {
    let ok = color.len() == 7 && color.starts_with('#') && color[1..].bytes().all(|b| b.is_ascii_hexdigit());
    if ok {
        color.to_ascii_lowercase()
    } else {
        "#868e96".to_string()
    }
}

/// `n` in base 36 (`0-9a-z`): short unique tokens (tag ids, Message-IDs).
pub fn base36(mut n: u64) -> String {
    let digits = b"0123456789abcdefghijklmnopqrstuvwxyz";
    let mut out = Vec::new();
    loop {
        out.push(digits[(n % 36) as usize]);
        n /= 36;
        if n == 0 {
            break;
        }
    }
    out.reverse();
    String::from_utf8(out).unwrap()
}

/// One settings value from several versions saved concurrently: agents by login and tags by id,
/// the newest version's entry winning (versions are given newest first: highest revision, then
/// newest received).
pub fn merge(versions: Vec<TeamSettings>) -> TeamSettings {
    // Reply settings whole, from the newest version: its fields go together (an address with its name).
    let mut merged = TeamSettings { replies: versions.first().map(|v| v.replies.clone()).unwrap_or_default(), ..Default::default() };
    for v in versions {
        merged.version = merged.version.max(v.version);
        merged.revision = merged.revision.max(v.revision);
        for a in v.agents {
            if !merged.agents.iter().any(|m| m.login == a.login) {
                merged.agents.push(a);
            }
        }
        for t in v.tags {
            if merged.tag(&t.id).is_none() {
                merged.tags.push(t);
            }
        }
    }
    merged
}

/// The settings as stored, with what a write based on them needs.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredSettings {
    pub settings: TeamSettings,
    /// Every settings email found (more than one after a concurrent save).
    email_ids: Vec<String>,
    email_state: String,
    mailbox_id: String,
}

/// Reads the team settings (defaults when none were saved yet).
pub async fn load_settings<T: Transport>(client: &JmapClient<T>, account_id: &str) -> Result<StoredSettings, JmapError> {
    let mailbox_id = tandem_mailboxes::ensure(client, account_id, SETTINGS).await?;
    let mut request = Request::new();
    let query = request.add(EmailQuery::new(account_id).in_mailbox(&mailbox_id).limit(MAX_VERSIONS));
    let get = request
        .add(EmailGet::new(account_id, query.ids("/ids")).properties(&["id", "receivedAt", "textBody", "bodyValues"]).text_bodies(None));
    let response = client.send(request).await?;
    let order = response.get(&query)?.ids;
    let got = response.get(&get)?;
    let mut versions: Vec<(usize, TeamSettings)> = got
        .list
        .iter()
        .filter_map(|e| {
            let settings = crate::json::parse::<TeamSettings>(&e.body_values.values().next()?.value).ok()?;
            Some((order.iter().position(|id| *id == e.id).unwrap_or(usize::MAX), settings))
        })
        .collect();
    crate::sort::sort_by_key(&mut versions, |(i, s)| (std::cmp::Reverse(s.revision), *i));
    let settings = merge(versions.into_iter().map(|(_, s)| s).collect());
    Ok(StoredSettings { settings, email_ids: got.list.into_iter().map(|e| e.id).collect(), email_state: got.state, mailbox_id })
}

/// Applies `change` to the current settings and saves them; on a concurrent write, re-reads and
/// applies `change` again. Returns the saved settings.
pub async fn update_settings<T: Transport>(
    client: &JmapClient<T>,
    account_id: &str,
    author_login: &str,
    change: impl Fn(&mut TeamSettings) -> Result<(), JmapError>,
) -> Result<TeamSettings, JmapError> {
    for _ in 0..MAX_ATTEMPTS {
        let stored = load_settings(client, account_id).await?;
        let mut settings = stored.settings.clone();
        change(&mut settings)?;
        if settings == stored.settings && stored.email_ids.len() <= 1 {
            return Ok(settings);
        }
        settings.version = 1;
        settings.revision = stored.settings.revision + 1;
        let body = serde_json::to_string_pretty(&settings).map_err(|e| JmapError::Protocol(e.to_string()))?;
        let mut set = EmailSet::new(account_id).if_in_state(&stored.email_state).create(
            "settings",
            json!({
                "mailboxIds": { stored.mailbox_id.clone(): true },
                "keywords": { SEEN: true },
                "from": [{ "name": author_login, "email": author_login }],
                "subject": "Tandem team settings",
                "header:X-Tandem-Kind:asText": KIND_SETTINGS,
                "header:X-Tandem-Author:asText": agent_id::from_login(author_login),
                "bodyValues": { "body": { "value": body } },
                "textBody": [{ "partId": "body", "type": "text/plain" }],
            }),
        );
        for old in &stored.email_ids {
            set = set.destroy(old);
        }
        match client.call(set).await {
            Ok(response) => {
                response.all_done()?;
                return Ok(settings);
            }
            Err(JmapError::Method(e)) if e.kind == ErrorKind::StateMismatch => continue,
            Err(e) => return Err(e),
        }
    }
    Err(JmapError::Protocol("the team inbox kept changing; the settings were not saved, try again".into()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reply_settings_default_read_old_settings_and_refuse_a_bad_address() {
        let old: TeamSettings = serde_json::from_str(r#"{"version":1,"revision":3,"agents":[],"tags":[]}"#).unwrap();
        assert_eq!((old.replies.undo_window(), old.replies.assign_on_reply, old.replies.from()), (10, true, None));
        let mut s = TeamSettings::default();
        assert!(s.replies.set_from("Support", "support at acme").is_err());
        s.replies.set_from(" Acme\nSupport ", " help@acme.example ").unwrap();
        assert_eq!(s.replies.from(), Some(crate::reply::Address::new("Acme Support", "help@acme.example")));
        s.replies.undo_seconds = 3600;
        assert_eq!(s.replies.undo_window(), 30, "another client's value is bounded");
        s.replies.signature = "{{agent.name}}\n{{team.name}}".into();
        s.add_agent("bob", "Bob").unwrap();
        s.agents[0].signature = "Bob — night shift".into();
        assert_eq!((s.signature_for("BOB"), s.signature_for("alice")), ("Bob — night shift", "{{agent.name}}\n{{team.name}}"));
        let newest = TeamSettings { replies: s.replies.clone(), ..Default::default() };
        assert_eq!(merge(vec![newest, TeamSettings::default()]).replies.address, "help@acme.example");
    }

    #[test]
    fn a_colour_written_by_another_client_is_checked_as_it_is_read() {
        let read: TeamSettings = serde_json::from_str(
            r##"{"version":1,"revision":1,"agents":[],"tags":[{"id":"a","name":"x","color":"red;background:url(https://evil.example/)"},
            {"id":"b","name":"y","color":"#A1B2C3"},{"id":"c","name":"z","color":7},{"id":"d","name":"w"}]}"##,
        )
        .unwrap();
        let colors: Vec<&str> = read.tags.iter().map(|t| t.color.as_str()).collect();
        assert_eq!(colors, ["#868e96", "#a1b2c3", "#868e96", "#868e96"]);
    }

    #[test]
    fn tags_get_new_ids_and_safe_colours() {
        let mut s = TeamSettings::default();
        let a = s.create_tag("فاتورة", "#E03131", 1_700_000_000_000, "alice").unwrap();
        let b = s.create_tag("VIP", "red; background:url(x)", 1_700_000_000_000, "alice").unwrap();
        assert_ne!(a, b, "same instant, same author: still distinct");
        assert!(a.bytes().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit()));
        assert_eq!(s.tags[0].color, "#e03131");
        assert_eq!(s.tags[1].color, "#868e96");
        assert!(s.create_tag("  ", "#000000", 1, "alice").is_err());
        let other = TeamSettings::default().create_tag("x", "#000000", 1_700_000_000_000, "bob").unwrap();
        assert_ne!(other, a, "another author at the same instant gets another id");
    }

    #[test]
    fn what_agents_type_as_names_is_one_clean_line() {
        let mut s = TeamSettings::default();
        let id = s.create_tag(" Billing\0\n", "#000000", 1, "alice").unwrap();
        assert_eq!(s.tag(&id).unwrap().name, "Billing");
        assert!(s.edit_tag(&id, Some("\0\u{202E}"), Some("#ffffff")).is_err(), "nothing left of the name");
        s.edit_tag(&id, Some("فواتير\u{202E}"), Some("#FFFFFF")).unwrap();
        assert_eq!((s.tag(&id).unwrap().name.as_str(), s.tag(&id).unwrap().color.as_str()), ("فواتير", "#ffffff"));
        // A recolour leaves the name as it is now (a teammate's rename stays), and a rename the colour.
        s.tags[0].name = "帳單".into();
        s.edit_tag(&id, None, Some("#e03131")).unwrap();
        assert_eq!((s.tag(&id).unwrap().name.as_str(), s.tag(&id).unwrap().color.as_str()), ("帳單", "#e03131"));
        s.edit_tag(&id, Some("Billing"), None).unwrap();
        assert_eq!((s.tag(&id).unwrap().name.as_str(), s.tag(&id).unwrap().color.as_str()), ("Billing", "#e03131"));
        s.add_agent("bob", "Bob\r\nEvil").unwrap();
        assert_eq!(s.agent_name("bob"), "Bob  Evil");
        assert!(s.rename_agent("bob", " \u{7} ").is_err());
        s.rename_agent("BOB", "鲍勃").unwrap();
        assert_eq!(s.agent_name("bob"), "鲍勃");
        s.remove_agent("Bob");
        assert!(s.agents.is_empty());
    }

    #[test]
    fn concurrent_versions_merge_newest_first() {
        let tag = |id: &str, name: &str| Tag { id: id.into(), name: name.into(), color: "#000000".into() };
        let newer = TeamSettings {
            version: 1,
            revision: 2,
            agents: vec![Agent { login: "bob".into(), name: "Bob B".into(), signature: String::new() }],
            tags: vec![tag("b1", "退款"), tag("x", "new name")],
            ..Default::default()
        };
        let older = TeamSettings {
            version: 1,
            revision: 1,
            agents: vec![
                Agent { login: "alice".into(), name: "A".into(), signature: String::new() },
                Agent { login: "bob".into(), name: "old".into(), signature: String::new() },
            ],
            tags: vec![tag("a1", "عاجل"), tag("x", "old name")],
            ..Default::default()
        };
        let m = merge(vec![newer, older]);
        assert_eq!(
            m.agents.iter().map(|a| (a.login.as_str(), a.name.as_str())).collect::<Vec<_>>(),
            vec![("bob", "Bob B"), ("alice", "A")]
        );
        assert_eq!(m.tags.iter().map(|t| t.name.as_str()).collect::<Vec<_>>(), vec!["退款", "new name", "عاجل"]);
    }

    #[test]
    fn the_budget_is_enforced() {
        let mut s = TeamSettings::default();
        for i in 0..MAX_TAGS {
            s.create_tag(&format!("t{i}"), "#000000", i as u64, "a").unwrap();
        }
        assert!(s.create_tag("one more", "#000000", 999, "a").unwrap_err().to_string().contains("at most 60 tags"));
        for i in 0..MAX_AGENTS {
            s.add_agent(&format!("a{i}"), "A").unwrap();
        }
        s.add_agent("a0", "again").unwrap();
        assert!(s.add_agent("new", "N").is_err());
    }

    #[test]
    fn agents_are_added_by_login() {
        let mut s = TeamSettings::default();
        s.add_agent("  Carol ", "").unwrap();
        s.add_agent("zhang@team.example", "张伟").unwrap();
        assert_eq!(
            s.agents,
            vec![
                Agent { login: "carol".into(), name: "Carol".into(), signature: String::new() },
                Agent { login: "zhang@team.example".into(), name: "张伟".into(), signature: String::new() }
            ]
        );
        for bad in ["", "  ", "carol diaz", "a\tb", "x\u{7}"] {
            assert!(s.add_agent(bad, "").unwrap_err().to_string().contains("no spaces"), "{bad:?}");
        }
    }
}
