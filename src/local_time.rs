//! The browser's clock and time zone, for `tandem_core::date`'s labels.

/// Seconds since the Unix epoch.
pub fn now_secs() -> i64 {
    (js_sys::Date::now() / 1000.0) as i64
}

/// Minutes east of UTC for the agent's time zone.
pub fn offset_minutes() -> i64 {
    -(js_sys::Date::new_0().get_timezone_offset() as i64)
}

pub fn short(utc: &str) -> String {
    tandem_core::date::short_label(utc, now_secs(), offset_minutes())
}

pub fn long(utc: &str) -> String {
    tandem_core::date::long_label(utc, offset_minutes())
}
