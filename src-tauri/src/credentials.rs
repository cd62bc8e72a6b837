//! The merchant's Kronor token (and the control unit's password) in the OS keyring, and
//! nowhere else.
//!
//! At start-up [`CredentialStore::probe`] writes, reads back and deletes a probe entry. If
//! any step fails there is no usable secure store, and the store stays
//! [`CredentialsStatus::StoreUnavailable`]: saving is refused rather than falling back to a
//! file or memory. All calls block on D-Bus (or the platform's API); commands run them on
//! a blocking thread.
//!
//! The token's environment (staging or production) belongs to the token, so both live in the
//! one keyring entry as `"<environment> <token>"`: one write, so they never disagree. A
//! token never contains a space ([`MerchantToken::parse`] refuses it), so the split is
//! unambiguous; an entry with no environment in front is a staging token.

use kassa::control_unit::UnitPassword;
use keyring::Entry;
use kronor::MerchantToken;

use crate::error::{AppError, ErrorCode};
use crate::payload::{CredentialsStatus, KronorEnvironment};

/// The keyring account holding the token, under the store's service name.
const TOKEN_ACCOUNT: &str = "kronor-merchant-token";
/// The keyring account holding the XCCSP control unit's password.
const CONTROL_UNIT_ACCOUNT: &str = "control-unit-password";
/// The throw-away account the start-up probe writes.
const PROBE_ACCOUNT: &str = "kassa-start-up-probe";

/// The service name Kassa's entries live under in the real app.
pub const SERVICE: &str = "se.kassa.till";
/// Overrides [`SERVICE`], so end-to-end runs keep their tokens apart from each other (and
/// from a real till's) inside one keyring.
pub const SERVICE_ENV: &str = "KASSA_KEYRING_SERVICE";

/// The service name to use: [`SERVICE_ENV`] if set, else [`SERVICE`].
pub fn service() -> String {
    std::env::var(SERVICE_ENV)
        .ok()
        .filter(|s| !s.trim().is_empty())
        .unwrap_or_else(|| SERVICE.to_owned())
}

/// The token as saved, with the Kronor it belongs to.
pub struct SavedToken {
    pub token: MerchantToken,
    pub environment: KronorEnvironment,
}

impl SavedToken {
    pub fn status(&self) -> CredentialsStatus {
        CredentialsStatus::Configured {
            last4: self.token.last4(),
            environment: self.environment,
        }
    }

    /// What goes into the keyring entry.
    fn encode(&self) -> String {
        let environment = match self.environment {
            KronorEnvironment::Staging => "staging",
            KronorEnvironment::Production => "production",
        };
        format!("{environment} {}", self.token.expose_secret())
    }

    fn decode(stored: &str) -> SavedToken {
        let (environment, token) = match stored.split_once(' ') {
            Some(("production", token)) => (KronorEnvironment::Production, token),
            Some(("staging", token)) => (KronorEnvironment::Staging, token),
            // Saved before the environment was: those were staging tokens.
            _ => (KronorEnvironment::Staging, stored),
        };
        SavedToken {
            token: MerchantToken::new(token),
            environment,
        }
    }
}

#[derive(Debug, Clone)]
pub struct CredentialStore {
    service: String,
    /// `Err(reason)` when the probe failed.
    available: Result<(), String>,
}

impl CredentialStore {
    /// Probes the platform store under `service` and remembers whether it works.
    pub fn probe(service: &str) -> Self {
        let available = probe_entry(service);
        match &available {
            Ok(()) => tracing::info!(service, "secure credential store is available"),
            Err(reason) => tracing::warn!(service, %reason, "no secure credential store"),
        }
        Self {
            service: service.to_owned(),
            available,
        }
    }

    /// Why no secure store is usable, or `None` when the probe passed.
    pub fn unavailable(&self) -> Option<&str> {
        self.available.as_ref().err().map(String::as_str)
    }

    /// The keyring service the till's entries live under.
    pub fn service(&self) -> &str {
        &self.service
    }

    pub fn status(&self) -> Result<CredentialsStatus, AppError> {
        if let Err(reason) = &self.available {
            return Ok(CredentialsStatus::StoreUnavailable {
                reason: reason.clone(),
            });
        }
        Ok(match self.read()? {
            Some(saved) => saved.status(),
            None => CredentialsStatus::NotConfigured,
        })
    }

    /// The token and its environment, for the Kronor client. `None` when none is configured.
    pub fn token(&self) -> Result<Option<SavedToken>, AppError> {
        self.require_available()?;
        self.read()
    }

    /// Saves (or replaces) the token, then reads it back so a store that silently drops
    /// writes is caught here and not at the first payment.
    pub fn save(
        &self,
        token: MerchantToken,
        environment: KronorEnvironment,
    ) -> Result<CredentialsStatus, AppError> {
        self.require_available()?;
        let saved = SavedToken { token, environment };
        let encoded = saved.encode();
        let entry = self.entry()?;
        entry
            .set_password(&encoded)
            .map_err(|e| failed("save the token", &e))?;
        match entry.get_password() {
            Ok(stored) if stored == encoded => Ok(saved.status()),
            Ok(_) => Err(AppError::new(
                ErrorCode::KeyringFailed,
                "the keyring returned a different token than was saved",
            )),
            Err(e) => Err(failed("read the saved token back", &e)),
        }
    }

