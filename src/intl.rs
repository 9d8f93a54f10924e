//! Dates, times, ages and numbers in the interface's language, by the browser's `Intl` (nothing
//! of the kind is compiled into the app: the browser already knows every locale's calendar,
//! digits and words). Formatters are costly to create, so each is made once per language, when
//! first used.

use std::cell::{OnceCell, RefCell};
use std::collections::HashMap;

use js_sys::{Array, Date, Intl, Object, Reflect};
use wasm_bindgen::JsValue;

use tandem_core::date::Nearness;

use crate::i18n::Locale;
use crate::language::{current, tag};

/// The formatters of one language, each made when first used (making one takes the browser
/// a few milliseconds, which a reload's first rows should not wait for more than once).
struct Formats {
    locale: Locale,
    tags: Array,
    time: OnceCell<Intl::DateTimeFormat>,
    day: OnceCell<Intl::DateTimeFormat>,
    date: OnceCell<Intl::DateTimeFormat>,
    full: OnceCell<Intl::DateTimeFormat>,
    relative: OnceCell<Intl::RelativeTimeFormat>,
    number: OnceCell<Intl::NumberFormat>,
    plural: OnceCell<Intl::PluralRules>,
    /// One per unit of [`size`] ("byte", "kilobyte", …).
    sizes: RefCell<HashMap<&'static str, Intl::NumberFormat>>,
}

thread_local! {
    static FORMATS: RefCell<Option<Formats>> = const { RefCell::new(None) };
}

fn options(pairs: &[(&str, &str)]) -> Object {
    let object = Object::new();
    for (key, value) in pairs {
        let _ = Reflect::set(&object, &JsValue::from_str(key), &JsValue::from_str(value));
    }
    object
}

impl Formats {
    fn new(locale: Locale) -> Formats {
        Formats {
            locale,
            tags: Array::of1(&JsValue::from_str(tag(locale))),
            time: OnceCell::new(),
            day: OnceCell::new(),
            date: OnceCell::new(),
            full: OnceCell::new(),
            relative: OnceCell::new(),
            number: OnceCell::new(),
            plural: OnceCell::new(),
            sizes: RefCell::new(HashMap::new()),
        }
    }

    fn dates<'a>(&self, cell: &'a OnceCell<Intl::DateTimeFormat>, pairs: &[(&str, &str)]) -> &'a Intl::DateTimeFormat {
        cell.get_or_init(|| Intl::DateTimeFormat::new(&self.tags, &options(pairs)))
    }

    fn time(&self) -> &Intl::DateTimeFormat {
        self.dates(&self.time, &[("timeStyle", "short")])
    }

    fn day(&self) -> &Intl::DateTimeFormat {
        self.dates(&self.day, &[("month", "short"), ("day", "numeric")])
    }

    fn date(&self) -> &Intl::DateTimeFormat {
        self.dates(&self.date, &[("dateStyle", "medium")])
    }

    fn full(&self) -> &Intl::DateTimeFormat {
        self.dates(&self.full, &[("dateStyle", "medium"), ("timeStyle", "short")])
    }

    fn relative(&self) -> &Intl::RelativeTimeFormat {
        self.relative.get_or_init(|| Intl::RelativeTimeFormat::new(&self.tags, &options(&[("numeric", "auto")])))
    }

    fn number(&self) -> &Intl::NumberFormat {
        self.number.get_or_init(|| Intl::NumberFormat::new(&self.tags, &Object::new()))
    }

    fn plural(&self) -> &Intl::PluralRules {
        self.plural.get_or_init(|| Intl::PluralRules::new(&self.tags, &Object::new()))
    }
}

/// The forms a counted sentence takes (Unicode's plural categories). English uses `One` and
/// `Other`, Chinese only `Other`, Arabic all six; each counted message has all six in every
/// catalog (`tr_count!`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Plural {
    Zero,
    One,
    Two,
    Few,
    Many,
    Other,
}

impl Plural {
    /// The category `Intl.PluralRules` names (anything else is `Other`).
    pub fn named(name: &str) -> Plural {
        match name {
            "zero" => Plural::Zero,
            "one" => Plural::One,
            "two" => Plural::Two,
            "few" => Plural::Few,
            "many" => Plural::Many,
            _ => Plural::Other,
        }
    }
}

/// The form of a sentence counting `n` in the language now, by the browser's plural rules
/// (Arabic: 0 zero, 1 one, 2 two, 3–10 few, 11–99 many, 100 other).
pub fn plural(n: usize) -> Plural {
    with_formats(|f| Plural::named(&String::from(f.plural().select(n as f64))))
}

/// Runs `f` with the formatters of the language now (tracked: a view calling this follows a
/// switch of language).
fn with_formats<T>(f: impl FnOnce(&Formats) -> T) -> T {
    let locale = current();
    FORMATS.with(|cell| {
        let mut cell = cell.borrow_mut();
        match cell.as_ref() {
            Some(formats) if formats.locale == locale => {}
            _ => *cell = Some(Formats::new(locale)),
        }
        match cell.as_ref() {
            Some(formats) => f(formats),
            None => f(&Formats::new(locale)),
        }
    })
}

fn format_date(format: &Intl::DateTimeFormat, secs: i64) -> String {
    let date = Date::new(&JsValue::from_f64(secs as f64 * 1000.0));
    format.format().call1(&JsValue::NULL, &date).ok().and_then(|s| s.as_string()).unwrap_or_default()
}

