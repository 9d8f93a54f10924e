//! The database name of a signed-in identity: one IndexedDB database per (server, username), so
//! a cache for another user or another server is never opened, let alone shown.
//!
//! The name is an *escaped* form, not a hash: `tandem-cache-v1:` + origin + `|` + username, each
//! part percent-escaped for `%`, `|` and control characters. Escaping is injective, so two
//! identities can never share a database (a hash could collide), and the name stays readable in
//! the browser's developer tools. The `v1` is the version of this naming scheme; the layout's
//! version is the IndexedDB database version (see `schema`).

/// The prefix of every cache database's name; changing the naming scheme means a new prefix.
pub const NAME_PREFIX: &str = "tandem-cache-v1:";

/// The name of the cache database of `username` on the server at `origin`.
///
/// `origin` is the server the user signed in to (a URL or an origin): the scheme and host are
/// compared case-insensitively and a trailing `/` is ignored, so `HTTPS://Mail.Example.com/` and
/// `https://mail.example.com` share a cache. The username is kept as given (trimmed): servers
/// differ on whether logins are case-sensitive, and a duplicate cache is harmless where a shared
/// one is not.
pub fn database_name(origin: &str, username: &str) -> String {
    format!("{NAME_PREFIX}{}|{}", escape(&normalize_origin(origin)), escape(username.trim()))
}

fn normalize_origin(origin: &str) -> String {
    let origin = origin.trim().trim_end_matches('/');
    let authority_start = origin.find("://").map(|i| i + 3).unwrap_or(0);
    let authority_end = origin[authority_start..].find('/').map(|i| authority_start + i).unwrap_or(origin.len());
    format!("{}{}", origin[..authority_end].to_ascii_lowercase(), &origin[authority_end..])
}

fn escape(part: &str) -> String {
    let mut out = String::with_capacity(part.len());
    for c in part.chars() {
        if c == '%' || c == '|' || c.is_control() {
            let mut buf = [0u8; 4];
            for b in c.encode_utf8(&mut buf).bytes() {
                out.push_str(&format!("%{b:02X}"));
            }
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_name_is_readable_and_prefixed() {
        assert_eq!(database_name("https://mail.example.com", "alice"), "tandem-cache-v1:https://mail.example.com|alice");
    }

    #[test]
    fn the_same_server_written_differently_shares_a_name() {
        assert_eq!(database_name("HTTPS://Mail.Example.COM/", " alice "), database_name("https://mail.example.com", "alice"));
        assert_eq!(database_name("http://localhost:8080/jmap/", "a"), "tandem-cache-v1:http://localhost:8080/jmap|a");
    }

    #[test]
    fn different_identities_never_share_a_name() {
        // Without escaping, both of these would be `…:https://a|b|c`.
        assert_ne!(database_name("https://a|b", "c"), database_name("https://a", "b|c"));
        assert_ne!(database_name("https://a", "b%7Cc"), database_name("https://a", "b|c"));
        assert_ne!(database_name("https://a", "alice"), database_name("https://a", "bob"));
        assert_ne!(database_name("https://a", "alice"), database_name("https://b", "alice"));
        assert_eq!(database_name("https://a", "b|c"), "tandem-cache-v1:https://a|b%7Cc");
    }
}
