use tauri::State;

use super::blocking;
use crate::credentials::CredentialStore;
use crate::error::AppError;
use crate::payload::AppInfo;

/// Version and mode: training while no token is configured.
#[tauri::command]
pub async fn app_info(store: State<'_, CredentialStore>) -> Result<AppInfo, AppError> {
    let store = store.inner().clone();
    let status = blocking(move || store.status()).await?;
    Ok(AppInfo {
        version: env!("CARGO_PKG_VERSION").to_owned(),
        mode: status.mode(),
    })
}
