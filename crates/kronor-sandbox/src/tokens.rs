//! Merchant tokens and waitTokens: HS256 JWTs signed with this sandbox's own secret.
//!
//! Expiry is checked against the sandbox [`Clock`], not the machine's, so tests can let a token
//! expire by advancing a manual clock.

use std::time::Duration;

use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation, errors::ErrorKind};
use serde::{Deserialize, Serialize};

use crate::clock::Clock;

/// The one merchant every sandbox token belongs to.
pub(crate) const MERCHANT_ID: &str = "sandbox-merchant";
const ROLE_MERCHANT: &str = "merchant";
const ROLE_PURCHASE_ORDER: &str = "purchase-order";
const ROLE_PAYMENT_GATEWAY: &str = "payment-gateway";

/// Who is calling, as proven by a verified token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Principal {
    Merchant {
        merchant_id: String,
    },
    /// A waitToken: may read this one purchase order and nothing else.
    WaitToken {
        purchase_order_id: String,
    },
    /// A payment session token (role `payment-gateway`): this one session's payments only.
    Session {
        session_id: String,
    },
}

impl Principal {
    /// The token's role claim, as the request log names it.
    pub(crate) fn role(&self) -> &'static str {
        match self {
            Principal::Merchant { .. } => ROLE_MERCHANT,
            Principal::WaitToken { .. } => ROLE_PURCHASE_ORDER,
            Principal::Session { .. } => ROLE_PAYMENT_GATEWAY,
        }
    }
}

#[derive(Debug, Serialize, Deserialize)]
struct Claims {
    sub: String,
    role: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    purchase_order_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    payment_session_id: Option<String>,
    iat: i64,
    exp: i64,
}

/// Why a token was refused; the message is what Hasura would say.
#[derive(Debug, Clone, thiserror::Error, PartialEq, Eq)]
pub(crate) enum TokenError {
    #[error("Could not verify JWT: JWSError JWSInvalidSignature")]
    BadSignature,
    #[error("Could not verify JWT: JWTExpired")]
    Expired,
    #[error("Could not verify JWT: malformed token")]
    Malformed,
}

pub(crate) struct Tokens {
    encoding: EncodingKey,
    decoding: DecodingKey,
    validation: Validation,
    clock: Clock,
}

impl Tokens {
    pub(crate) fn new(secret: &[u8], clock: Clock) -> Tokens {
        let mut validation = Validation::new(Algorithm::HS256);
        // Expiry is checked against the sandbox clock below, not the machine's.
        validation.validate_exp = false;
        validation.required_spec_claims.clear();
        Tokens {
            encoding: EncodingKey::from_secret(secret),
            decoding: DecodingKey::from_secret(secret),
            validation,
            clock,
        }
    }

    pub(crate) fn mint_merchant(&self, ttl: Duration) -> String {
        self.mint(MERCHANT_ID, ROLE_MERCHANT, None, ttl)
    }

    pub(crate) fn mint_wait(&self, purchase_order_id: &str, ttl: Duration) -> String {
        self.mint(
            MERCHANT_ID,
            ROLE_PURCHASE_ORDER,
            Some(purchase_order_id.to_owned()),
            ttl,
        )
    }

    /// A session token: expires exactly when the session does (sandbox clock).
    pub(crate) fn mint_session(&self, session_id: &str, expires_at: jiff::Timestamp) -> String {
        let iat = self.clock.now().as_second();
        self.encode(Claims {
            sub: MERCHANT_ID.to_owned(),
            role: ROLE_PAYMENT_GATEWAY.to_owned(),
            purchase_order_id: None,
            payment_session_id: Some(session_id.to_owned()),
            iat,
            exp: expires_at.as_second(),
        })
    }

    fn mint(&self, sub: &str, role: &str, po: Option<String>, ttl: Duration) -> String {
        let iat = self.clock.now().as_second();
        let ttl = i64::try_from(ttl.as_secs()).unwrap_or(i64::MAX);
        self.encode(Claims {
            sub: sub.to_owned(),
            role: role.to_owned(),
            purchase_order_id: po,
            payment_session_id: None,
            iat,
            exp: iat.saturating_add(ttl),
        })
    }

    fn encode(&self, claims: Claims) -> String {
        // Encoding an in-memory struct with an HMAC key cannot fail.
        jsonwebtoken::encode(&Header::new(Algorithm::HS256), &claims, &self.encoding)
            .unwrap_or_default()
    }

    pub(crate) fn verify(&self, token: &str) -> Result<Principal, TokenError> {
        let data = jsonwebtoken::decode::<Claims>(token, &self.decoding, &self.validation)
            .map_err(|e| match e.kind() {
                ErrorKind::InvalidSignature => TokenError::BadSignature,
                _ => TokenError::Malformed,
            })?;
        let claims = data.claims;
        if claims.exp <= self.clock.now().as_second() {
            return Err(TokenError::Expired);
        }
        match (
            claims.role.as_str(),
            claims.purchase_order_id,
            claims.payment_session_id,
        ) {
            (ROLE_MERCHANT, None, None) => Ok(Principal::Merchant {
                merchant_id: claims.sub,
            }),
            (ROLE_PURCHASE_ORDER, Some(purchase_order_id), None) => {
                Ok(Principal::WaitToken { purchase_order_id })
            }
            (ROLE_PAYMENT_GATEWAY, None, Some(session_id)) => Ok(Principal::Session { session_id }),
            _ => Err(TokenError::Malformed),
        }
    }
}

/// A fresh random secret for a sandbox that has no database to keep one in.
pub(crate) fn random_secret() -> Vec<u8> {
    let mut secret = vec![0u8; 32];
    // getrandom only fails on platforms without an entropy source; then fall back to time noise.
    if getrandom::fill(&mut secret).is_err() {
        let nanos = jiff::Timestamp::now().as_nanosecond().to_le_bytes();
        for (i, b) in secret.iter_mut().enumerate() {
            *b = nanos[i % nanos.len()] ^ (i as u8);
        }
    }
    secret
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_verify_and_expire_on_the_sandbox_clock() {
        let clock = Clock::manual(jiff::Timestamp::UNIX_EPOCH);
        let tokens = Tokens::new(b"secret", clock.clone());
        let t = tokens.mint_merchant(Duration::from_secs(60));
        assert!(matches!(tokens.verify(&t), Ok(Principal::Merchant { .. })));
        let w = tokens.mint_wait("po-1", Duration::from_secs(60));
        assert_eq!(
            tokens.verify(&w),
            Ok(Principal::WaitToken {
                purchase_order_id: "po-1".into()
            })
        );
        let at = clock
            .now()
            .checked_add(jiff::SignedDuration::from_secs(30))
            .unwrap();
        let s = tokens.mint_session("session-1", at);
        assert_eq!(
            tokens.verify(&s),
            Ok(Principal::Session {
                session_id: "session-1".into()
            })
        );
        clock.advance(Duration::from_secs(30));
        assert_eq!(
            tokens.verify(&s),
            Err(TokenError::Expired),
            "ends with its session"
        );
        clock.advance(Duration::from_secs(31));
        assert_eq!(tokens.verify(&t), Err(TokenError::Expired));
        let other = Tokens::new(b"other", clock);
        assert_eq!(
            other.verify(&other.mint_merchant(Duration::from_secs(5))),
            Ok(Principal::Merchant {
                merchant_id: MERCHANT_ID.into()
            })
        );
        assert_eq!(tokens.verify("garbage"), Err(TokenError::Malformed));
        assert_eq!(
            tokens.verify(&other.mint_merchant(Duration::from_secs(5))),
            Err(TokenError::BadSignature)
        );
    }
}
