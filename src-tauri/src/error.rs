//! The one error shape the UI sees: `{code, message}` with a closed set of codes.

use serde::Serialize;
use ts_rs::TS;

/// Every way a command can fail. The UI translates by code, so adding a variant is a
/// deliberate change that the generated TypeScript makes visible.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export_to = "ErrorCode.ts")]
pub enum ErrorCode {
    /// No secure credential store (Secret Service, Keychain, Credential Manager) answers.
    KeyringUnavailable,
    /// The store is there but refused or failed an operation.
    KeyringFailed,
    /// The token the cashier typed cannot be a Kronor token.
    InvalidToken,
    /// A bug in Kassa; the message says what.
    Internal,
}

/// A command failure as it crosses to the UI.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS, thiserror::Error)]
#[error("{code:?}: {message}")]
#[ts(export_to = "AppError.ts")]
pub struct AppError {
    pub code: ErrorCode,
    /// English detail for logs and support; the UI shows its own translation of `code`.
    pub message: String,
}

impl AppError {
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        Self {
            code,
            message: message.into(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crosses_to_the_ui_as_code_and_message() {
        let error = AppError::new(ErrorCode::KeyringUnavailable, "no Secret Service");
        let json = serde_json::to_value(&error).unwrap();
        assert_eq!(
            json,
            serde_json::json!({"code": "keyring_unavailable", "message": "no Secret Service"})
        );
    }
}
