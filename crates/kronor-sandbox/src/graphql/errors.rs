//! Errors shaped as Hasura and Kronor send them:
//! `{"errors": [{"message", "extensions": {"code", "path", "type"?}}]}`.

use async_graphql::ErrorExtensionValues;
use serde_json::{Value, json};

use crate::validate::Invalid;

/// Kronor's `extensions.type` for a failed input rule.
pub(crate) const VALIDATION_FAILURE: &str = "VALIDATION_FAILURE";
/// Kronor's `extensions.type` for "retry later with the same key".
pub(crate) const TEMPORARY_FAILURE: &str = "TEMPORARY_FAILURE";

pub(crate) fn error(
    message: impl Into<String>,
    code: &str,
    kind: Option<&str>,
    path: &str,
) -> async_graphql::Error {
    let mut ext = ErrorExtensionValues::default();
    ext.set("code", code);
    ext.set("path", path);
    if let Some(kind) = kind {
        ext.set("type", kind);
    }
    async_graphql::Error {
        message: message.into(),
        source: None,
        extensions: Some(ext),
    }
}

/// A whole response body carrying one error.
pub(crate) fn envelope(message: &str, code: &str, kind: Option<&str>, path: &str) -> Value {
    let mut ext = json!({ "code": code, "path": path });
    if let Some(kind) = kind {
        ext["type"] = json!(kind);
    }
    json!({ "errors": [{ "message": message, "extensions": ext }] })
}

pub(crate) fn access_denied(what: &str) -> async_graphql::Error {
    error(
        format!("{what} is not allowed with this token"),
        "access-denied",
        None,
        "$",
    )
}

/// A failed input rule on argument `arg` of root field `field`.
pub(crate) fn invalid(field: &str, arg: &str, invalid: &Invalid) -> async_graphql::Error {
    let (name, path) = if invalid.field.is_empty() {
        (arg.to_owned(), format!("$.selectionSet.{field}.args.{arg}"))
    } else {
        (
            format!("{arg}.{}", invalid.field),
            format!("$.selectionSet.{field}.args.{arg}.{}", invalid.field),
        )
    };
    error(
        format!("{name}: {}", invalid.rule),
        "validation-failed",
        Some(VALIDATION_FAILURE),
        &path,
    )
}

/// A refused request that is not about one input field (unknown purchase, reused key, …).
pub(crate) fn refused(field: &str, message: impl Into<String>) -> async_graphql::Error {
    error(
        message,
        "validation-failed",
        Some(VALIDATION_FAILURE),
        &format!("$.selectionSet.{field}"),
    )
}
