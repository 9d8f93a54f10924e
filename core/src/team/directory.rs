//! The people who can be added to a team's roster, from the server's JMAP Principals where it
//! offers them (RFC 9670). Tandem knows an agent by their login (the session's `username`), and a
//! Principal has no login property, so the directory first finds which property holds logins on
//! this server: the signed-in user's own principal must carry their login as its `email`, its
//! `name`, or its email's local part. When none does, no principal can be mapped safely and the
//! directory is empty: agents are then added by login (docs/scheme.md, "Agents").

use crate::error::JmapError;
use crate::jmap::principals::{principals_account, Principal, PrincipalGet, PrincipalQuery};
use crate::jmap::{JmapClient, Request};
use crate::transport::Transport;

/// Principals read at most.
const MAX_PEOPLE: usize = 500;

/// Someone who can be put on the roster.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Person {
    /// Lower-cased, as the roster keeps logins.
    pub login: String,
    /// The principal's display name (the login when it has none).
    pub name: String,
}

/// The display name the directory gives `login` (lower-cased, as the roster keeps it), if any.
pub fn name_of<'a>(people: &'a [Person], login: &str) -> Option<&'a str> {
    people.iter().find(|p| p.login == login).map(|p| p.name.as_str())
}

/// Which Principal property holds a login on this server.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum LoginKey {
    Email,
    Name,
    EmailLocalPart,
}

impl LoginKey {
    fn login(self, p: &Principal) -> Option<String> {
        let login = match self {
            LoginKey::Email => p.email.clone()?,
            LoginKey::Name => p.name.clone(),
            LoginKey::EmailLocalPart => p.email.as_deref()?.split_once('@')?.0.to_string(),
        };
        let login = login.trim().to_lowercase();
        (!login.is_empty()).then_some(login)
    }

    /// The key under which `me` (the signed-in user's principal) carries `username`.
    fn of(me: &Principal, username: &str) -> Option<LoginKey> {
        let username = username.trim().to_lowercase();
        [LoginKey::Email, LoginKey::Name, LoginKey::EmailLocalPart].into_iter().find(|k| k.login(me).as_deref() == Some(username.as_str()))
    }
}

/// The individuals among `principals` with their logins, by name; empty when the signed-in user
/// (`current_user`, or else the principal matching `username`) shows no way to tell logins.
pub fn people(principals: &[Principal], current_user: Option<&str>, username: &str) -> Vec<Person> {
    let individuals: Vec<&Principal> = principals.iter().filter(|p| p.kind == "individual").collect();
    let key = match current_user.and_then(|id| individuals.iter().find(|p| p.id == id)) {
        Some(me) => LoginKey::of(me, username),
        None => individuals.iter().find_map(|p| LoginKey::of(p, username)),
    };
    let Some(key) = key else { return Vec::new() };
    let mut out: Vec<Person> = Vec::new();
    for p in individuals {
        let Some(login) = key.login(p) else { continue };
        if out.iter().any(|o| o.login == login) {
            continue;
        }
        let name = if p.name.trim().is_empty() { login.clone() } else { p.name.trim().to_string() };
        out.push(Person { login, name });
    }
    crate::sort::sort_by(&mut out, |a, b| a.name.to_lowercase().cmp(&b.name.to_lowercase()).then_with(|| a.login.cmp(&b.login)));
    out
}

/// The server's directory of people, or `None` when it does not offer JMAP Principals (Cyrus 3.6,
/// for one): one request of two calls.
pub async fn load_directory<T: Transport>(client: &JmapClient<T>) -> Result<Option<Vec<Person>>, JmapError> {
    let Some(account) = principals_account(client.session()) else { return Ok(None) };
    let limit = MAX_PEOPLE.min(client.limits().max_objects_in_get) as u64;
    let mut request = Request::new();
    let query = request.add(PrincipalQuery::new(&account.account_id).of_type("individual").limit(limit));
    let get = request.add(PrincipalGet::new(&account.account_id, query.ids("/ids")));
    let response = client.send(request).await?;
    let principals = response.get(&get)?.list;
    Ok(Some(people(&principals, account.current_user.as_deref(), &client.session().username)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(id: &str, kind: &str, name: &str, email: Option<&str>) -> Principal {
        Principal { id: id.into(), kind: kind.into(), name: name.into(), email: email.map(str::to_string) }
    }

    fn logins(people: &[Person]) -> Vec<(&str, &str)> {
        people.iter().map(|p| (p.login.as_str(), p.name.as_str())).collect()
    }

    #[test]
    fn logins_are_emails_where_the_user_signs_in_with_an_email() {
        let list = [
            p("p1", "individual", "Jane Doe", Some("Jane@Example.com")),
            p("p2", "individual", "فاطمة الزهراء", Some("fatima@example.com")),
            p("p3", "group", "Support", Some("support@example.com")),
            p("p4", "individual", "No Mail", None),
        ];
        let people = people(&list, Some("p1"), "jane@example.com");
        assert_eq!(logins(&people), vec![("jane@example.com", "Jane Doe"), ("fatima@example.com", "فاطمة الزهراء")]);
    }

    #[test]
    fn logins_are_names_or_local_parts_where_the_server_says_so() {
        // A server whose principal names are logins (Stalwart's admin principals, for one).
        let by_name = [p("a", "individual", "alice", Some("alice@team.example")), p("b", "individual", "bob", None)];
        assert_eq!(logins(&people(&by_name, Some("a"), "Alice")), vec![("alice", "alice"), ("bob", "bob")]);
        // Cyrus-style short logins with full addresses.
        let by_local =
            [p("a", "individual", "Alice A.", Some("alice@team.example")), p("c", "individual", "张伟", Some("zhang@team.example"))];
        assert_eq!(logins(&people(&by_local, None, "alice")), vec![("alice", "Alice A."), ("zhang", "张伟")]);
    }

    #[test]
    fn no_mapping_no_directory() {
        // The user's principal carries neither their login nor an address with it: guessing would
        // put wrong logins on the roster.
        let list = [p("a", "individual", "Alice A.", Some("a.anders@team.example")), p("b", "individual", "Bob", Some("bob@team.example"))];
        assert!(people(&list, Some("a"), "alice").is_empty());
        assert!(people(&list, None, "carol").is_empty());
    }

    #[test]
    fn duplicate_logins_keep_the_first() {
        let list =
            [p("a", "individual", "Alice A.", Some("alice@one.example")), p("b", "individual", "Alice B.", Some("alice@two.example"))];
        let people = people(&list, Some("a"), "alice");
        assert_eq!(logins(&people), vec![("alice", "Alice A.")]);
        assert_eq!((name_of(&people, "alice"), name_of(&people, "bob")), (Some("Alice A."), None));
    }
}
