//! Tests of the till core, each on a real SQLite file in a temporary folder.

mod cart;
mod catalogue;
mod csv;
mod customer;
mod demo;
#[path = "../support/injection.rs"]
mod injection;
mod journal;
mod money;
mod storage;
mod vat;

use kassa::Db;
use tempfile::TempDir;

/// A fresh database in its own temporary folder (kept alive by the returned `TempDir`).
pub fn temp_db() -> (TempDir, Db) {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = Db::open(dir.path().join("kassa.sqlite")).expect("open db");
    (dir, db)
}
