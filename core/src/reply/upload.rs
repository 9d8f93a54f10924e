//! Uploading a file as a blob (RFC 8620 §6.1): where it goes, whether the server takes a file of
//! that size (checked before a byte is sent), and what its answer means, as an [`AttachmentRef`]
//! or a sentence that names the file. The browser sends the bytes itself (`XMLHttpRequest`, for
//! its progress) and reads the answer with [`answer`]; tools and tests send text through the
//! transport with [`upload_text`].

use serde_json::Value;

use super::message::AttachmentRef;
use crate::capabilities::CAP_MAIL;
use crate::jmap::JmapClient;
use crate::session::Session;
use crate::text::clean_line;
use crate::transport::{HttpRequest, Transport};

/// Why a file was not attached, with the sentence the agent reads (`Display`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UploadError {
    /// Larger than the server takes in one upload (or in one message).
    TooLarge { name: String, size: u64, limit: u64 },
    /// Small enough alone, but the reply's attachments together would be more than one message
    /// may carry.
    TooMuch { name: String, total: u64, limit: u64 },
    /// The server said so itself (413) after the upload started.
    RefusedAsTooLarge { name: String },
    /// A 401: the sign-in is no longer valid.
    SessionEnded,
    /// No answer at all.
    Unreachable { name: String },
    /// Given up: nothing moved for [`UPLOAD_STALL`] (no byte taken by the server, or, once all
    /// were, no answer).
    Stalled { name: String, seconds: u64 },
    /// Another HTTP status.
    Failed { name: String, status: u16 },
    /// An answer that is not an upload's.
    Unreadable { name: String },
}

impl std::fmt::Display for UploadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            UploadError::TooLarge { name, size, limit } => {
                write!(f, "{name} is {}; this server takes files up to {}.", human_size(*size), human_size(*limit))
            }
            UploadError::TooMuch { name, total, limit } => write!(
                f,
                "With {name} the attachments would come to {}; this server sends up to {} in one message.",
                human_size(*total),
                human_size(*limit)
            ),
            UploadError::RefusedAsTooLarge { name } => write!(f, "{name} was not attached: the server says it is too large."),
            UploadError::SessionEnded => write!(f, "Your session has ended: sign in again to attach files."),
            UploadError::Unreachable { name } => write!(f, "{name} was not attached: the server could not be reached."),
            UploadError::Stalled { name, seconds } => {
                write!(f, "{name} was not attached: the upload made no progress for {seconds} seconds. Remove it and attach it again.")
            }
            UploadError::Failed { name, status } => write!(f, "{name} was not attached: the server answered {status}."),
            UploadError::Unreadable { name } => write!(f, "{name} was not attached: the server's answer could not be read."),
        }
    }
}

/// How long an upload may go without moving before it is given up: no more of the file taken by
/// the server, or no answer once all of it was. A fixed time for the whole upload would cut off a
/// large file on a slow link that is still going; a stalled one would otherwise keep the reply's
/// Send waiting for ever. The time a request with a small body gets to be answered.
pub const UPLOAD_STALL: std::time::Duration = crate::transport::ANSWER_WITHIN;

/// Why the upload of `name` was given up when nothing moved for [`UPLOAD_STALL`].
pub fn stalled(name: &str) -> UploadError {
    UploadError::Stalled { name: display_name(name), seconds: UPLOAD_STALL.as_secs() }
}

/// What a server takes: one upload (`maxSizeUpload`), and all of one message's attachments
/// (the account's `maxSizeAttachmentsPerEmail`, when it says).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct UploadLimits {
    pub max_size_upload: u64,
    pub max_attachments_per_email: Option<u64>,
}

impl UploadLimits {
    /// The limits for uploads to `account`.
    pub fn of(session: &Session, account: &str) -> Self {
        let per_email = session
            .accounts
            .get(account)
            .and_then(|a| a.account_capabilities.get(CAP_MAIL))
            .and_then(|m| m.get("maxSizeAttachmentsPerEmail"))
            .and_then(Value::as_u64)
            .filter(|v| *v > 0);
        UploadLimits { max_size_upload: session.max_size_upload(), max_attachments_per_email: per_email }
    }

    /// Refuses `name` of `size` bytes before it is sent, when the reply already carries
    /// `attached` bytes of attachments.
    pub fn check(&self, name: &str, size: u64, attached: u64) -> Result<(), UploadError> {
        let name = display_name(name);
        let limit = self.max_attachments_per_email.map_or(self.max_size_upload, |m| m.min(self.max_size_upload));
        if size > limit {
            return Err(UploadError::TooLarge { name, size, limit });
        }
        match self.max_attachments_per_email {
            Some(limit) if attached.saturating_add(size) > limit => {
                Err(UploadError::TooMuch { name, total: attached.saturating_add(size), limit })
            }
            _ => Ok(()),
        }
    }
}

/// The session's upload URL for `account` (its `{accountId}` filled, percent-encoded).
pub fn upload_url(session: &Session, account: &str) -> String {
    session.upload_url.replace("{accountId}", &encode_component(account))
}

