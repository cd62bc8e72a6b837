use tauri::State;

use super::blocking;
use crate::credentials::CredentialStore;
use crate::error::AppError;
use crate::payload::{AppInfo, Problem, StartupProblem};

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

/// Why the till could not open, or `None` when it did (see [`crate::startup`]).
#[tauri::command]
pub fn startup_problem(problem: State<'_, Problem>) -> Result<Option<StartupProblem>, AppError> {
    Ok(problem.0.clone())
}

/// The start-up integrity check's answer, or `None` while it is still running (the window
/// also gets it as the `integrity-checked` event).
#[tauri::command]
pub fn integrity_report(
    latest: State<'_, crate::integrity::Latest>,
) -> Result<Option<crate::integrity::IntegrityReport>, AppError> {
    Ok(latest.get())
}
