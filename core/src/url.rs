//! Just enough URL handling for JMAP: normalise what an agent types as a server address, and
//! resolve the (often relative) URLs of a session object against the address that served it.

/// Turns what an agent typed into a base URL without a trailing slash.
/// An empty input means "this origin" and is returned as `fallback_origin`. A bare host gets `https://`.
pub fn normalize_server(input: &str, fallback_origin: &str) -> String {
    let trimmed = input.trim();
    let with_scheme = if trimmed.is_empty() {
        fallback_origin.to_string()
    } else if trimmed.contains("://") {
        trimmed.to_string()
    } else {
        format!("https://{trimmed}")
    };
    with_scheme.trim_end_matches('/').to_string()
}

/// `scheme://host[:port]` of an absolute URL, or `None` for a relative one.
pub fn origin(url: &str) -> Option<&str> {
    let scheme_end = url.find("://")?;
    let rest = &url[scheme_end + 3..];
    let host_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    Some(&url[..scheme_end + 3 + host_end])
}

/// Resolves `reference` against the absolute URL `base` (RFC 3986 §5, for the forms servers use:
/// absolute, scheme-relative, absolute-path and relative-path references).
pub fn resolve(base: &str, reference: &str) -> String {
    if reference.contains("://") {
        return reference.to_string();
    }
    let Some(base_origin) = origin(base) else { return reference.to_string() };
    if let Some(rest) = reference.strip_prefix("//") {
        let scheme = &base[..base.find("://").unwrap_or(0)];
        return format!("{scheme}://{rest}");
    }
    if reference.starts_with('/') {
        return format!("{base_origin}{reference}");
    }
    let path = &base[base_origin.len()..];
    let path = &path[..path.find(['?', '#']).unwrap_or(path.len())];
    let dir = &path[..path.rfind('/').map_or(0, |i| i + 1)];
    let dir = if dir.is_empty() { "/" } else { dir };
    format!("{base_origin}{dir}{reference}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalizes_typed_servers() {
        assert_eq!(normalize_server("", "http://127.0.0.1:8080"), "http://127.0.0.1:8080");
        assert_eq!(normalize_server(" mail.example.com/ ", "x"), "https://mail.example.com");
        assert_eq!(normalize_server("http://localhost:8008/", "x"), "http://localhost:8008");
    }

    #[test]
    fn resolves_session_urls() {
        let base = "http://127.0.0.1:8008/jmap/";
        assert_eq!(resolve(base, "/jmap/"), "http://127.0.0.1:8008/jmap/");
        assert_eq!(resolve(base, "upload/{accountId}/"), "http://127.0.0.1:8008/jmap/upload/{accountId}/");
        assert_eq!(resolve(base, "https://other.example/api"), "https://other.example/api");
        assert_eq!(resolve("https://a.example/.well-known/jmap", "//b.example/x"), "https://b.example/x");
        assert_eq!(resolve("https://a.example", "api"), "https://a.example/api");
        assert_eq!(resolve("https://a.example/x/y?q=1", "z"), "https://a.example/x/z");
    }

    #[test]
    fn origin_of_urls() {
        assert_eq!(origin("http://127.0.0.1:8008/jmap/"), Some("http://127.0.0.1:8008"));
        assert_eq!(origin("https://a.example"), Some("https://a.example"));
        assert_eq!(origin("/jmap/"), None);
    }
}
