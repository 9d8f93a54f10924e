//! What the address `/a/:account/m/:mailbox` names: `:mailbox` is a mailbox id, `inbox` (the
//! mailbox whose role is inbox), or `v-<view>` for a team view of the inbox (`v-mine`, …).

use leptos::prelude::*;
use leptos_router::hooks::{use_location, use_params_map};
use tandem_core::team::views::View;

use crate::components::thread_list::query_suffix;

#[derive(Clone, Copy)]
pub struct InboxRoute {
    pub account: Memo<String>,
    /// The `:mailbox` segment as it is.
    pub list: Memo<String>,
    /// The team view it names, if any.
    pub view: Memo<Option<View>>,
    /// The conversation open beside the list (`…/t/:thread`), if any.
    pub open_thread: Memo<Option<String>>,
}

impl InboxRoute {
    pub fn from_params() -> Self {
        let params = use_params_map();
        let account = Memo::new(move |_| params.read().get("account").unwrap_or_default());
        let list = Memo::new(move |_| params.read().get("mailbox").unwrap_or_default());
        let view = Memo::new(move |_| list.get().strip_prefix("v-").and_then(View::parse));
        let path = use_location().pathname;
        let open_thread = Memo::new(move |_| path.with(|p| open_thread_in(p)));
        InboxRoute { account, list, view, open_thread }
    }

    /// Whether the list is the inbox itself or a view of it (else a mailbox id).
    pub fn names_inbox(&self) -> bool {
        self.list.with(|l| l == "inbox" || l.starts_with("v-"))
    }

    /// The address of the list, keeping a search (`query`, empty for none).
    pub fn list_href(&self, query: &str) -> String {
        format!("/a/{}/m/{}{}", self.account.get_untracked(), self.list.get_untracked(), query_suffix(query))
    }

    /// The address of a conversation beside the list, keeping a search.
    pub fn thread_href(&self, thread_id: &str, query: &str) -> String {
        format!("/a/{}/m/{}/t/{thread_id}{}", self.account.get_untracked(), self.list.get_untracked(), query_suffix(query))
    }

    /// Runs `reset` whenever the agent opens another list (or account).
    pub fn on_new_list(&self, reset: impl Fn() + 'static) {
        let (list, account) = (self.list, self.account);
        Effect::new(move |_| {
            list.track();
            account.track();
            reset();
        });
    }
}

/// The thread id of `/a/:account/m/:mailbox/t/:thread`.
fn open_thread_in(path: &str) -> Option<String> {
    let (_, rest) = path.split_once("/t/")?;
    let id = rest.split('/').next().filter(|id| !id.is_empty())?;
    Some(js_sys::decode_uri_component(id).ok().and_then(|s| s.as_string()).unwrap_or_else(|| id.to_string()))
}
