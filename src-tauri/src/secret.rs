//! The merchant's Kronor token as a type that cannot leak by accident.
//!
//! It implements neither `Display` nor `Serialize`, and its `Debug` prints no part of the
//! token, so it cannot reach a log line or an IPC payload. The memory is wiped on drop
//! (secrecy's `SecretString`). Only [`KronorToken::last4`] leaves, for "ending in …1234".

use secrecy::{ExposeSecret, SecretString};

use crate::error::{AppError, ErrorCode};

/// Longest token accepted; Kronor's tokens are JWTs far below this.
const MAX_LEN: usize = 8192;

pub struct KronorToken(SecretString);

impl KronorToken {
    /// Checks what the cashier typed (or pasted, with stray whitespace around it).
    pub fn parse(raw: String) -> Result<Self, AppError> {
        let trimmed = raw.trim();
        if trimmed.chars().count() < 8 {
            return Err(AppError::new(
                ErrorCode::InvalidToken,
                "the token is shorter than 8 characters",
            ));
        }
        if trimmed.len() > MAX_LEN {
            return Err(AppError::new(
                ErrorCode::InvalidToken,
                format!("the token is longer than {MAX_LEN} bytes"),
            ));
        }
        if trimmed.chars().any(|c| c.is_whitespace() || c.is_control()) {
            return Err(AppError::new(
                ErrorCode::InvalidToken,
                "the token contains spaces or control characters",
            ));
        }
        Ok(Self(SecretString::from(trimmed.to_owned())))
    }

    /// Wraps a token read back from the keyring, which was checked when it was saved.
    pub(crate) fn from_store(stored: String) -> Self {
        Self(SecretString::from(stored))
    }

    /// The last four characters, which is all the UI is ever told.
    pub fn last4(&self) -> String {
        let chars: Vec<char> = self.0.expose_secret().chars().collect();
        chars[chars.len().saturating_sub(4)..].iter().collect()
    }

    /// The token itself, for the keyring and (later) the Kronor client only.
    pub fn expose(&self) -> &str {
        self.0.expose_secret()
    }
}

impl std::fmt::Debug for KronorToken {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("KronorToken(<redacted>)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // The compiler itself refuses to print, serialize or copy a token.
    static_assertions::assert_not_impl_any!(
        KronorToken: serde::Serialize,
        std::fmt::Display,
        Clone,
        ts_rs::TS
    );

    #[test]
    fn debug_output_never_contains_the_token() {
        let token = KronorToken::parse("eyJhbGciOiJIUzI1NiJ9.secret-part-5678".into()).unwrap();
        let printed = format!("{token:?} {:#?}", token);
        assert!(!printed.contains("secret-part"), "{printed}");
        assert!(!printed.contains("5678"), "{printed}");
    }

    #[test]
    fn last4_is_the_end_of_the_trimmed_token() {
        let token = KronorToken::parse("  abcdefgh1234\n".into()).unwrap();
        assert_eq!(token.last4(), "1234");
        assert_eq!(token.expose(), "abcdefgh1234");
    }

    #[test]
    fn rejects_tokens_that_cannot_be_real() {
        for bad in [
            "",
            "   ",
            "abc12",
            "has a space inside",
            "tab\tinside-token",
        ] {
            let error = KronorToken::parse(bad.into()).unwrap_err();
            assert_eq!(error.code, ErrorCode::InvalidToken, "{bad:?}");
            assert!(!error.message.contains(bad.trim()) || bad.trim().is_empty());
        }
        let huge = "x".repeat(MAX_LEN + 1);
        assert_eq!(
            KronorToken::parse(huge).unwrap_err().code,
            ErrorCode::InvalidToken
        );
    }
}