    /// Removes the token; removing when none is saved is not an error.
    pub fn remove(&self) -> Result<CredentialsStatus, AppError> {
        self.require_available()?;
        match self.entry()?.delete_credential() {
            Ok(()) | Err(keyring::Error::NoEntry) => Ok(CredentialsStatus::NotConfigured),
            Err(e) => Err(failed("remove the token", &e)),
        }
    }

    fn read(&self) -> Result<Option<SavedToken>, AppError> {
        match self.entry()?.get_password() {
            Ok(stored) => Ok(Some(SavedToken::decode(&stored))),
            Err(keyring::Error::NoEntry) => Ok(None),
            Err(e) => Err(failed("read the token", &e)),
        }
    }

    /// The control unit's password, if one is saved.
    pub fn control_unit_password(&self) -> Result<Option<UnitPassword>, AppError> {
        self.require_available()?;
        match self.account(CONTROL_UNIT_ACCOUNT)?.get_password() {
            Ok(stored) => Ok(Some(UnitPassword::new(stored))),
            Err(keyring::Error::NoEntry) => Ok(None),
            Err(e) => Err(failed("read the control unit's password", &e)),
        }
    }

    /// Saves the control unit's password (read back, like the token); `None` removes it.
    pub fn set_control_unit_password(
        &self,
        password: Option<UnitPassword>,
    ) -> Result<(), AppError> {
        self.require_available()?;
        let entry = self.account(CONTROL_UNIT_ACCOUNT)?;
        let Some(password) = password else {
            return match entry.delete_credential() {
                Ok(()) | Err(keyring::Error::NoEntry) => Ok(()),
                Err(e) => Err(failed("remove the control unit's password", &e)),
            };
        };
        entry
            .set_password(password.expose_secret())
            .map_err(|e| failed("save the control unit's password", &e))?;
        match entry.get_password() {
            Ok(stored) if stored == password.expose_secret() => Ok(()),
            Ok(_) => Err(AppError::new(
                ErrorCode::KeyringFailed,
                "the keyring returned a different password than was saved",
            )),
            Err(e) => Err(failed("read the saved password back", &e)),
        }
    }

    fn require_available(&self) -> Result<(), AppError> {
        self.available.clone().map_err(|reason| {
            AppError::new(
                ErrorCode::KeyringUnavailable,
                format!("no secure credential store is available, so nothing is saved: {reason}"),
            )
        })
    }

    fn entry(&self) -> Result<Entry, AppError> {
        self.account(TOKEN_ACCOUNT)
    }

    fn account(&self, account: &str) -> Result<Entry, AppError> {
        Entry::new(&self.service, account).map_err(|e| failed("open the keyring entry", &e))
    }
}

/// What the cashier typed, checked; the error never quotes the token.
pub fn parse_token(raw: &str) -> Result<MerchantToken, AppError> {
    MerchantToken::parse(raw).map_err(|e| AppError::new(ErrorCode::InvalidToken, e.to_string()))
}

fn probe_entry(service: &str) -> Result<(), String> {
    let entry = Entry::new(service, PROBE_ACCOUNT).map_err(|e| describe(&e))?;
    let written = format!("probe-{}", std::process::id());
    entry.set_password(&written).map_err(|e| describe(&e))?;
    let read = entry.get_password().map_err(|e| describe(&e));
    // Delete even when the read failed, so a half-working store keeps no probe behind.
    let deleted = entry.delete_credential().map_err(|e| describe(&e));
    if read? != written {
        return Err("the keyring returned a different value than was written".into());
    }
    deleted
}

fn describe(error: &keyring::Error) -> String {
    match error {
        keyring::Error::NoDefaultStore => match Entry::store_status() {
            Err(cause) => format!(
                "no Secret Service (GNOME Keyring, KWallet) answers on the session bus ({cause})"
            ),
            Ok(()) => "no default credential store is set".into(),
        },
        other => other.to_string(),
    }
}

fn failed(action: &str, error: &keyring::Error) -> AppError {
    AppError::new(
        ErrorCode::KeyringFailed,
        format!("could not {action}: {}", describe(error)),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    // The saved token cannot be printed, logged or sent to the webview by accident.
    static_assertions::assert_not_impl_any!(
        SavedToken: serde::Serialize,
        std::fmt::Display,
        std::fmt::Debug,
        ts_rs::TS
    );

    #[test]
    fn the_environment_travels_with_the_token_in_one_entry() {
        for environment in [KronorEnvironment::Staging, KronorEnvironment::Production] {
            let saved = SavedToken {
                token: MerchantToken::parse("eyJhbGciOiJIUzI1NiJ9.part-4321").unwrap(),
                environment,
            };
            let back = SavedToken::decode(&saved.encode());
            assert_eq!(back.environment, environment);
            assert_eq!(back.token.expose_secret(), "eyJhbGciOiJIUzI1NiJ9.part-4321");
            assert_eq!(
                back.status(),
                CredentialsStatus::Configured {
                    last4: "4321".into(),
                    environment
                }
            );
        }
    }

    #[test]
    fn an_entry_without_an_environment_is_a_staging_token() {
        let saved = SavedToken::decode("eyJhbGciOiJIUzI1NiJ9.older-9999");
        assert_eq!(saved.environment, KronorEnvironment::Staging);
        assert_eq!(saved.token.last4(), "9999");
    }

    #[test]
    fn a_bad_token_is_invalid_token_and_the_message_does_not_quote_it() {
        let error = parse_token("two words-secret").map(|_| ()).unwrap_err();
        assert_eq!(error.code, ErrorCode::InvalidToken);
        assert!(!error.message.contains("secret"), "{error}");
    }
}
