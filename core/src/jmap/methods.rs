//! The JMAP methods Tandem calls, as typed builders (RFC 8620 §5, RFC 8621).

use serde_json::{json, Map, Value};

use super::objects::{Email, GetResponse, Mailbox, QueryResponse, SetResponse, Thread};
use super::request::{Ids, Method};
use super::CAP_MAIL;

fn account(account_id: &str) -> Map<String, Value> {
    let mut args = Map::new();
    args.insert("accountId".into(), json!(account_id));
    args
}

fn put_properties(args: &mut Map<String, Value>, properties: Option<Vec<String>>) {
    if let Some(p) = properties {
        args.insert("properties".into(), json!(p));
    }
}

fn owned(properties: &[&str]) -> Option<Vec<String>> {
    Some(properties.iter().map(|s| s.to_string()).collect())
}

/// `Mailbox/get`.
#[derive(Debug, Clone)]
pub struct MailboxGet {
    account_id: String,
    ids: Ids,
    properties: Option<Vec<String>>,
}

impl MailboxGet {
    pub fn new(account_id: &str, ids: Ids) -> Self {
        Self { account_id: account_id.into(), ids, properties: None }
    }
    pub fn properties(mut self, properties: &[&str]) -> Self {
        self.properties = owned(properties);
        self
    }
}

impl Method for MailboxGet {
    const NAME: &'static str = "Mailbox/get";
    const CAPABILITY: &'static str = CAP_MAIL;
    type Response = GetResponse<Mailbox>;
    fn into_arguments(self) -> Map<String, Value> {
        let mut args = account(&self.account_id);
        self.ids.put(&mut args, "ids");
        put_properties(&mut args, self.properties);
        args
    }
}

/// A sort comparator (RFC 8620 §5.5).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Comparator {
    pub property: String,
    pub ascending: bool,
}

impl Comparator {
    pub fn newest_first() -> Self {
        Self { property: "receivedAt".into(), ascending: false }
    }
}

/// `Email/query`.
#[derive(Debug, Clone)]
pub struct EmailQuery {
    account_id: String,
    filter: Option<Value>,
    sort: Vec<Comparator>,
    position: u64,
    limit: Option<u64>,
    collapse_threads: bool,
    calculate_total: bool,
    /// `anchor` and `anchorOffset`: start from a known email rather than at a position
    /// (RFC 8620 §5.5).
    anchor: Option<(String, i64)>,
}

impl EmailQuery {
    pub fn new(account_id: &str) -> Self {
        Self {
            account_id: account_id.into(),
            filter: None,
            sort: vec![Comparator::newest_first()],
            position: 0,
            limit: None,
            collapse_threads: false,
            calculate_total: false,
            anchor: None,
        }
    }
    /// Starts `offset` places after the email `anchor` (`position` is then ignored).
    pub fn anchor(mut self, anchor: &str, offset: i64) -> Self {
        self.anchor = Some((anchor.to_string(), offset));
        self
    }
    /// A FilterCondition or FilterOperator as JSON (RFC 8621 §4.4.1).
    pub fn filter(mut self, filter: Value) -> Self {
        self.filter = Some(filter);
        self
    }
    pub fn in_mailbox(self, mailbox_id: &str) -> Self {
        self.filter(json!({ "inMailbox": mailbox_id }))
    }
    pub fn sort(mut self, sort: Vec<Comparator>) -> Self {
        self.sort = sort;
        self
    }
    pub fn position(mut self, position: u64) -> Self {
        self.position = position;
        self
    }
    pub fn limit(mut self, limit: u64) -> Self {
        self.limit = Some(limit);
        self
    }
    pub fn collapse_threads(mut self, yes: bool) -> Self {
        self.collapse_threads = yes;
        self
    }
    pub fn calculate_total(mut self, yes: bool) -> Self {
        self.calculate_total = yes;
        self
    }
}

impl Method for EmailQuery {
    const NAME: &'static str = "Email/query";
    const CAPABILITY: &'static str = CAP_MAIL;
    type Response = QueryResponse;
    fn into_arguments(self) -> Map<String, Value> {
        let mut args = account(&self.account_id);
        if let Some(f) = self.filter {
            args.insert("filter".into(), f);
        }
        let sort: Vec<Value> = self.sort.iter().map(|c| json!({"property": c.property, "isAscending": c.ascending})).collect();
        args.insert("sort".into(), json!(sort));
        args.insert("position".into(), json!(self.position));
        if let Some(l) = self.limit {
            args.insert("limit".into(), json!(l));
        }
        args.insert("collapseThreads".into(), json!(self.collapse_threads));
        args.insert("calculateTotal".into(), json!(self.calculate_total));
        if let Some((anchor, offset)) = self.anchor {
            args.insert("anchor".into(), json!(anchor));
            args.insert("anchorOffset".into(), json!(offset));
        }
        args
    }
}

