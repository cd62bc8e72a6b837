//! The head kept outside the file: removing the newest records shows.

use std::sync::Arc;

use kassa::journal::PrintKind;
use kassa::receipt::{AfterSale, Language, Shop};

use crate::fixture::{Kept, REGISTER, SALES, at, till};

/// Removes the newest sale with its lines, VAT and print; with `and_its_chain`, its chain
/// records too, leaving a journal that is consistent in itself.
fn delete_the_newest_sale(till: &crate::fixture::Till, and_its_chain: bool) {
    let id = till.entry_id(SALES);
    let chain = if and_its_chain {
        format!(
            "DELETE FROM journal_chain WHERE (kind = 'entry' AND ref_id = {id})
                OR (kind = 'print' AND ref_id IN (SELECT id FROM journal_print WHERE entry_id = {id}));"
        )
    } else {
        String::new()
    };
    till.edit_behind(
        &[
            "journal_entry_no_delete",
            "journal_line_no_delete",
            "journal_vat_no_delete",
            "journal_print_no_delete",
            "journal_chain_no_delete",
        ],
        &format!(
            "{chain}
             DELETE FROM journal_print WHERE entry_id = {id};
             DELETE FROM journal_line WHERE entry_id = {id};
             DELETE FROM journal_vat WHERE entry_id = {id};
             DELETE FROM journal_entry WHERE id = {id};"
        ),
    );
}

#[test]
fn deleting_the_newest_sale_and_its_chain_records_is_caught_by_the_head_kept_outside() {
    let till = till();
    delete_the_newest_sale(&till, true);
    // The file alone is consistent: only the head kept outside it shows what is gone.
    let inside = kassa::Db::open_keyed(&till.path, crate::fixture::key(), None).unwrap();
    assert!(inside.journal().verify_all(None).unwrap().keyed());
    drop(inside);
    let problem = till.problem();
    assert!(
        problem.contains("at open")
            && problem
                .contains("the journal ends at record 80, but this till last wrote record 82 (82-")
            && problem.contains("the newest records were deleted"),
        "{problem}"
    );
}

#[test]
fn a_removed_chain_is_not_sealed_again_as_if_the_file_were_old() {
    let till = till();
    till.edit_behind(
        &["journal_chain_no_delete", "journal_key_no_delete"],
        "DELETE FROM journal_chain; DELETE FROM journal_key;",
    );
    let problem = till.problem();
    assert!(
        problem.contains("at open")
            && problem.contains("the journal's chain is gone, but this till last wrote record 82"),
        "{problem}"
    );
}

#[test]
fn deleting_the_newest_sale_alone_is_named_by_the_chain() {
    let till = till();
    delete_the_newest_sale(&till, false);
    let problem = till.problem();
    assert!(
        problem.contains("receipt 40 (KASSA-1): the chain is broken: it was deleted"),
        "{problem}"
    );
}

#[test]
fn the_keeper_is_told_the_head_after_every_record_and_the_z_report_prints_it() {
    let till = till();
    let mut db = till.open().unwrap();
    let kept = Arc::new(Kept::default());
    db.keep_head_with(kept.clone());
    let sale = db.journal().entry(till.entry_id(SALES)).unwrap();
    db.journal()
        .record_print(sale.id, PrintKind::Copy, at(16, 59))
        .unwrap();
    let z = db
        .z_report(
            REGISTER,
            "2026-06-16".parse().unwrap(),
            "2026-06-16T20:00:00Z".parse().unwrap(),
        )
        .unwrap();
    let heads = kept.0.lock().unwrap().clone();
    assert_eq!(
        heads.iter().map(|h| h.records).collect::<Vec<_>>(),
        [83, 84]
    );
    assert_eq!(db.journal().head().unwrap().as_ref(), heads.last());
    // The Z report carries the head it closed (the copy's record), printed as a short code.
    assert_eq!(
        z.journal_head.as_deref(),
        Some(heads[0].short_code().as_str())
    );
    let shop = Shop {
        name: "Kafé Ängen".into(),
        org_number: "5566778899".into(),
        address: "Storgatan 1, 123 45 Småstad".into(),
        after_sale: AfterSale::Print,
    };
    let layout = z.layout(&shop, Language::Swedish);
    let printed = format!("{layout:?}");
    assert!(
        printed.contains("Journalkod") && printed.contains(&heads[0].short_code()),
        "{printed}"
    );
    assert_eq!(db.z_reports(REGISTER).unwrap()[1], z, "kept as made");
    assert!(db.journal().verify_all(heads.last()).unwrap().keyed());
}
