//! The till behind the window: the SQLite database and the sale being rung up, held in Rust
//! (managed state) so a reload of the webview loses nothing.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard};

use kassa::{Cart, Db, VatTable};

use crate::error::{AppError, ErrorCode};
use crate::journal_keys::TillJournal;

/// Overrides where the database lives (tests and the end-to-end runs keep apart with it).
pub const DATA_DIR_ENV: &str = "KASSA_DATA_DIR";

/// The database file's name inside the data folder.
pub const DB_FILE: &str = "kassa.sqlite";

/// The database file: in `KASSA_DATA_DIR` if set, else in the OS data folder.
pub fn db_path() -> Result<PathBuf, AppError> {
    match std::env::var_os(DATA_DIR_ENV) {
        Some(dir) => Ok(PathBuf::from(dir).join(DB_FILE)),
        None => Ok(Db::default_path()?),
    }
}

/// The till's state. Lock order, where both are needed: `cart`, then `db`.
pub struct Till {
    /// Shared with the checkout engine, which writes checkouts and the journal through it.
    db: Arc<Mutex<Db>>,
    cart: Mutex<Cart>,
    vat: VatTable,
}

impl Till {
    /// Opens (or creates) the database at `path` with no keyring (the journal's public key).
    pub fn open(path: &Path, training: bool) -> Result<Till, AppError> {
        let journal = TillJournal::without_keyring("opened without the keyring".into());
        Till::open_with(path, training, &journal)
    }

    /// Opens (or creates) the database at `path` with the till's journal key and kept head.
    /// In training mode an empty catalogue gets the demo café and market stall, so there is
    /// something to sell.
    pub fn open_with(path: &Path, training: bool, journal: &TillJournal) -> Result<Till, AppError> {
        let db = journal.open(path)?;
        if training && db.catalogue().count()? == 0 {
            let added = kassa::demo::load(&db)?;
            tracing::info!(added, "training mode: loaded the demo catalogue");
        }
        // Receipts need shop details; a fresh training till gets the demo shop's.
        if training && kassa::demo::shop_if_unset(&db)? {
            tracing::info!("training mode: set the demo shop");
        }
        Ok(Till {
            db: Arc::new(Mutex::new(db)),
            cart: Mutex::new(Cart::new()),
            vat: VatTable::sweden(),
        })
    }

    pub fn db(&self) -> Result<MutexGuard<'_, Db>, AppError> {
        self.db.lock().map_err(|_| poisoned("database"))
    }

    /// The database handle itself, for the checkout engine.
    pub fn shared_db(&self) -> Arc<Mutex<Db>> {
        self.db.clone()
    }

    pub fn cart(&self) -> Result<MutexGuard<'_, Cart>, AppError> {
        self.cart.lock().map_err(|_| poisoned("cart"))
    }

    pub fn vat(&self) -> &VatTable {
        &self.vat
    }
}

/// A panic while holding a lock is a bug; the cashier gets `internal`, not a crash.
fn poisoned(what: &str) -> AppError {
    AppError::new(
        ErrorCode::Internal,
        format!("the {what} lock was poisoned by an earlier failure; restart Kassa"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn training_loads_the_demo_catalogue_once_and_live_mode_never() {
        let dir = tempfile::tempdir().unwrap();
        let live = dir.path().join("live.sqlite");
        let till = Till::open(&live, false).unwrap();
        assert_eq!(till.db().unwrap().catalogue().count().unwrap(), 0);

        let training = dir.path().join("training.sqlite");
        let count = Till::open(&training, true)
            .unwrap()
            .db()
            .unwrap()
            .catalogue()
            .count()
            .unwrap();
        assert!(
            count >= 50,
            "the demo catalogue has about 60 products: {count}"
        );
        let reopened = Till::open(&training, true).unwrap();
        assert_eq!(reopened.db().unwrap().catalogue().count().unwrap(), count);
        assert_eq!(
            reopened
                .db()
                .unwrap()
                .catalogue()
                .categories()
                .unwrap()
                .len(),
            5
        );
    }

    #[test]
    fn a_data_folder_that_cannot_be_created_is_a_storage_error() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("not-a-folder");
        std::fs::write(&file, b"x").unwrap();
        let Err(error) = Till::open(&file.join("kassa.sqlite"), true) else {
            panic!("opened a database under a file");
        };
        assert_eq!(error.code, ErrorCode::Storage, "{error}");
    }
}