/// `Email/get`, with the body-value options of RFC 8621 §4.2.
#[derive(Debug, Clone)]
pub struct EmailGet {
    account_id: String,
    ids: Ids,
    properties: Option<Vec<String>>,
    fetch_text_body_values: bool,
    fetch_html_body_values: bool,
    max_body_value_bytes: Option<u64>,
    body_properties: Option<Vec<String>>,
}

/// What a preview reads of each text part: which body value is its text, and whether it is HTML.
pub const PREVIEW_BODY_PROPERTIES: &[&str] = &["partId", "type"];

impl EmailGet {
    pub fn new(account_id: &str, ids: Ids) -> Self {
        Self {
            account_id: account_id.into(),
            ids,
            properties: None,
            fetch_text_body_values: false,
            fetch_html_body_values: false,
            max_body_value_bytes: None,
            body_properties: None,
        }
    }
    pub fn properties(mut self, properties: &[&str]) -> Self {
        self.properties = owned(properties);
        self
    }
    /// Fetch the values of `textBody` parts, each cut to `max_bytes` when given.
    pub fn text_bodies(mut self, max_bytes: Option<u64>) -> Self {
        self.fetch_text_body_values = true;
        self.max_body_value_bytes = max_bytes;
        self
    }
    /// The start of the text body, for a preview: each text part cut to `max_bytes`, and
    /// described by [`PREVIEW_BODY_PROPERTIES`] only (the server's default adds blob id, size,
    /// name, charset, disposition, … to every part: ~13% of a list page's answer).
    pub fn preview_text(self, max_bytes: u64) -> Self {
        let mut get = self.text_bodies(Some(max_bytes));
        get.body_properties = owned(PREVIEW_BODY_PROPERTIES);
        get
    }
    pub fn html_bodies(mut self) -> Self {
        self.fetch_html_body_values = true;
        self
    }
}

impl Method for EmailGet {
    const NAME: &'static str = "Email/get";
    const CAPABILITY: &'static str = CAP_MAIL;
    type Response = GetResponse<Email>;
    fn into_arguments(self) -> Map<String, Value> {
        let mut args = account(&self.account_id);
        self.ids.put(&mut args, "ids");
        put_properties(&mut args, self.properties);
        if self.fetch_text_body_values {
            args.insert("fetchTextBodyValues".into(), json!(true));
        }
        if self.fetch_html_body_values {
            args.insert("fetchHTMLBodyValues".into(), json!(true));
        }
        if let Some(m) = self.max_body_value_bytes {
            args.insert("maxBodyValueBytes".into(), json!(m));
        }
        if let Some(p) = self.body_properties {
            args.insert("bodyProperties".into(), json!(p));
        }
        args
    }
}

/// `Thread/get`.
#[derive(Debug, Clone)]
pub struct ThreadGet {
    account_id: String,
    ids: Ids,
}

impl ThreadGet {
    pub fn new(account_id: &str, ids: Ids) -> Self {
        Self { account_id: account_id.into(), ids }
    }
}

impl Method for ThreadGet {
    const NAME: &'static str = "Thread/get";
    const CAPABILITY: &'static str = CAP_MAIL;
    type Response = GetResponse<Thread>;
    fn into_arguments(self) -> Map<String, Value> {
        let mut args = account(&self.account_id);
        self.ids.put(&mut args, "ids");
        args
    }
}

/// `Email/set` and `Mailbox/set` (RFC 8620 §5.3): creations by creation id, updates as patches,
/// destructions, optionally only if the account is still in `if_in_state`.
#[derive(Debug, Clone, Default)]
pub struct SetArgs {
    account_id: String,
    if_in_state: Option<String>,
    create: Map<String, Value>,
    update: Map<String, Value>,
    destroy: Vec<String>,
}

impl SetArgs {
    fn new(account_id: &str) -> Self {
        Self { account_id: account_id.into(), ..Default::default() }
    }
    fn into_arguments(self) -> Map<String, Value> {
        let mut args = account(&self.account_id);
        if let Some(s) = self.if_in_state {
            args.insert("ifInState".into(), json!(s));
        }
        if !self.create.is_empty() {
            args.insert("create".into(), Value::Object(self.create));
        }
        if !self.update.is_empty() {
            args.insert("update".into(), Value::Object(self.update));
        }
        if !self.destroy.is_empty() {
            args.insert("destroy".into(), json!(self.destroy));
        }
        args
    }
}

