//! Credentials: the secret merchant token, a payment session's token and the per-order wait
//! token.

use secrecy::{ExposeSecret, SecretString};
use std::fmt;

/// The merchant's Kronor API token (a JWT with the full merchant role).
///
/// It cannot be printed (`Debug` shows `MerchantToken(<redacted>)`, there is no `Display`) nor
/// serialized; the only way out is the `Authorization` header the client builds.
#[derive(Clone)]
pub struct MerchantToken(SecretString);

/// Longest token accepted; Kronor's tokens are JWTs far below this.
pub const MAX_TOKEN_LEN: usize = 8192;
/// Shortest token accepted: anything shorter is a typo, not a JWT.
pub const MIN_TOKEN_LEN: usize = 8;

/// Why a typed or pasted token cannot be a Kronor token. The messages never quote the token.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TokenError {
    #[error("the token is shorter than {MIN_TOKEN_LEN} characters")]
    TooShort,
    #[error("the token is longer than {MAX_TOKEN_LEN} bytes")]
    TooLong,
    #[error("the token contains spaces or control characters")]
    Whitespace,
}

impl MerchantToken {
    /// Wraps a token; surrounding whitespace (e.g. from a pasted value) is dropped.
    /// No checks: for tokens from a trusted source (the sandbox, the keyring).
    pub fn new(token: impl Into<String>) -> Self {
        let token: String = token.into();
        MerchantToken(SecretString::from(token.trim().to_owned()))
    }

    /// Checks what the merchant typed or pasted (stray whitespace around it is dropped):
    /// 8 to 8192 bytes, no spaces or control characters inside.
    pub fn parse(raw: &str) -> Result<Self, TokenError> {
        let trimmed = raw.trim();
        if trimmed.chars().count() < MIN_TOKEN_LEN {
            return Err(TokenError::TooShort);
        }
        if trimmed.len() > MAX_TOKEN_LEN {
            return Err(TokenError::TooLong);
        }
        if trimmed.chars().any(|c| c.is_whitespace() || c.is_control()) {
            return Err(TokenError::Whitespace);
        }
        Ok(MerchantToken(SecretString::from(trimmed.to_owned())))
    }

    /// The last four characters: all a till's screen may show ("ending in …1234").
    pub fn last4(&self) -> String {
        let token = self.0.expose_secret();
        let skip = token.chars().count().saturating_sub(4);
        token.chars().skip(skip).collect()
    }

    /// The token itself, for the one place that must store it (the OS keyring). Named so
    /// that every use stands out in a review.
    pub fn expose_secret(&self) -> &str {
        self.0.expose_secret()
    }

    pub(crate) fn bearer(&self) -> String {
        format!("Bearer {}", self.0.expose_secret())
    }
}

impl fmt::Debug for MerchantToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("MerchantToken(<redacted>)")
    }
}

/// The token Kronor returns with a new purchase order. It can only read that one order, so it
/// is safe to hand to a browser or a phone (it is what the SCA page URL carries).
#[derive(Clone, PartialEq, Eq, Debug, serde::Serialize, serde::Deserialize)]
#[serde(transparent)]
pub struct WaitToken(String);

impl WaitToken {
    pub fn new(token: impl Into<String>) -> Self {
        WaitToken(token.into())
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub(crate) fn bearer(&self) -> String {
        format!("Bearer {}", self.0)
    }
}

/// The token of one payment session (`newPaymentSessionWithReferenceCheck`), role
/// payment-gateway: it can start, read and cancel that session's payments (Swish).
///
/// A secret like [`MerchantToken`]: whoever holds it can act on the session, so it is kept
/// between the till and Kronor. `Debug` shows `SessionToken(<redacted>)`; there is no
/// `Display` and no `Serialize`.
#[derive(Clone)]
pub struct SessionToken(SecretString);

impl SessionToken {
    pub fn new(token: impl Into<String>) -> Self {
        SessionToken(SecretString::from(token.into()))
    }

    pub(crate) fn bearer(&self) -> String {
        format!("Bearer {}", self.0.expose_secret())
    }
}

impl fmt::Debug for SessionToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("SessionToken(<redacted>)")
    }
}

/// Comparing is safe (nothing is shown): a retried session request must give the same token.
impl PartialEq for SessionToken {
    fn eq(&self, other: &Self) -> bool {
        self.0.expose_secret() == other.0.expose_secret()
    }
}

impl Eq for SessionToken {}

/// Which token authorises a request.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Credential<'a> {
    Merchant,
    Wait(&'a WaitToken),
    Session(&'a SessionToken),
}

#[cfg(test)]
mod tests {
    use super::*;

    // The merchant token cannot be shown or written anywhere by accident.
    static_assertions::assert_not_impl_any!(MerchantToken: std::fmt::Display, serde::Serialize);
    static_assertions::assert_not_impl_any!(SessionToken: std::fmt::Display, serde::Serialize);

    #[test]
    fn session_token_debug_is_redacted() {
        let token = SessionToken::new("session.secret.part");
        let shown = format!("{token:?} {token:#?} {:?}", Credential::Session(&token));
        assert!(!shown.contains("secret"), "{shown}");
        assert!(shown.contains("SessionToken(<redacted>)"), "{shown}");
        assert_eq!(token.bearer(), "Bearer session.secret.part");
    }

    #[test]
    fn merchant_token_debug_is_redacted() {
        let token = MerchantToken::new(" eyJhbGciOi.secret.part ");
        let shown = format!("{token:?} {token:#?}");
        assert!(!shown.contains("secret"), "{shown}");
        assert!(!shown.contains("part"), "{shown}");
        assert_eq!(token.bearer(), "Bearer eyJhbGciOi.secret.part");
    }

    #[test]
    fn parse_trims_and_last4_is_the_end_of_the_token() {
        let token = MerchantToken::parse("  abcdefgh1234\n").unwrap();
        assert_eq!(token.last4(), "1234");
        assert_eq!(token.expose_secret(), "abcdefgh1234");
        assert_eq!(MerchantToken::parse("abcdefgå").unwrap().last4(), "efgå");
    }

    #[test]
    fn parse_refuses_what_cannot_be_a_token_without_quoting_it() {
        for (bad, why) in [
            ("", TokenError::TooShort),
            ("   ", TokenError::TooShort),
            ("abc12", TokenError::TooShort),
            ("has a space inside", TokenError::Whitespace),
            ("tab\tinside-token", TokenError::Whitespace),
            ("nul\0inside-token", TokenError::Whitespace),
        ] {
            let error = MerchantToken::parse(bad).map(|_| ()).unwrap_err();
            assert_eq!(error, why, "{bad:?}");
            let message = error.to_string();
            assert!(
                bad.trim().is_empty() || !message.contains(bad.trim()),
                "{message}"
            );
        }
        let huge = "x".repeat(MAX_TOKEN_LEN + 1);
        assert_eq!(
            MerchantToken::parse(&huge).map(|_| ()).unwrap_err(),
            TokenError::TooLong
        );
        assert!(MerchantToken::parse(&"x".repeat(MAX_TOKEN_LEN)).is_ok());
    }
}