/// The name a file is attached under: one clean line (no controls, no bidi overrides), never
/// empty.
pub fn display_name(name: &str) -> String {
    let clean = clean_line(name);
    if clean.is_empty() {
        "attachment".into()
    } else {
        clean
    }
}

/// What the upload's HTTP answer (`status`, `body`) means for the file `name` of `size` bytes
/// sent as `mime_type`.
pub fn answer(status: u16, body: &str, name: &str, mime_type: &str, size: u64) -> Result<AttachmentRef, UploadError> {
    let name = display_name(name);
    match status {
        200 | 201 => parse_upload(body, &name, mime_type, size),
        0 => Err(UploadError::Unreachable { name }),
        401 => Err(UploadError::SessionEnded),
        413 => Err(UploadError::RefusedAsTooLarge { name }),
        status => Err(UploadError::Failed { name, status }),
    }
}

/// Reads an upload's answer (`accountId`, `blobId`, `type`, `size`) as the attachment `name`;
/// the type and size sent stand in for ones the server leaves out or garbles.
pub fn parse_upload(body: &str, name: &str, mime_type: &str, size: u64) -> Result<AttachmentRef, UploadError> {
    let unreadable = || UploadError::Unreadable { name: name.to_string() };
    let value: Value = crate::json::parse(body).map_err(|_| unreadable())?;
    let blob_id = value.get("blobId").and_then(Value::as_str).filter(|id| is_blob_id(id)).ok_or_else(unreadable)?;
    let server_type = value.get("type").and_then(Value::as_str).unwrap_or_default();
    Ok(AttachmentRef {
        blob_id: blob_id.to_string(),
        name: name.to_string(),
        mime_type: clean_type(server_type).or_else(|| clean_type(mime_type)).unwrap_or_else(|| "application/octet-stream".into()),
        size: value.get("size").and_then(Value::as_u64).unwrap_or(size),
    })
}

/// Uploads `body` (text) as the file `name` to `account`, checked against the limits first.
pub async fn upload_text<T: Transport>(
    client: &JmapClient<T>,
    account: &str,
    name: &str,
    mime_type: &str,
    body: String,
) -> Result<AttachmentRef, UploadError> {
    let size = body.len() as u64;
    UploadLimits::of(client.session(), account).check(name, size, 0)?;
    let request = HttpRequest::post(upload_url(client.session(), account), body)
        .header("Authorization", client.credentials().authorization_header())
        .header("Content-Type", mime_type);
    match client.transport().send(request).await {
        Ok(response) => answer(response.status, &response.body, name, mime_type, size),
        Err(_) => Err(UploadError::Unreachable { name: display_name(name) }),
    }
}

/// A size as agents read it: "840 bytes", "12 KB", "1.5 MB", "62 MB" (units of 1024, one
/// decimal, halves rounded up). In whole numbers (tenths of the unit): float formatting would add
/// several KB of code to the app for this one sentence.
pub fn human_size(bytes: u64) -> String {
    if bytes < 1024 {
        return format!("{bytes} bytes");
    }
    let (mut unit_bytes, mut tenths) = (1024u128, 0u128);
    let mut unit = "KB";
    for u in ["KB", "MB", "GB", "TB"] {
        unit = u;
        tenths = (u128::from(bytes) * 10 + unit_bytes / 2) / unit_bytes;
        if tenths < 10240 {
            break;
        }
        unit_bytes *= 1024;
    }
    match tenths % 10 {
        0 => format!("{} {unit}", tenths / 10),
        tenth => format!("{}.{tenth} {unit}", tenths / 10),
    }
}

/// A blob id as RFC 8620 §1.2 makes ids: 1 to 255 of `A-Za-z0-9_-` (plus `=`, which some
/// servers use).
fn is_blob_id(id: &str) -> bool {
    (1..=255).contains(&id.len()) && id.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'='))
}

/// `type/subtype` (parameters dropped), lower-cased, when it looks like one.
fn clean_type(mime_type: &str) -> Option<String> {
    let essence = mime_type.split(';').next().unwrap_or_default().trim().to_ascii_lowercase();
    let token = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_alphanumeric() || b"!#$&^_.+-".contains(&b));
    let (kind, sub) = essence.split_once('/')?;
    (token(kind) && token(sub) && essence.len() <= 127).then_some(essence)
}

