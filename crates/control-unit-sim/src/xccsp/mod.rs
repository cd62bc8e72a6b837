//! XCCSP documents: reading a till's `request` (`read`: namespace-aware, whitespace and
//! unknown elements ignored) and writing the unit's `response` (`write`) exactly as the wire
//! page shows it.

mod read;
mod write;

pub(crate) use read::read_request;
pub(crate) use write::write_answer;

/// The namespace of every XCCSP element.
pub const NAMESPACE: &str = "http://www.retailinnovation.se/xccsp";
