//! The open account's mailboxes: from the local copy when it has them (the sync keeps them
//! current), else from the server (right after a sign-in with the form, before the copy has
//! opened); which one the route names; and the folders the sidebar shows
//! (a team inbox's own Tandem mailboxes stay out of sight).

use leptos::prelude::*;
use tandem_core::mailboxes::{inbox_id, load_mailboxes, ordered, MailboxEntry};
use tandem_core::team::tandem_mailboxes::without_tandem;

use crate::app_error::AppError;
use crate::auth::Auth;
use crate::cold_start::ColdStart;
use crate::inbox::route::InboxRoute;
use crate::local_copy::LocalCopy;

#[derive(Clone, Copy)]
pub struct Mailboxes {
    pub list: Signal<Vec<MailboxEntry>>,
    /// Why the mailboxes could not be read.
    pub error: Signal<Option<AppError>>,
    /// The inbox's id.
    pub inbox: Memo<Option<String>>,
    /// The mailbox of the open list (the inbox for a team view).
    pub selected: Memo<Option<String>>,
    pub current: Memo<Option<MailboxEntry>>,
    /// What the sidebar lists.
    pub folders: Signal<Vec<MailboxEntry>>,
}

impl Mailboxes {
    pub fn load(route: InboxRoute, is_team: Memo<bool>) -> Self {
        let (auth, copy, cold) = (Auth::get(), LocalCopy::get(), ColdStart::get());
        let account = route.account;
        // The server's last answer, used again while the copy has no mailboxes yet (it writes them
        // with the first page): one `Mailbox/get` for a fresh sign-in, not one per copy change.
        let from_server = StoredValue::new(None::<(String, Vec<MailboxEntry>)>);
        let read = LocalResource::new(move || {
            copy.version.track();
            let (client, account, store, opened) = (auth.client(), account.get(), copy.store(), copy.opened.get());
            // Signed in by the form: the copy is most likely empty, so the server is asked at once
            // rather than after the copy opens.
            let early = auth.by_form.get();
            // Read right after the sign-in (`cold_start`): used, or waited for.
            let (cold_list, cold_reading) = (cold.mailboxes_of(&account), cold.is_reading(&account));
            async move {
                if !opened && !early {
                    return Ok(Vec::new());
                }
                if let Some(store) = &store {
                    match store.mailboxes(&account).await {
                        Ok(copied) if !copied.is_empty() => return Ok(ordered(copied)),
                        _ => {}
                    }
                }
                // Without a copy at all, every read goes to the server.
                let copy_to_come = store.is_some() || !opened;
                let known = from_server
                    .try_with_value(|f| f.clone().filter(|(a, _)| *a == account))
                    .flatten()
                    .or(cold_list.map(|l| (account.clone(), l)));
                if let Some((_, list)) = known.filter(|_| copy_to_come) {
                    return Ok(list);
                }
                let Some(c) = client.filter(|_| !cold_reading) else { return Ok(Vec::new()) };
                let list = load_mailboxes(&c, &account).await.map_err(AppError::from)?;
                from_server.try_set_value(Some((account, list.clone())));
                Ok(list)
            }
        });
        let list = Signal::derive(move || read.get().and_then(Result::ok).unwrap_or_default());
        let error = Signal::derive(move || read.get().and_then(Result::err));
        let inbox = Memo::new(move |_| inbox_id(&list.get()).map(str::to_string));
        let selected = Memo::new(move |_| if route.names_inbox() { inbox.get() } else { Some(route.list.get()) });
        let current = Memo::new(move |_| {
            let id = selected.get()?;
            list.get().into_iter().find(|m| m.id == id)
        });
        let folders = Signal::derive(move || if is_team.get() { without_tandem(list.get()) } else { list.get() });
        Mailboxes { list, error, inbox, selected, current, folders }
    }
}
