//! Shared fixtures for the receipt and report tests: a real database file in a temporary
//! folder with the shop set and sales registered through the journal.
#![allow(dead_code)]

use std::path::PathBuf;

use jiff::Timestamp;
use kassa::journal::{Entry, EntryKind, JournalLine, NewEntry, PaymentMethod};
use kassa::receipt::{AfterSale, Shop};
use kassa::vat::VatRate;
use kassa::{Db, Ore};
use tempfile::TempDir;

pub fn temp_db() -> (TempDir, Db) {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = Db::open(dir.path().join("kassa.sqlite")).expect("open db");
    db.set_shop(Shop {
        name: "Kafé Ängen".into(),
        org_number: "5566778899".into(),
        address: "Storgatan 1, 123 45 Småstad".into(),
        after_sale: AfterSale::Print,
    })
    .expect("shop");
    (dir, db)
}

/// 2026-06-15 12:00 in Stockholm.
pub fn noon() -> Timestamp {
    "2026-06-15T10:00:00Z".parse().expect("time")
}

pub fn line(name: &str, quantity: i64, price: i64, discount: i64, rate: u32) -> JournalLine {
    let total = Ore::new(quantity * price - discount);
    let vat_rate = VatRate::percent(rate);
    JournalLine {
        name: name.into(),
        sku: None,
        quantity,
        unit_price: Ore::new(price),
        discount: Ore::new(discount),
        vat_rate,
        total,
        tax: vat_rate.tax_of(total),
    }
}

/// A café sale over three VAT rates with a discount, paid by Kronor invoice.
pub fn cafe_lines() -> Vec<JournalLine> {
    vec![
        line("Kaffe bryggt", 2, 3_500, 0, 12),
        line("Kanelbulle", 3, 3_200, 600, 6),
        line("Tygkasse Åre", 1, 14_900, 0, 25),
    ]
}

pub fn new_entry(
    kind: EntryKind,
    training: bool,
    at: Timestamp,
    payment: Option<PaymentMethod>,
    lines: Vec<JournalLine>,
) -> NewEntry {
    NewEntry {
        register_id: "kassa-1".into(),
        training,
        kind,
        registered_at: at,
        cashier: "Kim".into(),
        payment_method: payment,
        kronor_purchase_id: Some("913377".into()),
        merchant_reference: Some("kassa-1-0001".into()),
        order_id: None,
        customer_id: None,
        original_entry_id: None,
        note: String::new(),
        lines,
        payments: Vec::new(),
    }
}

pub fn cafe_sale(db: &Db) -> Entry {
    sale_of(db, PaymentMethod::Invoice, cafe_lines())
}

/// A sale of `lines` at [`noon`], registered in the journal.
pub fn sale_of(db: &Db, payment: PaymentMethod, lines: Vec<JournalLine>) -> Entry {
    db.journal()
        .register(new_entry(
            EntryKind::Sale,
            false,
            noon(),
            Some(payment),
            lines,
        ))
        .expect("sale")
}

/// Compares `actual` with the golden file `name`; `UPDATE_GOLDEN=1` rewrites it instead.
pub fn golden(name: &str, actual: &[u8]) {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/golden")
        .join(name);
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::write(&path, actual).expect("write golden");
        return;
    }
    let expected = std::fs::read(&path)
        .unwrap_or_else(|_| panic!("{} is missing; run with UPDATE_GOLDEN=1", path.display()));
    if expected != actual {
        let shown = |b: &[u8]| String::from_utf8_lossy(b).into_owned();
        panic!(
            "{} differs from the output (UPDATE_GOLDEN=1 rewrites it)\n--- expected\n{}\n--- actual\n{}",
            path.display(),
            shown(&expected),
            shown(actual)
        );
    }
}

/// The text of a PDF file as poppler's `pdftotext -layout` reads it (scripts/setup.sh test
/// installs poppler-utils).
pub fn pdf_text(file: &std::path::Path) -> String {
    let out = std::process::Command::new("pdftotext")
        .args(["-layout", "-enc", "UTF-8"])
        .arg(file)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils) is installed by scripts/setup.sh test");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("UTF-8 text")
}

/// The receipt's total line ("Totalt … 309,00 kr") in text read back from a document.
pub fn total_line(text: &str) -> &str {
    text.lines()
        .map(str::trim)
        .find(|l| l.starts_with("Totalt"))
        .unwrap_or_default()
}
