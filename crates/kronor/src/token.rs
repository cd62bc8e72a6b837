//! Credentials: the secret merchant token and the per-order wait token.

use secrecy::{ExposeSecret, SecretString};
use std::fmt;

/// The merchant's Kronor API token (a JWT with the full merchant role).
///
/// It cannot be printed (`Debug` shows `MerchantToken(<redacted>)`, there is no `Display`) nor
/// serialized; the only way out is the `Authorization` header the client builds.
#[derive(Clone)]
pub struct MerchantToken(SecretString);

impl MerchantToken {
    /// Wraps a token; surrounding whitespace (e.g. from a pasted value) is dropped.
    pub fn new(token: impl Into<String>) -> Self {
        let token: String = token.into();
        MerchantToken(SecretString::from(token.trim().to_owned()))
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

/// Which token authorises a request.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Credential<'a> {
    Merchant,
    Wait(&'a WaitToken),
}

#[cfg(test)]
mod tests {
    use super::*;

    // The merchant token cannot be shown or written anywhere by accident.
    static_assertions::assert_not_impl_any!(MerchantToken: std::fmt::Display, serde::Serialize);

    #[test]
    fn merchant_token_debug_is_redacted() {
        let token = MerchantToken::new(" eyJhbGciOi.secret.part ");
        let shown = format!("{token:?}");
        assert!(!shown.contains("secret"), "{shown}");
        assert_eq!(token.bearer(), "Bearer eyJhbGciOi.secret.part");
    }
}
