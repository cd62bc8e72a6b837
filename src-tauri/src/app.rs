//! Builds the Tauri app. [`setup`] is generic over the runtime so the tests drive the same
//! commands and state through `tauri::test::mock_builder()`.

use std::path::Path;
use std::sync::Arc;

use tauri::{Builder, Manager, Runtime};

use crate::control_unit::ControlUnits;
use crate::credentials::{self, CredentialStore};
use crate::error::AppError;
use crate::integrity;
use crate::journal_keys::TillJournal;
use crate::payload::Mode;
use crate::payments::Payments;
use crate::startup;
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
    let saved = match store.status()?.mode() {
        Mode::Training => None,
        Mode::Live => store.token()?,
    };
    // The journal's key and head sit in the keyring beside the token.
    let journal = Arc::new(TillJournal::from_keyring(&store, db_path));
    // Live mode never gets the demo catalogue.
    let till = crate::till::open_with(db_path, saved.is_none(), &journal)?;
    let units = Arc::new(ControlUnits::new(Some(store.clone())));
    let payments = Arc::new(Payments::start(&till, saved, units));
    let till = Arc::new(till);
    let checked_db = db_path.to_path_buf();
    let integrity = integrity::Latest::default();
    let latest = integrity.clone();
    Ok(builder
        // Checkouts resumed at start-up reach the window too. (Charge starts the same
        // forwarding if it is not running, e.g. under the mock runtime, which skips setup.)
        .setup(move |app| {
            // WebKit settings that keep the idle memory down (see rendering.rs).
            if let Some(main) = app.get_webview_window("main") {
                crate::rendering::tune_webview(&main);
            }
            let payments = app.state::<Arc<Payments>>();
            payments.forward_events(app.handle(), app.state::<Arc<Till>>().inner().clone());
            // Slow on a big file: its own thread and connection, never in a sale's way.
            integrity::spawn(app.handle().clone(), checked_db, latest);
            Ok(())
        })
        .manage(store)
        .manage(journal)
        .manage(integrity)
        .manage(crate::payload::Problem(None))
        .manage(payments)
        .manage(till)
        .invoke_handler(with_commands!(handler)))
}

/// The invoke handler of every command in `commands/list.rs`.
macro_rules! handler {
    ($($module:ident :: $name:ident),* $(,)?) => {
        tauri::generate_handler![$(crate::commands::$module::$name),*]
    };
}
use handler;

/// The app's real context: config, embedded UI, capabilities. Tests build with it too, so
/// they run against the same permissions the window gets.
pub fn context<R: Runtime>() -> tauri::Context<R> {
    tauri::generate_context!()
}

/// Starts Kassa: the entry point of the `kassa` binary.
pub fn run() {
    // SAFETY: the first statement of the process's only thread; nothing else has started.
    unsafe { crate::rendering::use_software_rendering() };
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| "info".into()),
        )
        .init();
    let path = till::db_path();
    let builder = path
        .clone()
        .and_then(|path| setup(tauri::Builder::default(), &credentials::service(), &path));
    let builder = match builder {
        Ok(builder) => builder,
        Err(error) => {
            // The window opens anyway and says why (see crate::startup).
            tracing::error!(%error, "Kassa could not open the till");
            startup::problem_app(tauri::Builder::default(), error, path.ok().as_deref())
        }
    };
    if let Err(error) = builder.run(context()) {
        tracing::error!(%error, "Kassa stopped with an error");
        std::process::exit(1);
    }
}