/// A date in a list: the time today, the day and month this year, the whole date before.
pub fn short(secs: i64, nearness: Nearness) -> String {
    with_formats(|f| match nearness {
        Nearness::Today => format_date(f.time(), secs),
        Nearness::ThisYear => format_date(f.day(), secs),
        Nearness::Earlier => format_date(f.date(), secs),
    })
}

/// A whole date and time ("5 Dec 2026, 19:05", "٥ ديسمبر ٢٠٢٦، ٧:٠٥ م", "2026年12月5日 19:05").
pub fn full(secs: i64) -> String {
    with_formats(|f| format_date(f.full(), secs))
}

/// How long ago, as the language says it ("5 minutes ago", "أمس", "3天前"): `seconds` before now.
pub fn ago(seconds: i64) -> String {
    let (value, unit) = match seconds.max(0) {
        s @ ..=59 => (-(s as f64), "second"),
        s @ 60..=3_599 => (-((s / 60) as f64), "minute"),
        s @ 3_600..=86_399 => (-((s / 3_600) as f64), "hour"),
        s => (-((s / 86_400) as f64), "day"),
    };
    with_formats(|f| {
        if unit == "second" {
            // "now" rather than "0 seconds ago".
            return String::from(f.relative().format(0.0, "second"));
        }
        String::from(f.relative().format(value, unit))
    })
}

/// Makes the formatters the first screens use (the sidebar's counts, the rows' dates), each in a
/// task of its own, ahead of their first use: the browser takes ~15 ms to make the first number
/// formatter and ~5 ms for the dates, which would otherwise fall in the task that shows the
/// first rows, or (at a sign-in) between the mailboxes' answer and the first page's request
/// (measured at 10,000 emails). Nothing is made twice: each is kept for its language.
/// (Untracked: made outside any view, for the language now.)
pub async fn make_ahead() {
    use leptos::prelude::untrack;
    crate::timer::yield_now().await;
    untrack(|| number(0));
    crate::timer::yield_now().await;
    untrack(|| plural(1));
    let now = (Date::now() / 1000.0) as i64;
    for nearness in [Nearness::Today, Nearness::ThisYear, Nearness::Earlier] {
        crate::timer::yield_now().await;
        untrack(|| short(now, nearness));
    }
    crate::timer::yield_now().await;
    untrack(|| full(now));
}

/// A count in the language's digits ("1,234", "١٬٢٣٤").
pub fn number(n: usize) -> String {
    with_formats(|f| {
        f.number()
            .format()
            .call1(&JsValue::NULL, &JsValue::from_f64(n as f64))
            .ok()
            .and_then(|s| s.as_string())
            .unwrap_or_else(|| n.to_string())
    })
}

/// A file's size in the language's words and digits ("22 bytes", "1.5 MB", "١٫٥ ميغابايت"): bytes
/// below 1,024, else kilobytes, megabytes… (1,024 each), one decimal at most.
pub fn size(bytes: u64) -> String {
    const UNITS: [&str; 4] = ["kilobyte", "megabyte", "gigabyte", "terabyte"];
    let (value, unit, display) = if bytes < 1024 {
        (bytes as f64, "byte", "long")
    } else {
        let mut value = bytes as f64 / 1024.0;
        let mut unit = 0;
        while (value * 10.0).round() / 10.0 >= 1024.0 && unit + 1 < UNITS.len() {
            value /= 1024.0;
            unit += 1;
        }
        (value, UNITS[unit], "short")
    };
    with_formats(|f| {
        let mut sizes = f.sizes.borrow_mut();
        let format = sizes.entry(unit).or_insert_with(|| {
            let options = options(&[("style", "unit"), ("unit", unit), ("unitDisplay", display)]);
            let _ = Reflect::set(&options, &JsValue::from_str("maximumFractionDigits"), &JsValue::from_f64(1.0));
            Intl::NumberFormat::new(&f.tags, &options)
        });
        format.format().call1(&JsValue::NULL, &JsValue::from_f64(value)).ok().and_then(|s| s.as_string())
    })
    .unwrap_or_else(|| {
        // In tenths, as integers: no float formatting in the app (see `virtual_list::px`).
        let tenths = (value * 10.0).round() as i64;
        format!("{}.{} {unit}", tenths / 10, tenths % 10)
    })
}

/// [`tr!`] for a sentence that counts `n`: the message's form for `n` in the language now
/// (`tr_count!(n, inbox.waiting, count = …)` reads `inbox.waiting.one`, `.few`, … as
/// [`plural`] says).
#[macro_export]
macro_rules! tr_count {
    ($n:expr, $part:ident . $key:ident $($args:tt)*) => {
        match $crate::intl::plural($n) {
            $crate::intl::Plural::Zero => $crate::tr!($part.$key.zero $($args)*),
            $crate::intl::Plural::One => $crate::tr!($part.$key.one $($args)*),
            $crate::intl::Plural::Two => $crate::tr!($part.$key.two $($args)*),
            $crate::intl::Plural::Few => $crate::tr!($part.$key.few $($args)*),
            $crate::intl::Plural::Many => $crate::tr!($part.$key.many $($args)*),
            $crate::intl::Plural::Other => $crate::tr!($part.$key.other $($args)*),
        }
    };
}
