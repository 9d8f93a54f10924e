//! Agent ids: a login made safe for a keyword (docs/scheme.md, "Agent ids").

/// `josé` → `jos_c3_a9`: lower-cased; bytes outside `[a-z0-9.-]` as `_` + two hex digits.
pub fn from_login(login: &str) -> String {
    let mut out = String::with_capacity(login.len());
    for b in login.to_lowercase().bytes() {
        match b {
            b'a'..=b'z' | b'0'..=b'9' | b'.' | b'-' => out.push(b as char),
            _ => out.push_str(&format!("_{b:02x}")),
        }
    }
    out
}

/// The login an agent id was made from, or `None` if it is not a well-formed id.
pub fn to_login(id: &str) -> Option<String> {
    let mut bytes = Vec::with_capacity(id.len());
    let mut rest = id.as_bytes();
    while let Some((&b, tail)) = rest.split_first() {
        if b == b'_' {
            let hex = std::str::from_utf8(tail.get(..2)?).ok()?;
            bytes.push(u8::from_str_radix(hex, 16).ok()?);
            rest = &tail[2..];
        } else {
            bytes.push(b);
            rest = tail;
        }
    }
    String::from_utf8(bytes).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_keyword_safe_and_reversible() {
        for (login, id) in
            [("alice", "alice"), ("Bob", "bob"), ("josé", "jos_c3_a9"), ("a_b@x.org", "a_5fb_40x.org"), ("张伟", "_e5_bc_a0_e4_bc_9f")]
        {
            assert_eq!(from_login(login), id);
            assert_eq!(to_login(id).as_deref(), Some(login.to_lowercase().as_str()));
            assert!(id.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b"._-".contains(&b)));
        }
        assert_eq!(to_login("bad_z"), None);
    }
}
