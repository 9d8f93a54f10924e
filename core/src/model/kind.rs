//! The `X-Tandem-Kind` of the emails Tandem adds to a thread in `Tandem/Notes` (docs/scheme.md,
//! "Notes and activity"): written by `team::notes` and `team::activity`, read wherever a thread is
//! shown or listed.

pub const KIND_NOTE: &str = "note";
pub const KIND_ACTIVITY: &str = "activity";
