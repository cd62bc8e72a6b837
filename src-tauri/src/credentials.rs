//! The merchant's Kronor token in the OS keyring, and nowhere else.
//!
//! At start-up [`CredentialStore::probe`] writes, reads back and deletes a probe entry. If
//! any step fails there is no usable secure store, and the store stays
//! [`CredentialsStatus::StoreUnavailable`]: saving is refused rather than falling back to a
//! file or memory. All calls block on D-Bus (or the platform's API); commands run them on
//! a blocking thread.

use keyring::Entry;

use crate::error::{AppError, ErrorCode};
use crate::payload::CredentialsStatus;
use crate::secret::KronorToken;

/// The keyring account holding the token, under the store's service name.
const TOKEN_ACCOUNT: &str = "kronor-merchant-token";
/// The throw-away account the start-up probe writes.
const PROBE_ACCOUNT: &str = "kassa-start-up-probe";

/// The service name Kassa's entries live under in the real app.
pub const SERVICE: &str = "se.kassa.till";

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

    pub fn status(&self) -> Result<CredentialsStatus, AppError> {
        if let Err(reason) = &self.available {
            return Ok(CredentialsStatus::StoreUnavailable {
                reason: reason.clone(),
            });
        }
        match self.entry()?.get_password() {
            Ok(stored) => Ok(CredentialsStatus::Configured {
                last4: KronorToken::from_store(stored).last4(),
            }),
            Err(keyring::Error::NoEntry) => Ok(CredentialsStatus::NotConfigured),
            Err(e) => Err(failed("read the token", &e)),
        }
    }

    /// The token, for the Kronor client. `None` when none is configured.
    pub fn token(&self) -> Result<Option<KronorToken>, AppError> {
        self.require_available()?;
        match self.entry()?.get_password() {
            Ok(stored) => Ok(Some(KronorToken::from_store(stored))),
            Err(keyring::Error::NoEntry) => Ok(None),
            Err(e) => Err(failed("read the token", &e)),
        }
    }

    /// Saves (or replaces) the token, then reads it back so a store that silently drops
    /// writes is caught here and not at the first payment.
    pub fn save(&self, token: &KronorToken) -> Result<CredentialsStatus, AppError> {
        self.require_available()?;
        let entry = self.entry()?;
        entry
            .set_password(token.expose())
            .map_err(|e| failed("save the token", &e))?;
        match entry.get_password() {
            Ok(stored) if stored == token.expose() => Ok(CredentialsStatus::Configured {
                last4: token.last4(),
            }),
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

    fn require_available(&self) -> Result<(), AppError> {
        self.available.clone().map_err(|reason| {
            AppError::new(
                ErrorCode::KeyringUnavailable,
                format!("no secure credential store is available, so nothing is saved: {reason}"),
            )
        })
    }

    fn entry(&self) -> Result<Entry, AppError> {
        Entry::new(&self.service, TOKEN_ACCOUNT).map_err(|e| failed("open the keyring entry", &e))
    }
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
