//! Credentials and the HTTP `Authorization` header built from them.

/// A login: a username and password, or an API token (the bearer tokens Fastmail and Stalwart
/// issue) in place of the password. `Debug` never prints the password or token.
#[derive(Clone, PartialEq, Eq)]
pub struct Credentials {
    pub username: String,
    pub password: String,
    /// `password` is a bearer token.
    pub token: bool,
}

impl Credentials {
    pub fn new(username: impl Into<String>, password: impl Into<String>) -> Self {
        Self { username: username.into(), password: password.into(), token: false }
    }

    /// An API token, sent as `Authorization: Bearer` (RFC 6750); `username` names the login.
    pub fn bearer(username: impl Into<String>, token: impl Into<String>) -> Self {
        Self { username: username.into(), password: token.into(), token: true }
    }

    /// `Basic base64(username ":" password)`, with both encoded as UTF-8 (RFC 7617
    /// `charset=UTF-8`); or `Bearer <token>`, the token trimmed of the spaces a paste brings.
    pub fn authorization_header(&self) -> String {
        if self.token {
            return format!("Bearer {}", self.password.trim());
        }
        let raw = format!("{}:{}", self.username, self.password);
        format!("Basic {}", base64_encode(raw.as_bytes()))
    }
}

impl std::fmt::Debug for Credentials {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Credentials").field("username", &self.username).field("password", &"…").field("token", &self.token).finish()
    }
}

const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/// Standard base64 with padding (RFC 4648 §4).
pub fn base64_encode(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [chunk[0], *chunk.get(1).unwrap_or(&0), *chunk.get(2).unwrap_or(&0)];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ALPHABET[((n >> (18 - 6 * i)) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_token_is_sent_as_bearer_and_a_password_as_basic() {
        assert_eq!(Credentials::bearer("alice", " fmu1-abc.def \n").authorization_header(), "Bearer fmu1-abc.def");
        assert_eq!(Credentials::new("alice", "tandem").authorization_header(), "Basic YWxpY2U6dGFuZGVt");
        assert!(!format!("{:?}", Credentials::bearer("alice", "secret")).contains("secret"));
    }

    #[test]
    fn base64_matches_rfc4648_vectors() {
        let cases =
            [("", ""), ("f", "Zg=="), ("fo", "Zm8="), ("foo", "Zm9v"), ("foob", "Zm9vYg=="), ("fooba", "Zm9vYmE="), ("foobar", "Zm9vYmFy")];
        for (plain, encoded) in cases {
            assert_eq!(base64_encode(plain.as_bytes()), encoded, "{plain}");
        }
    }

    #[test]
    fn basic_header_encodes_utf8() {
        assert_eq!(Credentials::new("alice", "tandem").authorization_header(), "Basic YWxpY2U6dGFuZGVt");
        // "é" is two bytes in UTF-8.
        assert_eq!(Credentials::new("é", "x").authorization_header(), "Basic w6k6eA==");
    }

    #[test]
    fn debug_hides_password() {
        let text = format!("{:?}", Credentials::new("alice", "hunter2"));
        assert!(text.contains("alice") && !text.contains("hunter2"));
    }
}
