//! Counts and sizes in real Chromium: the browser's plural rules pick each language's form
//! (`tandem::intl::plural`, `tr_count!`), and the catalogs hold the words for every form. A
//! sentence kept for the screen (`tandem::wording::Words`) is said again after a switch.

use leptos::prelude::*;
use tandem::app_error::{AppError, LocalRefusal};
use tandem::catalogs::install;
use tandem::i18n::Locale;
use tandem::intl::{plural, size, Plural};
use tandem::language::choose;
use tandem::wording::Words;
use tandem::{catalog_from_sources, tr, tr_count};
use tandem_core::JmapError;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// The Arabic and Chinese catalogs, which a built app fetches (the runner has no build).
fn catalogs() {
    for (locale, json) in [(Locale::ar, catalog_from_sources!("ar")), (Locale::zh, catalog_from_sources!("zh"))] {
        install(locale, &json).expect("the catalogs in locales/ are whole");
    }
}

fn waiting(n: usize) -> String {
    tr_count!(n, inbox.waiting, count = n)
}

#[wasm_bindgen_test]
fn arabic_counts_take_six_forms() {
    catalogs();
    choose(Locale::ar);
    let forms: Vec<Plural> = [0, 1, 2, 3, 10, 11, 99, 100].into_iter().map(plural).collect();
    use Plural::*;
    assert_eq!(forms, [Zero, One, Two, Few, Few, Many, Many, Other]);
    assert_eq!(waiting(1), "تغيير واحد بانتظار الإرسال");
    assert_eq!(waiting(2), "تغييران بانتظار الإرسال");
    assert_eq!(waiting(3), "3 تغييرات بانتظار الإرسال");
    assert_eq!(waiting(11), "11 تغييرًا بانتظار الإرسال");
    choose(Locale::en);
}

#[wasm_bindgen_test]
fn english_counts_one_and_the_rest_and_chinese_does_not_count() {
    catalogs();
    choose(Locale::en);
    assert_eq!(waiting(1), "1 change waiting");
    assert_eq!(waiting(2), "2 changes waiting");
    assert_eq!(waiting(0), "0 changes waiting");
    choose(Locale::zh);
    assert_eq!(plural(1), Plural::Other);
    assert_eq!(waiting(1), "1 项更改待发送");
    choose(Locale::en);
}

#[wasm_bindgen_test]
fn sizes_are_worded_in_the_language_now_each_time() {
    catalogs();
    choose(Locale::en);
    assert_eq!(size(22), "22 bytes");
    assert_eq!(size(1536 * 1024), "1.5 MB");
    choose(Locale::ar);
    let arabic = size(22);
    assert!(arabic.chars().any(|c| ('\u{0600}'..='\u{06FF}').contains(&c)), "{arabic}");
    choose(Locale::en);
    assert_eq!(size(22), "22 bytes");
}

/// What a view shows of a kept sentence (a memo: worked out again only when what it read
/// changes, as a view is), before and after the agent switches languages.
#[wasm_bindgen_test]
fn kept_words_are_said_again_in_the_language_switched_to() {
    catalogs();
    choose(Locale::en);
    let kept = RwSignal::new(Some(Words::from(AppError::from(JmapError::Unauthorized))));
    let shown = Memo::new(move |_| kept.get().map(|words| words.text()));
    assert_eq!(shown.get_untracked().as_deref(), Some("Wrong username or password."));
    choose(Locale::ar);
    assert_eq!(shown.get_untracked().as_deref(), Some("اسم المستخدم أو كلمة المرور غير صحيحة."));
    kept.set(Some(Words::new(|| tr!(errors.session_ended))));
    let arabic = shown.get_untracked().unwrap_or_default();
    choose(Locale::zh);
    let chinese = shown.get_untracked().unwrap_or_default();
    assert!(!arabic.is_empty() && !chinese.is_empty() && arabic != chinese, "{arabic} / {chinese}");
    kept.set(Some(AppError::Refused(LocalRefusal::CannotQueue).into()));
    let chinese = shown.get_untracked().unwrap_or_default();
    choose(Locale::en);
    assert_ne!(shown.get_untracked().unwrap_or_default(), chinese);
}
