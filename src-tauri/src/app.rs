//! Builds the Tauri app. [`setup`] is generic over the runtime so the tests drive the same
//! commands and state through `tauri::test::mock_builder()`.

use tauri::{Builder, Runtime};

use crate::commands;
use crate::credentials::{self, CredentialStore};

/// Registers state and commands on `builder`. The keyring probe runs here, once, before the
/// window opens and any command can ask for the token's status.
pub fn setup<R: Runtime>(builder: Builder<R>, keyring_service: &str) -> Builder<R> {
    builder
        .manage(CredentialStore::probe(keyring_service))
        .invoke_handler(tauri::generate_handler![
            commands::app_info::app_info,
            commands::credentials::credentials_status,
            commands::credentials::save_token,
            commands::credentials::remove_token,
        ])
}

/// The app's real context: config, embedded UI, capabilities. Tests build with it too, so
/// they run against the same permissions the window gets.
pub fn context<R: Runtime>() -> tauri::Context<R> {
    tauri::generate_context!()
}

/// Starts Kassa: the entry point of the `kassa` binary.
pub fn run() {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| "info".into()),
        )
        .init();
    if let Err(error) = setup(tauri::Builder::default(), credentials::SERVICE).run(context()) {
        tracing::error!(%error, "Kassa stopped with an error");
        std::process::exit(1);
    }
}
