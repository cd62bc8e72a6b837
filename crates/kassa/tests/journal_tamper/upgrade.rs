//! A till file from before the keyed chain, and a till with no keyring.

use kassa::{Db, ErrorCode};

use crate::fixture::{SALES, key, till};

/// Turns the till back into the schema-8 file today's Kassa writes: no keyed chain, VAT per
/// day stored in `day_vat`; the entries' own unkeyed chain is as that Kassa made it.
fn as_old_format(till: &crate::fixture::Till) {
    let v2 = include_str!("../../src/storage/migrations/002_receipts_reports.sql");
    let day_vat = &v2[v2
        .find("CREATE TABLE day_vat")
        .expect("day_vat in version 2")..];
    // The checkout table as version 3 made it (version 17 rebuilt it for cash).
    let v3 = include_str!("../../src/storage/migrations/003_checkout.sql");
    let start = v3
        .find("CREATE TABLE checkout (")
        .expect("checkout in version 3");
    let end = start + v3[start..].find("\n);").expect("its end") + 3;
    let checkout_v3 =
        v3[start..end].replace("CREATE TABLE checkout (", "CREATE TABLE checkout_v8 (");
    let raw = till.raw();
    raw.execute_batch(day_vat).unwrap();
    raw.execute_batch(&checkout_v3).unwrap();
    raw.execute_batch(
        "DROP TRIGGER journal_chain_no_update; DROP TRIGGER journal_chain_no_delete;
             DROP TRIGGER journal_chain_no_replace; DROP TRIGGER journal_key_no_update;
             DROP TRIGGER journal_key_no_delete; DROP TRIGGER journal_key_no_replace;
             DROP TABLE journal_chain; DROP TABLE journal_key;
             DROP TRIGGER z_report_no_replace;
             ALTER TABLE z_report DROP COLUMN journal_head;
             DROP TABLE receipt_handed_out;
             DROP TRIGGER cashier_event_no_update; DROP TRIGGER cashier_event_no_delete;
             DROP TABLE cashier_event; DROP TABLE pin_attempt; DROP TABLE cashier;
             DROP TABLE journal_payment; DROP INDEX checkout_split; DROP INDEX checkout_refund_key;
             ALTER TABLE checkout DROP COLUMN split_order_id;
             ALTER TABLE checkout DROP COLUMN part_amount_ore;
             ALTER TABLE checkout DROP COLUMN refund_key;
             ALTER TABLE checkout DROP COLUMN refund_id;
             DROP TABLE split_sale;
             DROP TABLE cash_event;
             ALTER TABLE till_settings DROP COLUMN drawer;
             ALTER TABLE till_settings DROP COLUMN drawer_command;
             INSERT INTO checkout_v8 SELECT id, order_id, register_id, order_number, state,
                 failure, idempotency_key, capture_key, totals_json, customer_json, customer_id,
                 sale_date, training, cashier, kronor_order_id, wait_token, purchase_id,
                 capture_id, cancel_requested, journal_entry_id, created_at, updated_at
                 FROM checkout;
             DROP TABLE checkout;
             ALTER TABLE checkout_v8 RENAME TO checkout;
             CREATE INDEX checkout_open ON checkout(state);
             ALTER TABLE till_settings DROP COLUMN default_tender;
             DROP TRIGGER control_registration_once; DROP TRIGGER control_registration_kept;
             DROP TABLE control_registration;
             ALTER TABLE till_settings DROP COLUMN control_unit;
             DROP TRIGGER register_identity_no_update; DROP TRIGGER register_identity_no_delete;
             DROP TABLE register_identity;
             DROP TRIGGER x_report_no_update; DROP TRIGGER x_report_no_delete;
             DROP TABLE x_report;
             ALTER TABLE product DROP COLUMN article;
             DROP TRIGGER parking_event_no_update; DROP TRIGGER parking_event_no_delete;
             DROP TABLE parking_event;
             PRAGMA user_version = 8;",
    )
    .unwrap();
}

fn count(till: &crate::fixture::Till, sql: &str) -> i64 {
    till.raw().query_row(sql, [], |r| r.get(0)).unwrap()
}

#[test]
fn an_old_format_till_is_sealed_once_at_its_first_open_and_then_passes() {
    let till = till();
    as_old_format(&till);
    let entries: Vec<(i64, i64, i64)> = till
        .raw()
        .prepare("SELECT id, receipt_number, total_ore FROM journal_entry ORDER BY id")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();

    // No head kept yet: the keyring had none before the upgrade.
    let db = Db::open_keyed(&till.path, key(), None).expect("the old till opens");
    assert_eq!(db.schema_version().unwrap(), kassa::storage::SCHEMA_VERSION);
    let report = db.journal().verify_all(None).unwrap();
    assert_eq!((report.entries, report.records), (SALES as u64, 82));
    assert!(report.keyed(), "{report:?}");
    let head = db.journal().head().unwrap().unwrap();
    drop(db);

    let reason: String = till
        .raw()
        .query_row("SELECT reason FROM journal_key", [], |r| r.get(0))
        .unwrap();
    assert!(
        reason.contains("keyed chain begun over the 40 entries"),
        "{reason}"
    );
    let after: i64 = count(&till, "SELECT count(*) FROM journal_entry");
    assert_eq!(after as usize, entries.len(), "no entry lost");
    // Opening again seals nothing more and passes with the head now kept.
    let db = Db::open_keyed(&till.path, key(), Some(&head)).unwrap();
    db.journal().verify_all(Some(&head)).unwrap();
    drop(db);
    assert_eq!(count(&till, "SELECT count(*) FROM journal_key"), 1);
    assert_eq!(count(&till, "SELECT count(*) FROM journal_chain"), 82);
}

#[test]
fn an_old_format_till_altered_before_the_upgrade_is_refused_not_sealed() {
    let till = till();
    as_old_format(&till);
    let id = till.entry_id(30);
    till.edit_behind(
        &["journal_line_no_update"],
        &format!(
            "UPDATE journal_line SET unit_price_ore = 3100, total_ore = 3100 WHERE entry_id = {id};"
        ),
    );
    let Err(error) = Db::open_keyed(&till.path, key(), None) else {
        panic!("an altered old journal was sealed");
    };
    assert_eq!(error.code(), ErrorCode::DatabaseCorrupt);
    assert!(
        error
            .to_string()
            .contains(&format!("journal entry {id} was changed")),
        "{error}"
    );
    assert_eq!(count(&till, "SELECT count(*) FROM journal_chain"), 0);
}

#[test]
fn a_till_without_a_keyring_opens_and_says_its_journal_has_no_secret() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("kassa.sqlite");
    crate::fixture::build(&path, kassa::journal::JournalKey::unkept());
    let db = Db::open(&path).expect("opens");
    let report = db.journal().verify_all(None).unwrap();
    assert!(!report.keyed());
    assert!(
        report
            .caveat()
            .unwrap()
            .contains("journal records 1–82 were chained without a secret key (no OS keyring)"),
        "{report:?}"
    );
}
