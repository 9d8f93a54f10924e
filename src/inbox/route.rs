//! What the address `/a/:account/m/:mailbox` names: `:mailbox` is a mailbox id, `inbox` (the
//! mailbox whose role is inbox), or `v-<view>` for a team view of the inbox (`v-mine`, …).

use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use tandem_core::team::views::View;

#[derive(Clone, Copy)]
pub struct InboxRoute {
    pub account: Memo<String>,
    /// The `:mailbox` segment as it is.
    pub list: Memo<String>,
    /// The team view it names, if any.
    pub view: Memo<Option<View>>,
}

impl InboxRoute {
    pub fn from_params() -> Self {
        let params = use_params_map();
        let account = Memo::new(move |_| params.read().get("account").unwrap_or_default());
        let list = Memo::new(move |_| params.read().get("mailbox").unwrap_or_default());
        let view = Memo::new(move |_| list.get().strip_prefix("v-").and_then(View::parse));
        InboxRoute { account, list, view }
    }

    /// Whether the list is the inbox itself or a view of it (else a mailbox id).
    pub fn names_inbox(&self) -> bool {
        self.list.with(|l| l == "inbox" || l.starts_with("v-"))
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
