//! Dates as JMAP sends them (RFC 3339 `UTCDate`) and as an agent reads them in a list.

/// Seconds since the Unix epoch for `YYYY-MM-DDTHH:MM:SS[.frac](Z|±HH:MM)`, or `None` if malformed.
pub fn parse_utc(s: &str) -> Option<i64> {
    let b = s.as_bytes();
    if b.len() < 19 || b[4] != b'-' || b[7] != b'-' || !matches!(b[10], b'T' | b't' | b' ') || b[13] != b':' || b[16] != b':' {
        return None;
    }
    let num = |r: std::ops::Range<usize>| s.get(r)?.parse::<i64>().ok();
    let (y, mo, d, h, mi, se) = (num(0..4)?, num(5..7)?, num(8..10)?, num(11..13)?, num(14..16)?, num(17..19)?);
    if !(1..=12).contains(&mo) || !(1..=31).contains(&d) || h > 23 || mi > 59 || se > 60 {
        return None;
    }
    let mut rest = &s[19..];
    if let Some(frac) = rest.strip_prefix('.') {
        rest = frac.trim_start_matches(|c: char| c.is_ascii_digit());
    }
    let offset = match rest {
        "Z" | "z" => 0,
        r if r.len() == 6 && (r.starts_with('+') || r.starts_with('-')) => {
            let sign = if r.starts_with('-') { -1 } else { 1 };
            // `get`, not indexing: six bytes may hold a multi-byte character.
            let hours = r.get(1..3)?.parse::<i64>().ok()?;
            let minutes = r.get(4..6)?.parse::<i64>().ok()?;
            sign * (hours * 3600 + minutes * 60)
        }
        _ => return None,
    };
    Some(days_from_civil(y, mo, d) * 86_400 + h * 3600 + mi * 60 + se - offset)
}

/// Days since 1970-01-01 for a proleptic Gregorian date (H. Hinnant's algorithm).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// (year, month, day, hour, minute) for seconds since the epoch.
fn civil(secs: i64) -> (i64, i64, i64, i64, i64) {
    let days = secs.div_euclid(86_400);
    let rem = secs.rem_euclid(86_400);
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d, rem / 3600, (rem % 3600) / 60)
}

/// How near a date is to now, in the agent's local time: which form a list shows it in (the
/// time for today, the day and month within the year, the whole date before). The words and
/// digits are the browser's, in the interface's language (the app's `intl`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Nearness {
    Today,
    ThisYear,
    Earlier,
}

/// The nearness of `secs` to `now_secs` for an agent `offset_minutes` east of UTC.
pub fn nearness(secs: i64, now_secs: i64, offset_minutes: i64) -> Nearness {
    let shift = offset_minutes.saturating_mul(60);
    let (y, m, d, _, _) = civil(secs.saturating_add(shift));
    let (ny, nm, nd, _, _) = civil(now_secs.saturating_add(shift));
    if (y, m, d) == (ny, nm, nd) {
        Nearness::Today
    } else if y == ny {
        Nearness::ThisYear
    } else {
        Nearness::Earlier
    }
}

/// `secs` since the epoch as a JMAP `UTCDate`, e.g. `2026-12-04T16:37:00Z`.
pub fn format_utc(secs: i64) -> String {
    let (y, m, d, h, mi) = civil(secs);
    format!("{y:04}-{m:02}-{d:02}T{h:02}:{mi:02}:{:02}Z", secs.rem_euclid(60))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_rfc3339() {
        assert_eq!(parse_utc("1970-01-01T00:00:00Z"), Some(0));
        assert_eq!(parse_utc("2024-02-29T12:30:15Z"), Some(1_709_209_815));
        assert_eq!(parse_utc("2024-02-29T14:30:15.123+02:00"), Some(1_709_209_815));
        assert_eq!(parse_utc("2024-13-01T00:00:00Z"), None);
        assert_eq!(parse_utc("yesterday"), None);
        assert_eq!(parse_utc("2024-02-29T12:30:15+0é00"), None, "a multi-byte offset is refused, not sliced");
        assert_eq!(parse_utc("2024-02-29T12:30:15+é:00"), None);
    }

    #[test]
    fn utc_dates_round_trip() {
        for secs in [0, 59, 951_782_461, 1_709_209_815, 4_102_444_800] {
            assert_eq!(parse_utc(&format_utc(secs)), Some(secs));
        }
        assert_eq!(format_utc(1_709_209_815), "2024-02-29T12:30:15Z");
    }

    #[test]
    fn civil_round_trips() {
        for secs in [0, 951_782_400, 1_709_209_815, 4_102_444_800] {
            let (y, m, d, h, mi) = civil(secs);
            let back = parse_utc(&format!("{y:04}-{m:02}-{d:02}T{h:02}:{mi:02}:00Z")).unwrap();
            assert_eq!(back, secs - secs % 60);
        }
    }

    #[test]
    fn nearness_depends_on_the_local_day() {
        let now = parse_utc("2026-11-22T15:00:00Z").unwrap();
        let at = |utc: &str| parse_utc(utc).unwrap();
        assert_eq!(nearness(at("2026-11-22T09:05:00Z"), now, 0), Nearness::Today);
        assert_eq!(nearness(at("2026-03-03T09:05:00Z"), now, 0), Nearness::ThisYear);
        assert_eq!(nearness(at("2025-12-31T23:05:00Z"), now, 0), Nearness::Earlier);
        // Late on the 21st UTC is already the 22nd in Tokyo.
        let tokyo_afternoon = at("2026-11-22T05:00:00Z");
        assert_eq!(nearness(at("2026-11-21T23:30:00Z"), tokyo_afternoon, 540), Nearness::Today);
        assert_eq!(nearness(at("2026-11-21T23:30:00Z"), tokyo_afternoon, 0), Nearness::ThisYear);
    }
}
