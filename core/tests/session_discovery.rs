//! Session discovery and sign-in against the real Cyrus, and every way it can fail.

mod common;

use std::io::{Read, Write};
use std::net::TcpListener;

use common::{block_on, connect, server};
use tandem_core::auth::Credentials;
use tandem_core::jmap::JmapClient;
use tandem_core::native_transport::NativeTransport;
use tandem_core::session::discover;
use tandem_core::JmapError;

#[test]
fn an_agent_sees_the_team_inbox_and_their_own_account() {
    let client = connect("alice");
    let session = client.session();
    assert_eq!(session.username, "alice");
    assert!(session.api_url.starts_with("http://"), "apiUrl made absolute: {}", session.api_url);
    let accounts = session.mail_accounts();
    let team: Vec<_> = accounts.iter().filter(|a| a.is_team).collect();
    assert_eq!(team.len(), 1, "{accounts:?}");
    assert_eq!(team[0].name, "support");
    assert!(accounts.iter().any(|a| !a.is_team && a.id == session.primary_mail_account().unwrap()));
    assert!(session.limits().max_calls_in_request >= 1);
}

#[test]
fn the_well_known_redirect_is_followed() {
    // Cyrus answers /.well-known/jmap with a 301 to /jmap/; discovery must land on the session.
    let session = block_on(discover(&NativeTransport::new(), &server(), &Credentials::new("bob", "tandem"))).unwrap();
    assert_eq!(session.username, "bob");
}

#[test]
fn a_wrong_password_is_reported_as_such() {
    let result = block_on(JmapClient::connect(NativeTransport::new(), &server(), Credentials::new("alice", "not-her-password")));
    assert_eq!(result.err(), Some(JmapError::Unauthorized));
}

#[test]
fn an_unknown_user_is_reported_like_a_wrong_password() {
    let result = block_on(JmapClient::connect(NativeTransport::new(), &server(), Credentials::new("nobody", "x")));
    assert_eq!(result.err(), Some(JmapError::Unauthorized));
}

#[test]
fn a_closed_port_is_unreachable() {
    let port = TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port(); // bound, then freed
    let result = block_on(JmapClient::connect(NativeTransport::new(), &format!("http://127.0.0.1:{port}"), Credentials::new("a", "b")));
    assert!(matches!(result.err(), Some(JmapError::Unreachable { .. })));
}

#[test]
fn a_web_server_that_is_not_jmap_is_named_as_such() {
    // A plain web server (any website) answers with HTML pages, not a session.
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let server = std::thread::spawn(move || {
        for stream in listener.incoming().take(2) {
            let mut stream = stream.unwrap();
            let mut buf = [0u8; 4096];
            let _ = stream.read(&mut buf);
            let body = "<!doctype html><title>Welcome</title><p>It works!";
            let _ = write!(
                stream,
                "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                body.len()
            );
        }
    });
    let result = block_on(JmapClient::connect(NativeTransport::new(), &url, Credentials::new("a", "b")));
    server.join().unwrap();
    match result.err() {
        Some(JmapError::NotJmap { url: u }) => assert_eq!(u, url),
        other => panic!("{other:?}"),
    }
}
