//! The start-up health check: SQLite's `quick_check` of the till's file and a walk of the
//! journal's hash chain. Both are slow on a big file, so they run on a thread of their own
//! after the window is up, on a second connection (WAL lets it read beside the till's),
//! and never hold up a sale. The result is logged and sent to the window as
//! [`INTEGRITY_CHECKED`].

use std::path::{Path, PathBuf};

use std::sync::{Arc, OnceLock};

use serde::Serialize;
use tauri::{AppHandle, Emitter, Runtime};
use ts_rs::TS;

/// The Tauri event carrying an [`IntegrityReport`].
pub const INTEGRITY_CHECKED: &str = "integrity-checked";

/// What the check found. `problem` is English detail for support; the journal being broken
/// means the receipts on file may have been altered.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export_to = "IntegrityReport.ts")]
pub struct IntegrityReport {
    /// SQLite found no damage in the file.
    pub database_ok: bool,
    /// The journal's hash chain is unbroken.
    pub journal_ok: bool,
    /// Journal entries whose chain was verified.
    #[ts(type = "number")]
    pub journal_entries: u64,
    pub problem: Option<String>,
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

/// Checks the database at `db_path` (blocking; see [`spawn`]).
pub fn check(db_path: &Path) -> IntegrityReport {
    let db = match kassa::Db::open(db_path) {
        Ok(db) => db,
        Err(error) => {
            return IntegrityReport {
                database_ok: false,
                journal_ok: false,
                journal_entries: 0,
                problem: Some(format!("the database could not be opened: {error}")),
            };
        }
    };
    let database = db.quick_check();
    let journal = db.journal().verify_chain();
    IntegrityReport {
        database_ok: database.is_ok(),
        journal_ok: journal.is_ok(),
        journal_entries: journal.as_ref().copied().unwrap_or(0),
        problem: match (database, journal) {
            (Ok(()), Ok(_)) => None,
            (Err(error), _) => Some(format!("database: {error}")),
            (Ok(()), Err(error)) => Some(format!("journal: {error}")),
        },
    }
}

/// Runs [`check`] on a thread of its own, logs the answer, keeps it in `latest` and tells
/// the window.
pub fn spawn<R: Runtime>(app: AppHandle<R>, db_path: PathBuf, latest: Latest) {
    let started = std::thread::Builder::new()
        .name("integrity-check".into())
        .spawn(move || {
            let report = check(&db_path);
            match &report.problem {
                None => tracing::info!(
                    entries = report.journal_entries,
                    "integrity check: the database and the journal are intact"
                ),
                Some(problem) => tracing::error!(%problem, "integrity check failed"),
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

    #[test]
    fn a_fresh_till_is_intact() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("kassa.sqlite");
        drop(kassa::Db::open(&path).unwrap());
        let report = check(&path);
        assert_eq!(
            report,
            IntegrityReport {
                database_ok: true,
                journal_ok: true,
                journal_entries: 0,
                problem: None
            }
        );
    }

    #[test]
    fn a_file_that_is_not_a_database_is_reported_not_a_panic() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("kassa.sqlite");
        std::fs::write(&path, vec![0x5a; 8192]).unwrap();
        let report = check(&path);
        assert!(!report.database_ok && !report.journal_ok, "{report:?}");
        assert!(report.problem.is_some());
    }
}
