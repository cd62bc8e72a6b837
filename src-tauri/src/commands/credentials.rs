use tauri::State;

use super::blocking;
use crate::credentials::CredentialStore;
use crate::error::AppError;
use crate::payload::CredentialsStatus;
use crate::secret::KronorToken;

/// "Configured, ending in …1234", not configured, or no secure store.
#[tauri::command]
pub async fn credentials_status(
    store: State<'_, CredentialStore>,
) -> Result<CredentialsStatus, AppError> {
    let store = store.inner().clone();
    blocking(move || store.status()).await
}

/// Saves the token typed in settings; refused when there is no secure store.
#[tauri::command]
pub async fn save_token(
    store: State<'_, CredentialStore>,
    token: String,
) -> Result<CredentialsStatus, AppError> {
    let token = KronorToken::parse(token)?;
    let store = store.inner().clone();
    blocking(move || store.save(&token)).await
}

#[tauri::command]
pub async fn remove_token(
    store: State<'_, CredentialStore>,
) -> Result<CredentialsStatus, AppError> {
    let store = store.inner().clone();
    blocking(move || store.remove()).await
}
