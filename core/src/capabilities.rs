//! The JMAP capability names Tandem uses (RFC 8620, RFC 8621, RFC 9670). Of their own so that the
//! session, which reads them, and the JMAP layer, which asks for them, depend on this alone and not
//! on each other.

pub const CAP_CORE: &str = "urn:ietf:params:jmap:core";
pub const CAP_MAIL: &str = "urn:ietf:params:jmap:mail";
pub const CAP_SUBMISSION: &str = "urn:ietf:params:jmap:submission";
