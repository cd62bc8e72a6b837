//! The till's SQLite file: opening, migrations, integrity checks and online backup.
//!
//! Integrity at open is kept cheap on purpose, because a till must start fast even with years of
//! journal: opening checks the SQLite header (a foreign or damaged file fails to read its
//! pragmas), the application id, the schema version, the journal's append-only triggers, the
//! keyed chain's newest records, that no journal row is outside the chain, and that the chain
//! still reaches the head the till last wrote (kept outside the file). The full page-level
//! `PRAGMA quick_check` and the walk of the whole chain ([`Db::quick_check`],
//! [`crate::journal::Journal::verify_all`]) are for the app to run off the hot path, e.g. on a
//! second connection after the sale screen is up.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use rusqlite::{
    Connection, ErrorCode as SqliteCode, OpenFlags, OptionalExtension, Transaction,
    TransactionBehavior,
};

use crate::error::{Error, Result};
use crate::journal::{HeadKeeper, JournalHead, JournalKey};

/// Marks the file as Kassa's (`PRAGMA application_id`): "KASS".
pub const APPLICATION_ID: i64 = 0x4B41_5353;

/// Each script moves the schema one version up; the version is `PRAGMA user_version`.
/// A hand-rolled runner because rusqlite_migration does not yet support rusqlite 0.43.
pub(crate) const MIGRATIONS: &[&str] = &[
    include_str!("storage/migrations/001_initial.sql"),
    include_str!("storage/migrations/002_receipts_reports.sql"),
    include_str!("storage/migrations/003_checkout.sql"),
    include_str!("storage/migrations/004_one_sale_per_order.sql"),
    include_str!("storage/migrations/005_returns.sql"),
    include_str!("storage/migrations/006_catalogue_admin.sql"),
    include_str!("storage/migrations/007_till_settings.sql"),
    include_str!("storage/migrations/008_cups_format.sql"),
    include_str!("storage/migrations/009_keyed_journal.sql"),
    include_str!("storage/migrations/010_receipt_handed_out.sql"),
    include_str!("storage/migrations/011_swish_tender.sql"),
    include_str!("storage/migrations/012_control_unit.sql"),
    include_str!("storage/migrations/013_control_unit_setting.sql"),
    include_str!("storage/migrations/014_register_identity.sql"),
    include_str!("storage/migrations/015_article_kind.sql"),
    include_str!("storage/migrations/016_parking_log.sql"),
    include_str!("storage/migrations/017_cash.sql"),
    include_str!("storage/migrations/018_split.sql"),
    include_str!("storage/migrations/019_cashiers.sql"),
];

/// The schema version this build writes.
pub const SCHEMA_VERSION: i64 = MIGRATIONS.len() as i64;

/// How many of the newest journal records are checked at open.
const TAIL_CHECK: u64 = 32;

/// The connection settings that keep sales safe across a power cut.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Settings {
    pub journal_mode: String,
    pub synchronous_full: bool,
    pub foreign_keys: bool,
}

/// An open Kassa database. One connection; not shared between threads.
pub struct Db {
    conn: Connection,
    path: PathBuf,
    /// Seals every journal record this connection writes.
    key: JournalKey,
    /// Told the journal's new head after each record (the app keeps it in the OS keyring).
    keeper: Option<Arc<dyn HeadKeeper>>,
}

impl Db {
    /// The database file in the OS data folder (e.g. `~/.local/share/kassa/kassa.sqlite`).
    pub fn default_path() -> Result<PathBuf> {
        let dirs =
            directories::ProjectDirs::from("se", "Kassa", "kassa").ok_or(Error::NoDataFolder)?;
        Ok(dirs.data_dir().join("kassa.sqlite"))
    }

    /// Opens the database in the OS data folder, creating it if needed.
    pub fn open_default() -> Result<Db> {
        Db::open(Db::default_path()?)
    }