macro_rules! set_method {
    ($name:ident, $method:literal) => {
        #[derive(Debug, Clone, Default)]
        pub struct $name(SetArgs);

        impl $name {
            pub fn new(account_id: &str) -> Self {
                Self(SetArgs::new(account_id))
            }
            pub fn if_in_state(mut self, state: &str) -> Self {
                self.0.if_in_state = Some(state.into());
                self
            }
            pub fn create(mut self, creation_id: &str, object: Value) -> Self {
                self.0.create.insert(creation_id.into(), object);
                self
            }
            /// `patch`: a PatchObject, e.g. `{"keywords/$seen": true}`.
            pub fn update(mut self, id: &str, patch: Value) -> Self {
                self.0.update.insert(id.into(), patch);
                self
            }
            pub fn destroy(mut self, id: &str) -> Self {
                self.0.destroy.push(id.into());
                self
            }
            pub fn is_empty(&self) -> bool {
                self.0.create.is_empty() && self.0.update.is_empty() && self.0.destroy.is_empty()
            }
        }

        impl Method for $name {
            const NAME: &'static str = $method;
            const CAPABILITY: &'static str = CAP_MAIL;
            type Response = SetResponse;
            fn into_arguments(self) -> Map<String, Value> {
                self.0.into_arguments()
            }
        }
    };
}

set_method!(EmailSet, "Email/set");
set_method!(MailboxSet, "Mailbox/set");

/// `Mailbox/changes`, `Email/changes`, `Thread/changes` (RFC 8620 §5.2): changes since a state,
/// at most `max_changes` ids at a time.
macro_rules! changes_method {
    ($name:ident, $method:literal) => {
        #[derive(Debug, Clone)]
        pub struct $name {
            account_id: String,
            since_state: String,
            max_changes: Option<u64>,
        }

        impl $name {
            pub fn new(account_id: &str, since_state: &str) -> Self {
                Self { account_id: account_id.into(), since_state: since_state.into(), max_changes: None }
            }
            pub fn max_changes(mut self, max: u64) -> Self {
                self.max_changes = Some(max);
                self
            }
        }

        impl Method for $name {
            const NAME: &'static str = $method;
            const CAPABILITY: &'static str = CAP_MAIL;
            type Response = super::objects::ChangesResponse;
            fn into_arguments(self) -> Map<String, Value> {
                let mut args = account(&self.account_id);
                args.insert("sinceState".into(), json!(self.since_state));
                if let Some(m) = self.max_changes {
                    args.insert("maxChanges".into(), json!(m));
                }
                args
            }
        }
    };
}

changes_method!(MailboxChanges, "Mailbox/changes");
changes_method!(EmailChanges, "Email/changes");
changes_method!(ThreadChanges, "Thread/changes");

/// `Email/queryChanges` (RFC 8620 §5.6): how the results of a query (same filter, sort and
/// `collapseThreads`) changed since `since_query_state`.
#[derive(Debug, Clone)]
pub struct EmailQueryChanges {
    account_id: String,
    since_query_state: String,
    filter: Option<Value>,
    sort: Vec<Comparator>,
    collapse_threads: bool,
    max_changes: Option<u64>,
    calculate_total: bool,
}

impl EmailQueryChanges {
    pub fn new(account_id: &str, since_query_state: &str) -> Self {
        Self {
            account_id: account_id.into(),
            since_query_state: since_query_state.into(),
            filter: None,
            sort: vec![Comparator::newest_first()],
            collapse_threads: false,
            max_changes: None,
            calculate_total: false,
        }
    }
    pub fn filter(mut self, filter: Value) -> Self {
        self.filter = Some(filter);
        self
    }
    pub fn sort(mut self, sort: Vec<Comparator>) -> Self {
        self.sort = sort;
        self
    }
    pub fn collapse_threads(mut self, yes: bool) -> Self {
        self.collapse_threads = yes;
        self
    }
    pub fn max_changes(mut self, max: u64) -> Self {
        self.max_changes = Some(max);
        self
    }
    pub fn calculate_total(mut self, yes: bool) -> Self {
        self.calculate_total = yes;
        self
    }
}

impl Method for EmailQueryChanges {
    const NAME: &'static str = "Email/queryChanges";
    const CAPABILITY: &'static str = CAP_MAIL;
    type Response = super::objects::QueryChangesResponse;
    fn into_arguments(self) -> Map<String, Value> {
        let mut args = account(&self.account_id);
        args.insert("sinceQueryState".into(), json!(self.since_query_state));
        if let Some(f) = self.filter {
            args.insert("filter".into(), f);
        }
        let sort: Vec<Value> = self.sort.iter().map(|c| json!({"property": c.property, "isAscending": c.ascending})).collect();
        args.insert("sort".into(), json!(sort));
        args.insert("collapseThreads".into(), json!(self.collapse_threads));
        if let Some(m) = self.max_changes {
            args.insert("maxChanges".into(), json!(m));
        }
        args.insert("calculateTotal".into(), json!(self.calculate_total));
        args
    }
}
