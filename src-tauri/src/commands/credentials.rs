//! The Settings panel's token commands. Saving or removing the token also switches payments
//! between live and training Kronor, at once (see [`crate::payments::Payments::switch`]).

use std::sync::Arc;

use tauri::State;

use super::blocking;
use crate::credentials::{self, CredentialStore};
use crate::error::AppError;
use crate::payload::{CredentialsStatus, KronorEnvironment};
use crate::payments::Payments;
use crate::till::Till;

/// "Staging, configured, ending in …1234", not configured, or no secure store.
#[tauri::command]
pub async fn credentials_status(
    store: State<'_, CredentialStore>,
) -> Result<CredentialsStatus, AppError> {
    let store = store.inner().clone();
    blocking(move || store.status()).await
}

/// Saves the token typed in settings with the Kronor it belongs to (staging unless said),
/// and switches payments to it; refused when there is no secure store or a payment is open.
#[tauri::command]
pub async fn save_token(
    store: State<'_, CredentialStore>,
    till: State<'_, Arc<Till>>,
    payments: State<'_, Arc<Payments>>,
    token: String,
    environment: Option<KronorEnvironment>,
) -> Result<CredentialsStatus, AppError> {
    let token = credentials::parse_token(&token)?;
    let environment = environment.unwrap_or_default();
    let store = store.inner().clone();
    payments
        .switch(&till, move || {
            let status = store.save(token, environment)?;
            // Read back what the keyring holds: the engine runs on exactly that.
            let saved = store.token()?;
            Ok((status, saved))
        })
        .await
}

/// Removes the token and goes back to training mode.
#[tauri::command]
pub async fn remove_token(
    store: State<'_, CredentialStore>,
    till: State<'_, Arc<Till>>,
    payments: State<'_, Arc<Payments>>,
) -> Result<CredentialsStatus, AppError> {
    let store = store.inner().clone();
    payments
        .switch(&till, move || Ok((store.remove()?, None)))
        .await
}
