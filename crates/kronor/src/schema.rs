//! The generated schema module: kept alone so that rebuilding operations does not regenerate it.

#[cynic::schema("kronor")]
pub mod schema {}
