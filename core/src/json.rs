//! Reading JSON text into types: every parse of text core and the app do goes through [`parse`],
//! and a JMAP call's arguments are kept as a [`Deferred`] until read into their type.
//!
//! In the browser the text is parsed by the browser's own `JSON.parse` and read into the type by
//! serde-wasm-bindgen; natively (tests, tools) by serde_json. The reason is the app's size: each
//! type read from text by serde_json carries its own copy of serde_json's parser, ~94 KB of the
//! main part before this (16 KB brotli of the first load with the rest of this change; issue 12,
//! BENCHMARKS.md). This is core's one piece of code that differs in the browser; both ways give
//! the same types, and serde_json still writes JSON in both.
//!
//! Both refuse text nested deeper than [`MAX_DEPTH`] before parsing it: serde_json has its own
//! limit, but serde-wasm-bindgen reads a `Value` field by recursion with none, and a server's
//! answer nested ten thousand deep would exhaust the wasm stack, which aborts the app.

use serde::de::DeserializeOwned;
use serde::Deserialize;

/// The deepest nesting of arrays and objects read: below serde_json's own limit (127), far above
/// any answer of a JMAP server (~8) or anything Tandem writes.
pub const MAX_DEPTH: usize = 100;

/// Why a text could not be read: not JSON, too deeply nested, or not of the expected shape.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JsonError(pub String);

impl std::fmt::Display for JsonError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for JsonError {}

/// `text` read as JSON into `T`.
pub fn parse<T: DeserializeOwned>(text: &str) -> Result<T, JsonError> {
    check_depth(text)?;
    reader::parse(text)
}

fn check_depth(text: &str) -> Result<(), JsonError> {
    match nested_within(text, MAX_DEPTH) {
        true => Ok(()),
        false => Err(JsonError(format!("nested deeper than {MAX_DEPTH}"))),
    }
}

/// Whether no array or object in `text` is nested deeper than `limit`, counting brackets outside
/// strings. It reads any text; what is not JSON is left to the parser to refuse.
pub fn nested_within(text: &str, limit: usize) -> bool {
    let (mut depth, mut in_string, mut escaped) = (0usize, false, false);
    for byte in text.bytes() {
        if in_string {
            match byte {
                _ if escaped => escaped = false,
                b'\\' => escaped = true,
                b'"' => in_string = false,
                _ => {}
            }
            continue;
        }
        match byte {
            b'"' => in_string = true,
            b'[' | b'{' => {
                depth += 1;
                if depth > limit {
                    return false;
                }
            }
            b']' | b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    true
}

/// A part of a parsed document kept as it is, to be read into its type when wanted: a JMAP
/// call's arguments, read once by the caller that knows the method's answer type.
#[derive(Debug, Clone, Deserialize)]
#[serde(transparent)]
pub struct Deferred(reader::Kept);

impl Deferred {
    pub fn read<T: DeserializeOwned>(&self) -> Result<T, JsonError> {
        reader::read(&self.0)
    }
}

#[cfg(not(target_arch = "wasm32"))]
mod reader {
    use serde::de::DeserializeOwned;

    use super::JsonError;

    pub type Kept = Box<serde_json::value::RawValue>;

    pub fn parse<T: DeserializeOwned>(text: &str) -> Result<T, JsonError> {
        serde_json::from_str(text).map_err(|e| JsonError(e.to_string()))
    }

    pub fn read<T: DeserializeOwned>(kept: &Kept) -> Result<T, JsonError> {
        parse(kept.get())
    }
}

#[cfg(target_arch = "wasm32")]
mod reader {
    use serde::de::DeserializeOwned;
    use serde::Deserialize;
    use wasm_bindgen::JsValue;

    use super::JsonError;

    /// The parsed value itself, still in the browser's heap.
    #[derive(Debug, Clone, Deserialize)]
    #[serde(transparent)]
    pub struct Kept(#[serde(deserialize_with = "serde_wasm_bindgen::preserve::deserialize")] JsValue);

    pub fn parse<T: DeserializeOwned>(text: &str) -> Result<T, JsonError> {
        from_value(parse_value(text)?)
    }

    pub fn read<T: DeserializeOwned>(kept: &Kept) -> Result<T, JsonError> {
        from_value(kept.0.clone())
    }

    // The steps that do not depend on the type, apart: made once rather than once per type read.
    fn parse_value(text: &str) -> Result<JsValue, JsonError> {
        js_sys::JSON::parse(text).map_err(|e| JsonError(message(&e)))
    }

    fn from_value<T: DeserializeOwned>(value: JsValue) -> Result<T, JsonError> {
        serde_wasm_bindgen::from_value(value).map_err(unreadable)
    }

    #[inline(never)]
    fn unreadable(error: serde_wasm_bindgen::Error) -> JsonError {
        JsonError(error.to_string())
    }

    fn message(error: &JsValue) -> String {
        js_sys::Reflect::get(error, &JsValue::from_str("message")).ok().and_then(|m| m.as_string()).unwrap_or_else(|| "not JSON".into())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nesting_is_counted_outside_strings_only() {
        assert!(nested_within(r#"{"a":[1,{"b":"[[[[{{{{\"]]"}]}"#, 3));
        assert!(!nested_within("[[[[]]]]", 3));
        assert!(nested_within("[[[]]][[[]]]", 3));
        assert!(nested_within(r#""\\"[[["#, 3), "the string ends after the escaped backslash");
        assert!(!nested_within(r#""\\"[[["#, 2));
        assert!(nested_within(r#""\"[[[[""#, 0), "an escaped quote does not end the string");
    }

    #[test]
    fn deep_text_is_refused_before_it_is_parsed() {
        let deep = format!("{}{}", "[".repeat(MAX_DEPTH + 1), "]".repeat(MAX_DEPTH + 1));
        assert_eq!(parse::<serde_json::Value>(&deep), Err(JsonError(format!("nested deeper than {MAX_DEPTH}"))));
        let deepest = format!("{}{}", "[".repeat(MAX_DEPTH), "]".repeat(MAX_DEPTH));
        assert!(parse::<serde_json::Value>(&deepest).is_ok());
    }

    #[test]
    fn a_deferred_part_is_read_into_its_type_later() {
        #[derive(Deserialize)]
        struct Answer {
            calls: Vec<(String, Deferred)>,
        }
        let answer: Answer = parse(r#"{"calls": [["a", {"n": 3}], ["b", [1, 2]]]}"#).unwrap();
        #[derive(Deserialize, Debug, PartialEq)]
        struct N {
            n: u32,
        }
        assert_eq!(answer.calls[0].1.read::<N>(), Ok(N { n: 3 }));
        assert_eq!(answer.calls[1].1.read::<Vec<u8>>(), Ok(vec![1, 2]));
        assert!(answer.calls[1].1.read::<N>().is_err());
    }
}
