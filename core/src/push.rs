//! JMAP push over an event source (RFC 8620 §7.3), read from a byte stream: the browser's
//! `EventSource` cannot send an `Authorization` header, so the app streams the event source
//! through `fetch` and feeds the bytes here. Each `state` event is a `StateChange`: which types
//! changed in which accounts — the cue to run a delta sync instead of waiting for the next poll.
//!
//! Cyrus 3.6 advertises an `eventSourceUrl` but answers it with `204 No Content`: no push. The
//! app then keeps polling (see the app's `sync_driver`).

use std::collections::BTreeMap;

use serde::Deserialize;

/// The session's `eventSourceUrl` template filled in: every type, no closing after a state
/// event, a ping every `ping` seconds (so a dead connection is noticed).
pub fn event_source_url(template: &str, ping: u32) -> String {
    template.replace("{types}", "*").replace("{closeafter}", "no").replace("{ping}", &ping.to_string())
}

/// `{"@type": "StateChange", "changed": {accountId: {type: state}}}`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct StateChange {
    #[serde(default)]
    pub changed: BTreeMap<String, BTreeMap<String, String>>,
}

impl StateChange {
    /// Whether `account_id` has new mail data (Email, Thread or Mailbox state moved).
    pub fn touches(&self, account_id: &str) -> bool {
        self.changed
            .get(account_id)
            .is_some_and(|types| types.keys().any(|t| matches!(t.as_str(), "Email" | "Thread" | "Mailbox" | "EmailDelivery")))
    }
}

/// Splits a `text/event-stream` into events, however the bytes are chunked.
#[derive(Debug, Default)]
pub struct EventStream {
    buffer: Vec<u8>,
}

/// One server-sent event: its `event:` name (default `message`) and its `data:` lines joined.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Event {
    pub name: String,
    pub data: String,
}

impl EventStream {
    pub fn new() -> Self {
        Self::default()
    }

    /// Takes the next chunk of bytes; returns the events it completed.
    pub fn feed(&mut self, chunk: &[u8]) -> Vec<Event> {
        self.buffer.extend_from_slice(chunk);
        let mut events = Vec::new();
        while let Some((end, skip)) = block_end(&self.buffer) {
            let block: Vec<u8> = self.buffer.drain(..end + skip).take(end).collect();
            if let Some(event) = parse_block(&String::from_utf8_lossy(&block)) {
                events.push(event);
            }
        }
        events
    }

    /// The `StateChange`s among `events` (others — pings — are skipped).
    pub fn state_changes(events: &[Event]) -> Vec<StateChange> {
        events.iter().filter(|e| e.name == "state").filter_map(|e| crate::json::parse(&e.data).ok()).collect()
    }
}

/// Where the first blank line ends a block: (block length, separator length).
fn block_end(buffer: &[u8]) -> Option<(usize, usize)> {
    (0..buffer.len())
        .find_map(|i| [&b"\r\n\r\n"[..], b"\n\n", b"\r\r"].iter().find(|sep| buffer[i..].starts_with(sep)).map(|sep| (i, sep.len())))
}

fn parse_block(block: &str) -> Option<Event> {
    let mut name = String::from("message");
    let mut data: Vec<&str> = Vec::new();
    for line in block.lines() {
        let (field, value) = line.split_once(':').map_or((line, ""), |(f, v)| (f, v.strip_prefix(' ').unwrap_or(v)));
        match field {
            "event" => name = value.to_string(),
            "data" => data.push(value),
            _ => {}
        }
    }
    (!data.is_empty()).then(|| Event { name, data: data.join("\n") })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_template_asks_for_every_type_and_pings() {
        assert_eq!(
            event_source_url("/jmap/eventsource/?types={types}&closeafter={closeafter}&ping={ping}", 30),
            "/jmap/eventsource/?types=*&closeafter=no&ping=30"
        );
    }

    #[test]
    fn events_come_out_whole_however_the_bytes_are_cut() {
        let stream = "event: ping\ndata: {\"interval\":30}\n\n: a comment\nevent: state\r\ndata: {\"@type\":\"StateChange\",\r\ndata: \"changed\":{\"support\":{\"Email\":\"42\"}}}\r\n\r\n";
        for cut in 1..stream.len() {
            let mut parser = EventStream::new();
            let mut events = parser.feed(&stream.as_bytes()[..cut]);
            events.extend(parser.feed(&stream.as_bytes()[cut..]));
            assert_eq!(events.len(), 2, "cut at {cut}");
            let changes = EventStream::state_changes(&events);
            assert_eq!(changes.len(), 1);
            assert!(changes[0].touches("support") && !changes[0].touches("alice"));
        }
    }
}
