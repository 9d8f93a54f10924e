//! A calendar day, as `before:` and `after:` name it: a valid Gregorian date, read from
//! `YYYY-MM-DD` or `YYYY/MM/DD`. Days are UTC days: `before:2026-12-01` means received before
//! `2026-12-01T00:00:00Z`.

/// A valid calendar date, years 1 to 9999. Ordered by date (the fields are in that order).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Day {
    year: u16,
    month: u8,
    day: u8,
}

impl Day {
    /// The day `year-month-day`, if there is one (no 31 April, 29 February only in leap years).
    pub fn new(year: u16, month: u8, day: u8) -> Option<Day> {
        let valid = (1..=9999).contains(&year) && (1..=12).contains(&month) && day >= 1 && day <= days_in_month(year, month);
        valid.then_some(Day { year, month, day })
    }

    /// Reads `YYYY-MM-DD` or `YYYY/MM/DD` (month and day may have one digit); `None` if it is
    /// not a valid date in that form.
    pub fn parse(text: &str) -> Option<Day> {
        let mut parts = text.split(['-', '/']);
        let (year, month, day) = (parts.next()?, parts.next()?, parts.next()?);
        if parts.next().is_some() || year.len() != 4 || !(1..=2).contains(&month.len()) || !(1..=2).contains(&day.len()) {
            return None;
        }
        // `parse` alone would accept a sign ("+1"): digits only.
        let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
        if !digits(year) || !digits(month) || !digits(day) {
            return None;
        }
        Day::new(year.parse().ok()?, month.parse().ok()?, day.parse().ok()?)
    }

    pub fn year(&self) -> u16 {
        self.year
    }

    pub fn month(&self) -> u8 {
        self.month
    }

    pub fn day(&self) -> u8 {
        self.day
    }

    /// The day's first instant as an RFC 3339 UTC date (RFC 8621 `UTCDate`): `YYYY-MM-DDT00:00:00Z`.
    pub fn start_utc(&self) -> String {
        format!("{:04}-{:02}-{:02}T00:00:00Z", self.year, self.month, self.day)
    }

    /// The day's first instant, in seconds since the Unix epoch.
    pub fn start_secs(&self) -> i64 {
        crate::date::parse_utc(&self.start_utc()).unwrap_or_default()
    }

    /// The day after this one; `None` after 9999-12-31.
    pub fn next(&self) -> Option<Day> {
        Day::new(self.year, self.month, self.day + 1)
            .or_else(|| Day::new(self.year, self.month + 1, 1))
            .or_else(|| Day::new(self.year.checked_add(1)?, 1, 1))
    }

    /// The UTC day of an RFC 3339 date in UTC (`…Z`), read from its first ten characters without
    /// allocating: `(year, month, day)`, comparable with a [`Day`]'s. `None` for another form.
    pub(crate) fn of_utc(date: &str) -> Option<(u16, u8, u8)> {
        let b = date.as_bytes();
        if b.len() < 20 || !matches!(b[b.len() - 1], b'Z' | b'z') || b[4] != b'-' || b[7] != b'-' || !matches!(b[10], b'T' | b't' | b' ') {
            return None;
        }
        let num = |r: std::ops::Range<usize>| b[r].iter().try_fold(0u16, |n, &d| d.is_ascii_digit().then(|| n * 10 + u16::from(d - b'0')));
        Some((num(0..4)?, u8::try_from(num(5..7)?).ok()?, u8::try_from(num(8..10)?).ok()?))
    }

    /// This day as `(year, month, day)`, to compare with [`Day::of_utc`].
    pub(crate) fn triple(&self) -> (u16, u8, u8) {
        (self.year, self.month, self.day)
    }
}

fn days_in_month(year: u16, month: u8) -> u8 {
    match month {
        4 | 6 | 9 | 11 => 30,
        2 if year.is_multiple_of(4) && (!year.is_multiple_of(100) || year.is_multiple_of(400)) => 29,
        2 => 28,
        _ => 31,
    }
}

impl std::fmt::Display for Day {
    /// `YYYY-MM-DD`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_both_forms_and_only_real_dates() {
        assert_eq!(Day::parse("2026-12-01"), Day::new(2026, 12, 1));
        assert_eq!(Day::parse("2026/2/3").map(|d| d.to_string()).as_deref(), Some("2026-02-03"));
        assert_eq!(Day::parse("2024-02-29").map(|d| d.day()), Some(29));
        for bad in [
            "2026-02-29",
            "1900-02-29",
            "2026-13-01",
            "2026-04-31",
            "2026-00-10",
            "0000-01-01",
            "26-12-01",
            "2026-+1-01",
            "2026-12",
            "2026-12-01-02",
            "",
            "２０２６-12-01",
        ] {
            assert_eq!(Day::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn starts_and_next_days() {
        let d = Day::new(2026, 12, 31).unwrap();
        assert_eq!(d.start_utc(), "2026-12-31T00:00:00Z");
        assert_eq!(d.next().unwrap().start_utc(), "2027-01-01T00:00:00Z");
        assert_eq!(Day::new(2024, 2, 28).unwrap().next(), Day::new(2024, 2, 29));
        assert_eq!(Day::new(2026, 4, 30).unwrap().next(), Day::new(2026, 5, 1));
        assert_eq!(Day::new(9999, 12, 31).unwrap().next(), None);
        assert_eq!(Day::new(1970, 1, 2).unwrap().start_secs(), 86_400);
    }

    #[test]
    fn reads_the_day_of_a_utc_date() {
        assert_eq!(Day::of_utc("2026-11-30T09:12:00Z"), Some((2026, 11, 30)));
        assert_eq!(Day::of_utc("2026-11-30T09:12:00.25Z"), Some((2026, 11, 30)));
        assert_eq!(Day::of_utc("2026-11-30T09:12:00+01:00"), None);
        assert_eq!(Day::of_utc("2026-1é-30T09:12:00Z"), None);
        assert_eq!(Day::of_utc(""), None);
    }
}
