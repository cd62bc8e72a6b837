//! Reading the caller's token the way Hasura does, with Hasura's error codes and messages.

use serde_json::Value;

use crate::engine::Engine;
use crate::graphql::envelope;
use crate::tokens::Principal;

/// The `Authorization` header's value (HTTP header or `connection_init` payload) → caller, or
/// a Hasura error body (`access-denied`, `invalid-headers`, `invalid-jwt`).
pub(crate) fn authenticate(engine: &Engine, header: Option<&str>) -> Result<Principal, Value> {
    let Some(header) = header else {
        return Err(envelope(
            "Missing 'Authorization' or 'Cookie' header in JWT authentication mode",
            "access-denied",
            None,
            "$",
        ));
    };
    let token = header
        .strip_prefix("Bearer ")
        .or_else(|| header.strip_prefix("bearer "))
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .ok_or_else(|| {
            envelope(
                "Malformed Authorization header",
                "invalid-headers",
                None,
                "$",
            )
        })?;
    engine
        .tokens
        .verify(token)
        .map_err(|e| envelope(&e.to_string(), "invalid-jwt", None, "$"))
}

/// The `Authorization` member of a `connection_init` payload `{"headers": {…}}` (any case).
pub(crate) fn init_payload_header(payload: Option<&Value>) -> Option<String> {
    let headers = payload?.get("headers").or(payload)?.as_object()?;
    headers
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case("authorization"))
        .and_then(|(_, v)| v.as_str())
        .map(str::to_owned)
}
