//! Edits inside the file: rows changed, added or deleted, triggers dropped.

use kassa::ErrorCode;

use crate::fixture::{self, REGISTER, SALES, key, till};

#[test]
fn a_clean_till_passes_at_open_and_in_the_full_check() {
    let till = till();
    let db = till.open().expect("a clean till opens");
    let report = db.journal().verify_all(Some(&till.head)).unwrap();
    assert_eq!(report.entries, SALES as u64);
    // 40 entries, 41 prints, 1 Z report.
    assert_eq!(report.records, 82);
    assert!(report.keyed() && report.caveat().is_none(), "{report:?}");
}

#[test]
fn day_totals_are_summed_from_the_receipts_so_there_is_no_stored_total_to_change() {
    let till = till();
    let refused = till
        .raw()
        .execute("UPDATE day_vat SET tax_ore = 0, total_ore = 100", [])
        .unwrap_err();
    assert!(refused.to_string().contains("no such table"), "{refused}");
    let db = till.open().unwrap();
    let day = "2026-06-16".parse().unwrap();
    let x = db
        .x_report(REGISTER, day, "2026-06-16T18:00:00Z".parse().unwrap())
        .unwrap();
    let bags: i64 = (21..=SALES).filter(|n| n % 2 == 1 && *n != 30).count() as i64;
    let at_25 = x.per_rate.iter().find(|r| r.rate.basis() == 2500).unwrap();
    assert_eq!(at_25.total.get(), bags * 14_900 + 13_300);
}

#[test]
fn zeroing_a_receipts_vat_is_named() {
    let till = till();
    let id = till.entry_id(3);
    till.edit_behind(
        &["journal_vat_no_update"],
        &format!("UPDATE journal_vat SET tax_ore = 0 WHERE entry_id = {id} AND vat_rate = 2500;"),
    );
    let problem = till.problem();
    assert!(
        problem.contains("receipt 3 (KASSA-1): the chain is broken: it was changed"),
        "{problem}"
    );
}

#[test]
fn a_receipt_repriced_from_133_to_31_kr_is_named_at_open() {
    let till = till();
    let id = till.entry_id(30);
    till.edit_behind(
        &[
            "journal_entry_no_update",
            "journal_line_no_update",
            "journal_vat_no_update",
        ],
        &format!(
            "UPDATE journal_line SET unit_price_ore = 3100, total_ore = 3100, tax_ore = 620 WHERE entry_id = {id};
             UPDATE journal_vat SET total_ore = 3100, tax_ore = 620 WHERE entry_id = {id};
             UPDATE journal_entry SET total_ore = 3100, tax_ore = 620 WHERE id = {id};"
        ),
    );
    let problem = till.problem();
    assert!(
        problem.contains("at open")
            && problem.contains("receipt 30 (KASSA-1): the chain is broken"),
        "{problem}"
    );
}

#[test]
fn an_edited_z_report_is_named() {
    let till = till();
    till.edit_behind(
        &["z_report_no_update"],
        "UPDATE z_report SET report_json = replace(report_json, '\"net\":', '\"net\":1');",
    );
    let problem = till.problem();
    assert!(
        problem.contains("Z report 1 (KASSA-1): the chain is broken: it was changed"),
        "{problem}"
    );
}

#[test]
fn deleted_print_records_are_named() {
    let till = till();
    let id = till.entry_id(5);
    till.edit_behind(
        &["journal_print_no_delete"],
        &format!("DELETE FROM journal_print WHERE entry_id = {id} AND kind = 'copy';"),
    );
    let problem = till.problem();
    assert!(
        problem.contains("copy of receipt 5 (KASSA-1): the chain is broken: it was deleted"),
        "{problem}"
    );
}

#[test]
fn a_sale_added_outside_kassa_is_named() {
    let till = till();
    till.raw()
        .execute_batch(
            "INSERT INTO journal_entry(register_id, training, receipt_number, kind, registered_at,
                sale_date, cashier, payment_method, total_ore, tax_ore, discount_ore, note,
                prev_hash, hash)
             SELECT register_id, training, 41, kind, registered_at, sale_date, cashier,
                payment_method, total_ore, tax_ore, discount_ore, note, prev_hash, hash
             FROM journal_entry WHERE receipt_number = 40;",
        )
        .unwrap();
    let problem = till.problem();
    assert!(
        problem.contains("receipt 41 (KASSA-1): it is not in the journal's chain"),
        "{problem}"
    );
}

#[test]
fn every_append_only_trigger_dropped_is_refused_at_open() {
    let names: Vec<String> = till()
        .raw()
        .prepare(
            "SELECT name FROM sqlite_schema WHERE type = 'trigger' AND sql LIKE '%RAISE(ABORT%'",
        )
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert!(names.len() >= 20, "{names:?}");
    for name in names {
        let till = till();
        till.raw()
            .execute_batch(&format!("DROP TRIGGER {name};"))
            .unwrap();
        let Err(error) = till.open() else {
            panic!("opened with {name} dropped");
        };
        assert_eq!(error.code(), ErrorCode::DatabaseCorrupt);
        assert!(
            error
                .to_string()
                .contains(&format!("trigger {name} is missing")),
            "{error}"
        );
    }
    // A trigger kept by name but made harmless is refused too.
    let till = till();
    till.raw()
        .execute_batch(
            "DROP TRIGGER journal_vat_no_update;
             CREATE TRIGGER journal_vat_no_update BEFORE UPDATE ON journal_vat WHEN 0
             BEGIN SELECT RAISE(ABORT, 'the journal is append-only'); END;",
        )
        .unwrap();
    let error = till.open().err().expect("refused");
    assert!(
        error
            .to_string()
            .contains("journal_vat_no_update is missing or altered"),
        "{error}"
    );
}

#[test]
fn a_journal_rebuilt_under_another_key_is_caught() {
    // The whole till written again, consistently, under a key of the forger's own (and, the
    // simplest forgery, under the public key a till without a keyring uses).
    for forger in [
        kassa::journal::JournalKey::generate().unwrap(),
        kassa::journal::JournalKey::unkept(),
    ] {
        let till = till();
        std::fs::remove_file(&till.path).unwrap();
        fixture::build(&till.path, forger);
        let problem = till.problem();
        assert!(
            problem.contains("at open")
                && problem.contains("is not the record this till last wrote"),
            "{problem}"
        );
        // Even with no head kept (a till that never had a keyring entry), it is not trusted.
        let db = kassa::Db::open_keyed(&till.path, key(), None).unwrap();
        let report = db.journal().verify_all(None).unwrap();
        assert!(!report.keyed(), "{report:?}");
        let caveat = report.caveat().unwrap();
        assert!(
            caveat.contains("journal records 1–82 are sealed with a key this till does not hold")
                || caveat.contains("journal records 1–82 were chained without a secret key"),
            "{caveat}"
        );
    }
}
