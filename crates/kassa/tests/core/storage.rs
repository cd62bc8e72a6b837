use kassa::storage::{APPLICATION_ID, SCHEMA_VERSION};
use kassa::{Db, ErrorCode, NewProduct, Ore, VatClass};
use rusqlite::Connection;

use crate::temp_db;

#[test]
fn opens_with_wal_full_sync_and_foreign_keys() {
    let (dir, db) = temp_db();
    let s = db.settings().unwrap();
    assert_eq!(s.journal_mode, "wal");
    assert!(s.synchronous_full);
    assert!(s.foreign_keys);
    assert!(dir.path().join("kassa.sqlite").exists());
    db.quick_check().unwrap();
}

#[test]
fn creates_missing_folders_and_defaults_to_the_data_folder() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("a/b/kassa.sqlite");
    Db::open(&path).unwrap();
    assert!(path.exists());
    if let Ok(default) = Db::default_path() {
        assert!(default.ends_with("kassa.sqlite"));
    }
}

#[test]
fn migrations_build_a_valid_schema_once() {
    let (dir, db) = temp_db();
    assert_eq!(db.schema_version().unwrap(), SCHEMA_VERSION);
    drop(db);
    // Reopening runs nothing again and keeps the data.
    let path = dir.path().join("kassa.sqlite");
    let db = Db::open(&path).unwrap();
    db.catalogue()
        .add_product(NewProduct::new("Kaffe", Ore::kr(35), VatClass::Reduced))
        .unwrap();
    drop(db);
    let db = Db::open(&path).unwrap();
    assert_eq!(db.catalogue().count().unwrap(), 1);

    let raw = Connection::open(&path).unwrap();
    let app_id: i64 = raw
        .pragma_query_value(None, "application_id", |r| r.get(0))
        .unwrap();
    assert_eq!(app_id, APPLICATION_ID);
    let fk_problems: i64 = raw
        .query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(fk_problems, 0);
    let tables: Vec<String> = raw
        .prepare("SELECT name FROM sqlite_schema WHERE type = 'table'")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    // Later migrations add tables; these are the core's.
    for table in [
        "category",
        "customer",
        "journal_entry",
        "journal_line",
        "journal_print",
        "journal_vat",
        "parked_sale",
        "product",
        "product_fts",
    ] {
        assert!(
            tables.iter().any(|t| t == table),
            "{table} missing from {tables:?}"
        );
    }
}

#[test]
fn refuses_a_database_from_a_newer_kassa() {
    let (dir, db) = temp_db();
    drop(db);
    let path = dir.path().join("kassa.sqlite");
    Connection::open(&path)
        .unwrap()
        .pragma_update(None, "user_version", SCHEMA_VERSION + 1)
        .unwrap();
    let Err(err) = Db::open(&path) else {
        panic!("newer schema was opened")
    };
    assert_eq!(err.code(), ErrorCode::DatabaseTooNew);
    assert!(err.to_string().contains("newer version of Kassa"), "{err}");
    // Nothing was changed by the refused open.
    let version: i64 = Connection::open(&path)
        .unwrap()
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .unwrap();
    assert_eq!(version, SCHEMA_VERSION + 1);
}

#[test]
fn refuses_files_that_are_not_kassa_databases() {
    let dir = tempfile::tempdir().unwrap();
    let junk = dir.path().join("junk.sqlite");
    std::fs::write(&junk, vec![b'x'; 4096]).unwrap();
    let Err(err) = Db::open(&junk) else {
        panic!("junk opened")
    };
    assert_eq!(err.code(), ErrorCode::DatabaseCorrupt);

    let other = dir.path().join("other.sqlite");
    Connection::open(&other)
        .unwrap()
        .execute_batch("CREATE TABLE notes(x)")
        .unwrap();
    let Err(err) = Db::open(&other) else {
        panic!("foreign database opened")
    };
    assert_eq!(err.code(), ErrorCode::DatabaseCorrupt);
}

#[test]
fn backs_up_online_to_a_file_that_opens() {
    let (dir, db) = temp_db();
    kassa::demo::load(&db).unwrap();
    let backup = dir.path().join("backup/kassa-backup.sqlite");
    std::fs::create_dir_all(backup.parent().unwrap()).unwrap();
    db.backup_to(&backup).unwrap();
    // The live database keeps working while and after the backup is taken.
    db.catalogue()
        .add_product(NewProduct::new(
            "Efter backup",
            Ore::kr(1),
            VatClass::Standard,
        ))
        .unwrap();
    let restored = Db::open(&backup).unwrap();
    restored.quick_check().unwrap();
    assert_eq!(restored.catalogue().count().unwrap(), 60);
    assert_eq!(db.catalogue().count().unwrap(), 61);
}
