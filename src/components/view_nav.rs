//! The team views of a team inbox in the sidebar (Unassigned, Mine, …, tags, agents), with counts.

use leptos::prelude::*;
use leptos_router::components::A;

use crate::intl;
use crate::tr;
use crate::tr_live;

#[derive(Debug, Clone, PartialEq)]
pub struct ViewEntry {
    /// `mine`, `tag-3`, … (the route is `/a/:account/m/v-<slug>`).
    pub slug: String,
    /// Untrusted for tags and agents: rendered as text.
    pub label: String,
    pub count: Option<u64>,
    /// A tag's colour (`#rrggbb`, checked by the core).
    pub color: Option<String>,
    pub group: ViewGroup,
}

/// The sidebar's groups of views, in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ViewGroup {
    Views,
    Tags,
    Agents,
}

impl ViewGroup {
    /// The group's title, in the agent's language (tracked).
    fn title(self) -> String {
        match self {
            ViewGroup::Views => tr!(common.views),
            ViewGroup::Tags => tr!(common.tags),
            ViewGroup::Agents => tr!(common.agents),
        }
    }
}

/// * `account`: the open account; `current`: the route's `:mailbox` (`v-<slug>` for a view).
/// * `views`: the entries, grouped in order; empty for an account that is not a team inbox.
#[component]
pub fn ViewNav(account: Memo<String>, views: Signal<Vec<ViewEntry>>, current: Memo<String>) -> impl IntoView {
    let groups = move || {
        let views = views.get();
        [ViewGroup::Views, ViewGroup::Tags, ViewGroup::Agents]
            .into_iter()
            .filter_map(|group| {
                let entries: Vec<ViewEntry> = views.iter().filter(|v| v.group == group).cloned().collect();
                (!entries.is_empty()).then(|| {
                    view! {
                        <div class="view-group">
                            <div class="view-group-title">{move || group.title()}</div>
                            <ul class="mailboxes views">
                                {entries.into_iter().map(|v| {
                                    let selected = current.get() == format!("v-{}", v.slug);
                                    let href = format!("/a/{}/m/v-{}", account.get(), v.slug);
                                    let title = v.label.clone();
                                    let dot = v.color.map(|c| view! { <span class="tag-dot" style=format!("background:{c}")></span> });
                                    view! {
                                        <li class:selected=selected data-view=v.slug.clone()>
                                            <A href=href>
                                                <span class="mailbox-name" dir="auto" title=title>{dot}{v.label}</span>
                                                <span class="view-count">{v.count.map(|c| intl::number(c as usize))}</span>
                                            </A>
                                        </li>
                                    }
                                }).collect_view()}
                            </ul>
                        </div>
                    }
                })
            })
            .collect_view()
    };
    view! { <nav class="view-nav" aria-label=tr_live!(inbox.team_views)>{groups}</nav> }
}
