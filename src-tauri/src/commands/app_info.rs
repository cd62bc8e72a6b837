use std::sync::Arc;

use tauri::State;

use super::blocking;
use crate::credentials::CredentialStore;
use crate::error::AppError;
use crate::payload::{AppInfo, Problem, StartupProblem};
use crate::till::Till;

/// Version, mode (training while no token is configured) and the tender F12 charges with.
#[tauri::command]
pub async fn app_info(
    store: State<'_, CredentialStore>,
    till: State<'_, Arc<Till>>,
) -> Result<AppInfo, AppError> {
    let store = store.inner().clone();
    let till = till.inner().clone();
    let (status, default_tender) = blocking(move || {
        let tender = till.db()?.till_settings()?.default_tender;
        Ok((store.status()?, tender))
    })
    .await?;
    Ok(AppInfo {
        version: env!("CARGO_PKG_VERSION").to_owned(),
        mode: status.mode(),
        default_tender,
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
