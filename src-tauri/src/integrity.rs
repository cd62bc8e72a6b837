//! The start-up health check: SQLite's `quick_check` of the till's file and a walk of the
//! journal's whole keyed chain, to the head kept in the keyring. Both are slow on a big file,
//! so they run on a thread of their own after the window is up, on a second connection (WAL
//! lets it read beside the till's), and never hold up a sale. The result is logged and sent
//! to the window as [`INTEGRITY_CHECKED`].

use std::path::{Path, PathBuf};

use std::sync::{Arc, OnceLock};

use serde::Serialize;
use tauri::{AppHandle, Emitter, Manager, Runtime};
use ts_rs::TS;

use crate::journal_keys::TillJournal;

/// The Tauri event carrying an [`IntegrityReport`].
pub const INTEGRITY_CHECKED: &str = "integrity-checked";

/// What the check found. `problem` is English detail for support; the journal being broken
/// means the receipts on file may have been altered.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export_to = "IntegrityReport.ts")]
pub struct IntegrityReport {
    /// SQLite found no damage in the file.
    pub database_ok: bool,
    /// The journal's keyed chain is unbroken, complete and reaches the head kept outside.
    pub journal_ok: bool,
    /// Journal entries whose chain was verified.
    #[ts(type = "number")]
    pub journal_entries: u64,
    pub problem: Option<String>,
    /// Why an intact journal still cannot be fully trusted (English detail): chained without
    /// a secret key (no OS keyring), or sealed with a key this till does not hold.
    pub journal_caveat: Option<String>,
}

/// Managed state: the report of the one check a start runs, kept for a window that starts
/// listening after the check has already answered (on a small file it answers before the
/// page has loaded).
#[derive(Clone, Default)]
pub struct Latest(Arc<OnceLock<IntegrityReport>>);

impl Latest {
    pub fn get(&self) -> Option<IntegrityReport> {
        self.0.get().cloned()
    }

    fn set(&self, report: IntegrityReport) {
        // Set once: `spawn` runs once per start.
        let _ = self.0.set(report);
    }
}

/// Checks the database at `db_path` with the till's journal key (blocking; see [`spawn`]).
pub fn check(db_path: &Path, journal: &TillJournal) -> IntegrityReport {
    let db = match journal.open_for_check(db_path) {
        Ok(db) => db,
        Err(error) => {
            return IntegrityReport {
                database_ok: false,
                journal_ok: false,
                journal_entries: 0,
                problem: Some(format!("the database could not be opened: {error}")),
                journal_caveat: None,
            };
        }
    };
    let database = db.quick_check();
    let journal_check = db.journal().verify_all(journal.head_at_start());
    let caveat = match (&journal_check, journal.unkept_reason()) {
        (Ok(report), Some(reason)) => report.caveat().map(|c| format!("{c} ({reason})")),
        (Ok(report), None) => report.caveat(),
        (Err(_), _) => None,
    };
    IntegrityReport {
        database_ok: database.is_ok(),
        journal_ok: journal_check.is_ok(),
        journal_entries: journal_check.as_ref().map_or(0, |r| r.entries),
        problem: match (database, journal_check) {
            (Ok(()), Ok(_)) => None,
            (Err(error), _) => Some(format!("database: {error}")),
            (Ok(()), Err(error)) => Some(format!("journal: {error}")),
        },
        journal_caveat: caveat,
    }
}

/// Runs [`check`] on a thread of its own, with the till's journal key (managed state),
/// logs the answer, keeps it in `latest` and tells the window.
pub fn spawn<R: Runtime>(app: AppHandle<R>, db_path: PathBuf, latest: Latest) {
    let journal = app.state::<Arc<TillJournal>>().inner().clone();
    let started = std::thread::Builder::new()
        .name("integrity-check".into())
        .spawn(move || {
            let report = check(&db_path, &journal);
            match (&report.problem, &report.journal_caveat) {
                (None, None) => tracing::info!(
                    entries = report.journal_entries,
                    "integrity check: the database and the journal are intact"
                ),
                (None, Some(caveat)) => {
                    tracing::warn!(%caveat, "integrity check: intact, with a caveat")
                }
                (Some(problem), _) => tracing::error!(%problem, "integrity check failed"),
            }
            latest.set(report.clone());
            if let Err(error) = app.emit(INTEGRITY_CHECKED, report) {
                tracing::warn!(%error, "integrity result not sent to the window");
            }
        });
    if let Err(error) = started {
        tracing::error!(%error, "the integrity check did not start");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn no_keyring() -> TillJournal {
        TillJournal::without_keyring("no keyring in this test".into())
    }

    #[test]
    fn a_fresh_till_is_intact() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("kassa.sqlite");
        drop(kassa::Db::open(&path).unwrap());
        let report = check(&path, &no_keyring());
        assert_eq!(
            report,
            IntegrityReport {
                database_ok: true,
                journal_ok: true,
                journal_entries: 0,
                problem: None,
                journal_caveat: None,
            }
        );
    }

    #[test]
    fn a_file_that_is_not_a_database_is_reported_not_a_panic() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("kassa.sqlite");
        std::fs::write(&path, vec![0x5a; 8192]).unwrap();
        let report = check(&path, &no_keyring());
        assert!(!report.database_ok && !report.journal_ok, "{report:?}");
        assert!(report.problem.is_some());
    }
}
