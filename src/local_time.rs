//! The browser's clock and time zone, and the dates the screens show (worded by `intl`).

use tandem_core::date::{nearness, parse_utc};

use crate::intl;

/// Seconds since the Unix epoch.
pub fn now_secs() -> i64 {
    (js_sys::Date::now() / 1000.0) as i64
}

/// Minutes east of UTC for the agent's time zone.
pub fn offset_minutes() -> i64 {
    -(js_sys::Date::new_0().get_timezone_offset() as i64)
}

/// A date in a list, in the interface's language (`intl::short`); empty for a malformed one.
pub fn short(utc: &str) -> String {
    let Some(secs) = parse_utc(utc) else { return String::new() };
    intl::short(secs, nearness(secs, now_secs(), offset_minutes()))
}

/// A whole date and time, in the interface's language; empty for a malformed one.
pub fn long(utc: &str) -> String {
    parse_utc(utc).map(intl::full).unwrap_or_default()
}

/// The end of a snooze chosen by name — `hour`, `tomorrow` (09:00 local), `week` (next Monday
/// 09:00 local) — as a UTC date for the server.
pub fn snooze_until(choice: &str) -> Option<String> {
    let now = js_sys::Date::new_0();
    let target = js_sys::Date::new(&now);
    match choice {
        "hour" => {
            target.set_time(now.get_time() + 3_600_000.0);
        }
        "tomorrow" | "week" => {
            // Days to add: 1 for tomorrow, else to the next Monday (getDay: 0 = Sunday).
            let days = match choice {
                "tomorrow" => 1,
                _ => match (8 - now.get_day()) % 7 {
                    0 => 7,
                    d => d,
                },
            };
            target.set_date(now.get_date() + days);
            target.set_hours(9);
            target.set_minutes(0);
            target.set_seconds(0);
            target.set_milliseconds(0);
        }
        _ => return None,
    }
    let iso: String = target.to_iso_string().into();
    // "2026-11-23T08:00:00.000Z" → whole seconds, as JMAP's UTCDate.
    Some(format!("{}Z", iso.get(..19)?))
}

/// A local date and time as a `datetime-local` input gives it ("2026-12-05T09:00") as a UTC date
/// for the server; `None` for anything else.
pub fn from_local_input(value: &str) -> Option<String> {
    if value.len() < 16 || !value.is_ascii() {
        return None;
    }
    let millis = js_sys::Date::new(&wasm_bindgen::JsValue::from_str(value)).get_time();
    millis.is_finite().then(|| tandem_core::date::format_utc((millis / 1000.0) as i64))
}