    /// Opens (or creates) the database at `path` with the public [`JournalKey::unkept`]: for
    /// tools, tests and benches. The till opens with [`Db::open_keyed`] and its own key.
    pub fn open(path: impl AsRef<Path>) -> Result<Db> {
        Db::open_keyed(path, JournalKey::unkept(), None)
    }

    /// Opens (or creates) the database at `path`, migrates it and checks it, with the till's
    /// journal `key` and the journal head it last wrote (`None` when it has none kept yet).
    /// A journal from before the keyed chain is sealed under `key` here, once.
    pub fn open_keyed(
        path: impl AsRef<Path>,
        key: JournalKey,
        last_written: Option<&JournalHead>,
    ) -> Result<Db> {
        let path = path.as_ref().to_path_buf();
        if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
            std::fs::create_dir_all(parent)?;
        }
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE
            | OpenFlags::SQLITE_OPEN_CREATE
            | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let conn = Connection::open_with_flags(&path, flags).map_err(corrupt_or_storage)?;
        conn.busy_timeout(Duration::from_secs(5))?;
        let db = Db {
            conn,
            path,
            key,
            keeper: None,
        };
        db.check_header()?;
        db.conn
            .pragma_update_and_check(None, "journal_mode", "WAL", |_| Ok(()))
            .map_err(corrupt_or_storage)?;
        db.conn.pragma_update(None, "synchronous", "FULL")?;
        db.conn.pragma_update(None, "foreign_keys", "ON")?;
        // A till has memory to spare; keeping the catalogue and its search index in memory
        // keeps search-as-you-type fast (64 MiB page cache, reads through mmap).
        db.conn.pragma_update(None, "cache_size", -65_536)?;
        db.conn
            .pragma_update_and_check(None, "mmap_size", 268_435_456, |_| Ok(()))?;
        db.migrate()?;
        crate::journal::check_at_open(&db, last_written, TAIL_CHECK)?;
        Ok(db)
    }

    /// Commits without waiting for the disk, for tools that make throwaway till files in bulk
    /// (benches, `kassa-admin demo-till`): a power cut may lose what they wrote. Never a till's.
    pub fn fill_without_fsync(&self) -> Result<()> {
        self.conn.pragma_update(None, "synchronous", "OFF")?;
        Ok(())
    }

    /// Has `keeper` told the journal's head after every record this connection appends.
    pub fn keep_head_with(&mut self, keeper: Arc<dyn HeadKeeper>) {
        self.keeper = Some(keeper);
    }

    pub(crate) fn journal_key(&self) -> &JournalKey {
        &self.key
    }

    /// Commits `tx` and tells the keeper `head`, the journal's head it wrote.
    pub(crate) fn commit_sealed(&self, tx: Transaction<'_>, head: JournalHead) -> Result<()> {
        tx.commit()?;
        if let Some(keeper) = &self.keeper {
            keeper.keep(&head);
        }
        Ok(())
    }

    /// Where the file lives.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The schema version of the open file.
    pub fn schema_version(&self) -> Result<i64> {
        Ok(self
            .conn
            .pragma_query_value(None, "user_version", |r| r.get(0))?)
    }

    /// The durability settings in force on this connection, for a diagnostics screen.
    pub fn settings(&self) -> Result<Settings> {
        let c = &self.conn;
        Ok(Settings {
            journal_mode: c.pragma_query_value(None, "journal_mode", |r| r.get(0))?,
            synchronous_full: c.pragma_query_value(None, "synchronous", |r| r.get::<_, i64>(0))?
                == 2,
            foreign_keys: c.pragma_query_value(None, "foreign_keys", |r| r.get(0))?,
        })
    }

    /// SQLite's page-level check. Slow on a big file: run it off the hot path.
    pub fn quick_check(&self) -> Result<()> {
        let mut stmt = self.conn.prepare("PRAGMA quick_check")?;
        let problems: Vec<String> = stmt
            .query_map([], |r| r.get::<_, String>(0))?
            .collect::<rusqlite::Result<_>>()
            .map_err(corrupt_or_storage)?;
        if problems.len() == 1 && problems[0] == "ok" {
            Ok(())
        } else {
            Err(Error::DatabaseCorrupt(problems.join("; ")))
        }
    }

    /// Copies the live database to `dest` with SQLite's online backup API, so sales can go on
    /// while it runs and the copy is always consistent.
    pub fn backup_to(&self, dest: impl AsRef<Path>) -> Result<()> {
        self.conn.backup(
            rusqlite::MAIN_DB,
            dest.as_ref(),
            None::<fn(rusqlite::backup::Progress)>,
        )?;
        Ok(())
    }

    pub(crate) fn conn(&self) -> &Connection {
        &self.conn
    }

    /// A write transaction that takes the write lock up front, so two tills on one file never
    /// both read the same "next receipt number".
    pub(crate) fn write_tx(&self) -> Result<Transaction<'_>> {
        Ok(Transaction::new_unchecked(
            &self.conn,
            TransactionBehavior::Immediate,
        )?)
    }

    /// Refuses files that are not SQLite, belong to another program, or come from a newer Kassa.
    fn check_header(&self) -> Result<()> {
        let app_id: i64 = self
            .conn
            .pragma_query_value(None, "application_id", |r| r.get(0))
            .map_err(corrupt_or_storage)?;
        let version = self.schema_version().map_err(|e| match e {
            Error::Storage(e) => corrupt_or_storage(e),
            other => other,
        })?;
        if app_id == 0 {
            let tables: i64 =
                self.conn
                    .query_row("SELECT count(*) FROM sqlite_schema", [], |r| r.get(0))?;
            if tables > 0 {
                return Err(Error::DatabaseCorrupt(
                    "the file holds another program's data".into(),
                ));
            }
        } else if app_id != APPLICATION_ID {
            return Err(Error::DatabaseCorrupt(format!(
                "the file belongs to another program (application id {app_id:#x})"
            )));
        }
        if version > SCHEMA_VERSION {
            return Err(Error::DatabaseTooNew {
                found: version,
                supported: SCHEMA_VERSION,
            });
        }
        Ok(())
    }

    /// Runs every script above the file's version, each in its own transaction.
    /// Foreign keys are off while a script runs (a table rebuilt under its old name would
    /// otherwise take its references with it) and checked before the script commits.
    fn migrate(&self) -> Result<()> {
        let current = self.schema_version()?;
        if current >= SCHEMA_VERSION {
            return Ok(());
        }
        self.conn.pragma_update(None, "foreign_keys", "OFF")?;
        let result = self.run_migrations(current);
        self.conn.pragma_update(None, "foreign_keys", "ON")?;
        result
    }

    fn run_migrations(&self, current: i64) -> Result<()> {
        for (index, script) in MIGRATIONS.iter().enumerate().skip(current.max(0) as usize) {
            let tx = self.write_tx()?;
            tx.execute_batch(script)?;
            let broken: Option<String> = tx
                .query_row(
                    "SELECT \"table\" FROM pragma_foreign_key_check LIMIT 1",
                    [],
                    |r| r.get(0),
                )
                .optional()?;
            if let Some(table) = broken {
                return Err(Error::DatabaseCorrupt(format!(
                    "upgrading to schema {} left a broken reference in {table}",
                    index + 1
                )));
            }
            tx.pragma_update(None, "application_id", APPLICATION_ID)?;
            tx.pragma_update(None, "user_version", index as i64 + 1)?;
            tx.commit()?;
        }
        Ok(())
    }
}

/// SQLite's "not a database" and "corrupt" become a cashier-readable corruption error.
pub(crate) fn corrupt_or_storage(e: rusqlite::Error) -> Error {
    match e.sqlite_error_code() {
        Some(SqliteCode::NotADatabase) | Some(SqliteCode::DatabaseCorrupt) => {
            Error::DatabaseCorrupt(e.to_string())
        }
        _ => Error::Storage(e),
    }
}
