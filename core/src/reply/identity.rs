//! The team's From as the server knows it: the team account's JMAP Identity (RFC 8621 §6), used
//! when the team settings hold no address. Cyrus 3.6 answers `Identity/get` on a shared account
//! `accountNotSupportedByMethod`, so there the team sets its address once in the app.

use super::message::{is_address, Address};
use crate::jmap::submission::{Identity, IdentityGet};
use crate::jmap::JmapClient;
use crate::transport::Transport;

/// The first identity of `team_account` with a usable address; `None` when the server offers
/// none there (or will not say: the team's own setting is asked for instead).
pub async fn team_identity<T: Transport>(client: &JmapClient<T>, team_account: &str) -> Option<Address> {
    pick(&client.call(IdentityGet::new(team_account)).await.ok()?.list)
}

/// The first identity with an address a server will send from (Cyrus's stub has none).
fn pick(identities: &[Identity]) -> Option<Address> {
    identities.iter().find(|i| is_address(i.email.trim())).map(|i| Address::new(&i.name, &i.email))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_identity_with_an_address_is_the_from() {
        let identity = |name: &str, email: &str| Identity { id: email.into(), name: name.into(), email: email.into() };
        assert_eq!(pick(&[identity("", "")]), None, "Cyrus's stub");
        let offered = [identity("", "not an address"), identity("فريق الدعم", "support@acme.example"), identity("B", "b@acme.example")];
        assert_eq!(pick(&offered), Some(Address::new("فريق الدعم", "support@acme.example")));
    }
}