/// Percent-encodes all but RFC 3986's unreserved characters.
fn encode_component(s: &str) -> String {
    s.bytes()
        .map(|b| if b.is_ascii_alphanumeric() || b"-._~".contains(&b) { (b as char).to_string() } else { format!("%{b:02X}") })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const MB: u64 = 1024 * 1024;

    fn limits(upload: u64, per_email: Option<u64>) -> UploadLimits {
        UploadLimits { max_size_upload: upload, max_attachments_per_email: per_email }
    }

    #[test]
    fn a_file_too_large_is_refused_with_a_sentence() {
        let refused = limits(50 * MB, None).check("report.pdf", 62 * MB, 0).unwrap_err();
        assert_eq!(refused.to_string(), "report.pdf is 62 MB; this server takes files up to 50 MB.");
        assert_eq!(limits(50 * MB, None).check("report.pdf", 50 * MB, 0), Ok(()));
        let per_email = limits(1024 * MB, Some(10 * MB)).check("scan.tiff", 11 * MB, 0).unwrap_err();
        assert_eq!(per_email.to_string(), "scan.tiff is 11 MB; this server takes files up to 10 MB.");
        let together = limits(1024 * MB, Some(10 * MB)).check("b.png", 4 * MB, 7 * MB).unwrap_err();
        assert_eq!(together.to_string(), "With b.png the attachments would come to 11 MB; this server sends up to 10 MB in one message.");
        assert_eq!(
            limits(u64::MAX, Some(10)).check("x", 5, u64::MAX),
            Err(UploadError::TooMuch { name: "x".into(), total: u64::MAX, limit: 10 })
        );
    }

    #[test]
    fn names_are_one_clean_line() {
        assert_eq!(display_name("  "), "attachment");
        assert_eq!(display_name("evil\u{202E}fdp.exe\n"), display_name("evilfdp.exe"));
        let refused = limits(10, None).check("a\u{0}b.txt", 11, 0).unwrap_err();
        assert!(!refused.to_string().contains('\u{0}'));
    }

    #[test]
    fn sizes_read_as_people_say_them() {
        assert_eq!(human_size(840), "840 bytes");
        assert_eq!(human_size(12 * 1024), "12 KB");
        assert_eq!(human_size(1536 * 1024), "1.5 MB");
        assert_eq!(human_size(MB - 1), "1 MB");
        assert_eq!(human_size(1024 * MB), "1 GB");
        assert_eq!(human_size(u64::MAX), "16777216 TB");
        assert_eq!(human_size(1280), "1.3 KB", "a half rounds up");
        assert_eq!(human_size(1126), "1.1 KB");
        assert_eq!(human_size(10 * 1024 - 52), "9.9 KB");
    }

    #[test]
    fn the_upload_url_names_the_account() {
        let session = Session { upload_url: "https://x/jmap/upload/{accountId}/".into(), ..sample_session() };
        assert_eq!(upload_url(&session, "support team/1"), "https://x/jmap/upload/support%20team%2F1/");
    }

    #[test]
    fn an_answer_becomes_an_attachment_or_a_sentence() {
        let body = r#"{"accountId":"support","blobId":"G2f9c","type":"application/pdf","size":5120}"#;
        let attached = answer(201, body, "report.pdf", "application/pdf", 5000).unwrap();
        assert_eq!(
            attached,
            AttachmentRef { blob_id: "G2f9c".into(), name: "report.pdf".into(), mime_type: "application/pdf".into(), size: 5120 }
        );
        let garbled = answer(200, r#"{"blobId":"b1","type":"text/html\r\nX: y","size":-1}"#, "a.txt", "text/plain", 3).unwrap();
        assert_eq!((garbled.mime_type.as_str(), garbled.size), ("text/plain", 3));
        assert_eq!(
            answer(200, r#"{"blobId":"<script>"}"#, "a", "", 1).unwrap_err().to_string(),
            "a was not attached: the server's answer could not be read."
        );
        assert_eq!(answer(401, "", "a", "", 1), Err(UploadError::SessionEnded));
        assert_eq!(
            answer(413, "", "big.iso", "", 1).unwrap_err().to_string(),
            "big.iso was not attached: the server says it is too large."
        );
        assert_eq!(answer(0, "", "a", "", 1).unwrap_err().to_string(), "a was not attached: the server could not be reached.");
        assert_eq!(answer(500, "oops", "a", "", 1).unwrap_err().to_string(), "a was not attached: the server answered 500.");
    }

    #[test]
    fn a_stalled_upload_is_named_with_how_long_it_stood_still() {
        assert_eq!(stalled("scan\u{202E}.pdf\n"), UploadError::Stalled { name: "scan.pdf".into(), seconds: 30 });
        assert_eq!(
            stalled("scan.pdf").to_string(),
            "scan.pdf was not attached: the upload made no progress for 30 seconds. Remove it and attach it again."
        );
    }

    #[test]
    fn limits_come_from_the_session() {
        let mut session = sample_session();
        assert_eq!(UploadLimits::of(&session, "support"), limits(50_000_000, None), "the RFC's suggestion when none is said");
        session.capabilities = serde_json::from_str(r#"{"urn:ietf:params:jmap:core":{"maxSizeUpload":1073741824}}"#).unwrap();
        session.accounts.insert(
            "support".into(),
            serde_json::from_str(
                r#"{"name":"support","accountCapabilities":{"urn:ietf:params:jmap:mail":{"maxSizeAttachmentsPerEmail":10485760}}}"#,
            )
            .unwrap(),
        );
        assert_eq!(UploadLimits::of(&session, "support"), limits(1024 * MB, Some(10 * MB)));
    }

    fn sample_session() -> Session {
        serde_json::from_str(r#"{"capabilities":{},"accounts":{},"username":"a","apiUrl":"/jmap/"}"#).unwrap()
    }
}
