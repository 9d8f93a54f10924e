//! JMAP Principals (RFC 9670 §2–§3): the users, groups and resources a server lists, read with
//! `Principal/query` and `Principal/get`. Only what Tandem reads is typed; a server that does not
//! advertise [`CAP_PRINCIPALS`] in its session is never sent these methods.

use serde::Deserialize;
use serde_json::{json, Map, Value};

use super::objects::{GetResponse, QueryResponse};
use super::request::{Ids, Method};
use crate::session::Session;

pub const CAP_PRINCIPALS: &str = "urn:ietf:params:jmap:principals";

/// A Principal as read (RFC 9670 §2.1). `name` is a display name ("Jane Doe"); `email` is null
/// when the principal has none.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Principal {
    pub id: String,
    /// `individual`, `group`, `resource`, `location` or `other`.
    #[serde(rename = "type")]
    pub kind: String,
    pub name: String,
    pub email: Option<String>,
}

/// Where a session offers principals: the account to query and the signed-in user's principal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PrincipalsAccount {
    pub account_id: String,
    /// `currentUserPrincipalId` of the account's capability (RFC 9670 §2), when the server says.
    pub current_user: Option<String>,
}

/// The account to read principals from: the session's primary account for the capability, else
/// any account that has it; `None` when the server does not offer principals at all.
pub fn principals_account(session: &Session) -> Option<PrincipalsAccount> {
    if !session.capabilities.contains_key(CAP_PRINCIPALS) {
        return None;
    }
    let has = |id: &str| session.accounts.get(id).and_then(|a| a.account_capabilities.get(CAP_PRINCIPALS));
    let account_id = session
        .primary_accounts
        .get(CAP_PRINCIPALS)
        .filter(|id| has(id).is_some())
        .or_else(|| session.accounts.iter().find(|(_, a)| a.account_capabilities.contains_key(CAP_PRINCIPALS)).map(|(id, _)| id))?
        .clone();
    let current_user = has(&account_id).and_then(|c| c.get("currentUserPrincipalId")).and_then(Value::as_str).map(str::to_string);
    Some(PrincipalsAccount { account_id, current_user })
}

/// `Principal/query` (RFC 9670 §3.3).
#[derive(Debug, Clone)]
pub struct PrincipalQuery {
    account_id: String,
    filter: Option<Value>,
    limit: Option<u64>,
}

impl PrincipalQuery {
    pub fn new(account_id: &str) -> Self {
        Self { account_id: account_id.into(), filter: None, limit: None }
    }
    /// Only principals of this `type` (`individual` for people).
    pub fn of_type(mut self, kind: &str) -> Self {
        self.filter = Some(json!({ "type": kind }));
        self
    }
    pub fn limit(mut self, limit: u64) -> Self {
        self.limit = Some(limit);
        self
    }
}

impl Method for PrincipalQuery {
    const NAME: &'static str = "Principal/query";
    const CAPABILITY: &'static str = CAP_PRINCIPALS;
    type Response = QueryResponse;
    fn into_arguments(self) -> Map<String, Value> {
        let mut args = Map::new();
        args.insert("accountId".into(), json!(self.account_id));
        if let Some(f) = self.filter {
            args.insert("filter".into(), f);
        }
        if let Some(l) = self.limit {
            args.insert("limit".into(), json!(l));
        }
        args
    }
}

/// `Principal/get` (RFC 9670 §3.1), for the properties [`Principal`] reads.
#[derive(Debug, Clone)]
pub struct PrincipalGet {
    account_id: String,
    ids: Ids,
}

impl PrincipalGet {
    pub fn new(account_id: &str, ids: Ids) -> Self {
        Self { account_id: account_id.into(), ids }
    }
}

impl Method for PrincipalGet {
    const NAME: &'static str = "Principal/get";
    const CAPABILITY: &'static str = CAP_PRINCIPALS;
    type Response = GetResponse<Principal>;
    fn into_arguments(self) -> Map<String, Value> {
        let mut args = Map::new();
        args.insert("accountId".into(), json!(self.account_id));
        self.ids.put(&mut args, "ids");
        args.insert("properties".into(), json!(["id", "type", "name", "email"]));
        args
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::jmap::Request;

    fn session(json: Value) -> Session {
        serde_json::from_value(json).unwrap()
    }

    #[test]
    fn the_principals_account_comes_from_the_session() {
        let base = json!({
            "capabilities": { "urn:ietf:params:jmap:core": {}, CAP_PRINCIPALS: {} },
            "accounts": {
                "u1": { "name": "jane@example.com", "isPersonal": true, "accountCapabilities": { CAP_PRINCIPALS: { "currentUserPrincipalId": "p1" } } },
                "team": { "name": "support", "isPersonal": false, "accountCapabilities": { "urn:ietf:params:jmap:mail": {} } }
            },
            "primaryAccounts": { CAP_PRINCIPALS: "u1" },
            "username": "jane@example.com", "apiUrl": "/jmap/"
        });
        assert_eq!(
            principals_account(&session(base.clone())),
            Some(PrincipalsAccount { account_id: "u1".into(), current_user: Some("p1".into()) })
        );

        let mut no_primary = base.clone();
        no_primary["primaryAccounts"] = json!({});
        assert_eq!(principals_account(&session(no_primary)).map(|a| a.account_id), Some("u1".into()));

        let mut not_offered = base;
        not_offered["capabilities"] = json!({ "urn:ietf:params:jmap:core": {} });
        assert_eq!(principals_account(&session(not_offered)), None);
    }

    #[test]
    fn individuals_are_queried_then_read_by_reference() {
        let mut request = Request::new();
        let query = request.add(PrincipalQuery::new("u1").of_type("individual").limit(500));
        request.add(PrincipalGet::new("u1", query.ids("/ids")));
        let body = request.to_json();
        assert!(body["using"].as_array().unwrap().contains(&json!(CAP_PRINCIPALS)));
        assert_eq!(body["methodCalls"][0][0], "Principal/query");
        assert_eq!(body["methodCalls"][0][1]["filter"], json!({ "type": "individual" }));
        assert_eq!(body["methodCalls"][1][0], "Principal/get");
        assert_eq!(body["methodCalls"][1][1]["#ids"]["path"], "/ids");
        assert_eq!(body["methodCalls"][1][1]["#ids"]["resultOf"], body["methodCalls"][0][2]);
    }

    #[test]
    fn principals_decode_with_missing_and_null_properties() {
        let got: GetResponse<Principal> = serde_json::from_value(json!({
            "accountId": "u1", "state": "s1", "notFound": [],
            "list": [
                { "id": "p1", "type": "individual", "name": "Jane Doe", "email": "jane@example.com", "timeZone": "Europe/Paris" },
                { "id": "p2", "type": "individual", "name": "فاطمة", "email": null },
                { "id": "p3", "type": "group", "name": "Support" }
            ]
        }))
        .unwrap();
        assert_eq!(got.list[0].email.as_deref(), Some("jane@example.com"));
        assert_eq!(got.list[1], Principal { id: "p2".into(), kind: "individual".into(), name: "فاطمة".into(), email: None });
        assert_eq!(got.list[2].kind, "group");
    }
}
