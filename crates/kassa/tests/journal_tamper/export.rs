//! A till file that fails the integrity check is still exported, with a clear warning in the
//! file and in the summary naming the receipt found changed.

use jiff::civil::date;
use kassa::export::ExportRequest;

use crate::fixture::till;

#[test]
fn a_changed_journal_is_exported_with_a_warning_naming_the_receipt() {
    let till = till();
    let id = till.entry_id(3);
    till.edit_behind(
        &["journal_vat_no_update"],
        &format!("UPDATE journal_vat SET tax_ore = 0 WHERE entry_id = {id} AND vat_rate = 2500;"),
    );
    let db = till
        .open()
        .expect("an edit this far back is found by the full check");
    db.set_shop(kassa::demo::demo_shop()).unwrap();
    let out = tempfile::tempdir().unwrap();
    let request = ExportRequest {
        from: date(2026, 6, 15),
        to: date(2026, 6, 16),
        registers: Vec::new(),
        exported_by: String::new(),
        at: "2026-06-17T08:00:00Z".parse().unwrap(),
    };
    let summary = db.export_journal(&request, out.path()).unwrap();
    assert!(summary.events > 0, "everything is exported all the same");
    let warning = summary.warnings.join(" ");
    assert!(warning.contains("integrity check"), "{warning}");
    assert!(
        warning.contains("receipt 3 (KASSA-1)"),
        "names the receipt: {warning}"
    );
    let text = std::fs::read_to_string(&summary.path).unwrap();
    let tail = &text[text.rfind("</utreko:RegistreringLISTA>").unwrap()..];
    assert!(
        tail.contains("VARNING / WARNING") && tail.contains("receipt 3 (KASSA-1)"),
        "the file ends saying so"
    );

    // The clean till's export has no integrity warning; its receipts, made before there was
    // a control unit, are named as unsigned in one line.
    let clean_till = crate::fixture::till();
    let clean = clean_till.open().unwrap();
    clean.set_shop(kassa::demo::demo_shop()).unwrap();
    let summary = clean.export_journal(&request, out.path()).unwrap();
    assert_eq!(
        summary.warnings,
        [
            "40 receipts have no control code (receipts 1-40): registered before a control unit signed them"
        ]
    );
}
