//! Request building with real methods: result references and splitting by `maxCallsInRequest`.
//! A module of its own so that `request` does not depend on `methods`, which depends on it.

use serde_json::json;

use super::methods::{EmailGet, EmailQuery, ThreadGet};
use super::request::{Ids, Request};
use crate::error::JmapError;

#[test]
fn result_references_serialize_with_hash_keys() {
    let mut req = Request::new();
    let q = req.add(EmailQuery::new("A1").limit(10));
    req.add(EmailGet::new("A1", q.ids("/ids")).properties(&["threadId"]));
    let v = req.to_json();
    assert_eq!(v["using"], json!(["urn:ietf:params:jmap:core", "urn:ietf:params:jmap:mail"]));
    let get = &v["methodCalls"][1];
    assert_eq!(get[0], "Email/get");
    assert_eq!(get[1]["#ids"], json!({"resultOf": "c0", "name": "Email/query", "path": "/ids"}));
    assert!(get[1].get("ids").is_none());
    assert_eq!(get[2], "c1");
}

#[test]
fn split_keeps_chains_together() {
    let mut req = Request::new();
    for _ in 0..3 {
        let q = req.add(EmailQuery::new("A"));
        req.add(ThreadGet::new("A", q.ids("/ids")));
    }
    let parts = req.split(3).unwrap();
    let names: Vec<Vec<&str>> = parts.iter().map(|r| r.calls.iter().map(|c| c.id.as_str()).collect()).collect();
    assert_eq!(names, vec![vec!["c0", "c1"], vec!["c2", "c3"], vec!["c4", "c5"]]);
}

#[test]
fn split_packs_independent_calls() {
    let mut req = Request::new();
    for i in 0..5 {
        req.add(ThreadGet::new("A", Ids::List(vec![i.to_string()])));
    }
    let sizes: Vec<usize> = req.split(2).unwrap().iter().map(Request::len).collect();
    assert_eq!(sizes, vec![2, 2, 1]);
}

#[test]
fn split_rejects_a_chain_longer_than_the_limit() {
    let mut req = Request::new();
    let q = req.add(EmailQuery::new("A"));
    let g = req.add(EmailGet::new("A", q.ids("/ids")));
    req.add(ThreadGet::new("A", g.ids("/list/*/threadId")));
    assert!(matches!(req.split(2), Err(JmapError::Limit(_))));
}

#[test]
fn a_preview_asks_for_the_start_of_the_text_and_only_the_parts_id_and_type() {
    let mut req = Request::new();
    req.add(EmailGet::new("A", Ids::List(vec!["e1".into()])).properties(&["preview"]).preview_text(512));
    req.add(EmailGet::new("A", Ids::List(vec!["e2".into()])).text_bodies(None));
    let v = req.to_json();
    let preview = &v["methodCalls"][0][1];
    assert_eq!(preview["fetchTextBodyValues"], json!(true));
    assert_eq!(preview["maxBodyValueBytes"], json!(512));
    assert_eq!(preview["bodyProperties"], json!(["partId", "type"]));
    let whole = &v["methodCalls"][1][1];
    assert_eq!(whole["fetchTextBodyValues"], json!(true));
    assert!(whole.get("bodyProperties").is_none(), "a whole text keeps the server's part descriptions");
    assert!(whole.get("maxBodyValueBytes").is_none());
}
