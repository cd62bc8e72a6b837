//! The commands the UI may invoke. Each is a few lines over the till; blocking work (the
//! keyring talks D-Bus, SQLite writes to disk) runs on a blocking thread so the window never stalls.
//! Adding one means: a function here, its name in `build.rs`, and a grant in
//! `capabilities/main.json`.

// `generate_handler!` needs the commands' full paths (it looks for macro-generated items
// beside each function), so the modules are public rather than re-exported.
pub mod app_info;
pub mod cart;
pub mod cash;
pub mod cashier;
pub mod catalogue;
pub mod catalogue_admin;
pub mod control_unit;
pub mod credentials;
pub mod customer_display;
pub mod history;
pub mod pay;
pub mod receipt_output;
pub mod reports;
pub mod settings;
pub mod split;

use crate::error::{AppError, ErrorCode};

/// Runs blocking work off the async runtime and folds a panicked task into `Internal`.
async fn blocking<T: Send + 'static>(
    work: impl FnOnce() -> Result<T, AppError> + Send + 'static,
) -> Result<T, AppError> {
    tauri::async_runtime::spawn_blocking(work)
        .await
        .map_err(|e| AppError::new(ErrorCode::Internal, format!("background task failed: {e}")))?
}
