//! Where the till's file lives and how the shell opens it: the [`kassa::Till`] (database,
//! sale, VAT table, clock) is held in Rust as managed state, so a reload of the webview
//! loses nothing.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use kassa::Db;
use kassa::checkout::SystemClock;

use crate::error::AppError;
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

pub use kassa::Till;

/// Opens (or creates) the till's database at `path` with no keyring (the journal's public
/// key).
pub fn open(path: &Path, training: bool) -> Result<Till, AppError> {
    let journal = TillJournal::without_keyring("opened without the keyring".into());
    open_with(path, training, &journal)
}

/// Opens (or creates) the till's database at `path` with the till's journal key and kept
/// head, on the system clock.
pub fn open_with(path: &Path, training: bool, journal: &TillJournal) -> Result<Till, AppError> {
    let db = journal.open(path)?;
    Ok(Till::new(db, training, Arc::new(SystemClock))?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ErrorCode;

    #[test]
    fn a_data_folder_that_cannot_be_created_is_a_storage_error() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("not-a-folder");
        std::fs::write(&file, b"x").unwrap();
        let Err(error) = open(&file.join("kassa.sqlite"), true) else {
            panic!("opened a database under a file");
        };
        assert_eq!(error.code, ErrorCode::Storage, "{error}");
    }
}
