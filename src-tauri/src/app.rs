//! Builds the Tauri app. [`setup`] is generic over the runtime so the tests drive the same
//! commands and state through `tauri::test::mock_builder()`.

use std::path::Path;
use std::sync::Arc;

use tauri::{Builder, Manager, Runtime};

use crate::commands;
use crate::credentials::{self, CredentialStore};
use crate::error::AppError;
use crate::payload::Mode;
use crate::payments::Payments;
use crate::till::{self, Till};

/// Registers state and commands on `builder`. The keyring probe runs here, once, before the
/// window opens and any command can ask for the token's status; its answer decides whether
/// the till opens in training mode (demo catalogue when the catalogue is empty).
/// `db_path` is the till's SQLite file (see [`till::db_path`]).
pub fn setup<R: Runtime>(
    builder: Builder<R>,
    keyring_service: &str,
    db_path: &Path,
) -> Result<Builder<R>, AppError> {
    let store = CredentialStore::probe(keyring_service);
    let training = store.status()?.mode() == Mode::Training;
    let till = Till::open(db_path, training)?;
    let payments = if training {
        Payments::training(&till)
    } else {
        Payments::unavailable("payments with a live Kronor token are not wired yet")
    };
    let payments = Arc::new(payments);
    let till = Arc::new(till);
    Ok(builder
        // Checkouts resumed at start-up reach the window too. (Charge starts the same
        // forwarding if it is not running, e.g. under the mock runtime, which skips setup.)
        .setup(|app| {
            let payments = app.state::<Arc<Payments>>();
            payments.forward_events(app.handle(), app.state::<Arc<Till>>().inner().clone());
            Ok(())
        })
        .manage(store)
        .manage(payments)
        .manage(till)
        .invoke_handler(tauri::generate_handler![
            commands::app_info::app_info,
            commands::credentials::credentials_status,
            commands::credentials::save_token,
            commands::credentials::remove_token,
            commands::catalogue::search_products,
            commands::catalogue::product_by_barcode,
            commands::catalogue::categories,
            commands::catalogue::category_products,
            commands::cart::cart,
            commands::cart::cart_add_product,
            commands::cart::cart_add_barcode,
            commands::cart::cart_set_quantity,
            commands::cart::cart_set_discount,
            commands::cart::cart_remove_line,
            commands::cart::cart_set_note,
            commands::cart::cart_clear,
            commands::cart::cart_park,
            commands::cart::parked_sales,
            commands::cart::cart_recall,
            commands::pay::charge,
            commands::pay::cancel_checkout,
            commands::pay::checkout_view,
            // History
            // Catalogue admin
            // Settings
            // Reports
            // Pay extras
        ]))
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
    let builder = till::db_path()
        .and_then(|path| setup(tauri::Builder::default(), credentials::SERVICE, &path));
    let builder = match builder {
        Ok(builder) => builder,
        Err(error) => {
            tracing::error!(%error, "Kassa could not open the till");
            std::process::exit(1);
        }
    };
    if let Err(error) = builder.run(context()) {
        tracing::error!(%error, "Kassa stopped with an error");
        std::process::exit(1);
    }
}
