//! Whether the browser has a network connection (`navigator.onLine` and its `online` /
//! `offline` events), shared through context: what works only with the server (assignment,
//! snoozing, a new tag) is disabled without one, and the status area says "Offline".

use leptos::prelude::*;

#[derive(Clone, Copy)]
pub struct Connection {
    online: RwSignal<bool>,
}

impl Connection {
    /// Creates the context; it follows the browser's events for as long as the app runs.
    pub fn provide() -> Self {
        let connection = Connection { online: RwSignal::new(web_sys::window().is_none_or(|w| w.navigator().on_line())) };
        let on = window_event_listener(leptos::ev::online, move |_| connection.online.set(true));
        let off = window_event_listener(leptos::ev::offline, move |_| connection.online.set(false));
        on_cleanup(move || {
            on.remove();
            off.remove();
        });
        provide_context(connection);
        connection
    }

    pub fn get() -> Self {
        expect_context()
    }

    /// Whether the browser is online (tracked).
    pub fn online(&self) -> Signal<bool> {
        self.online.into()
    }
}
