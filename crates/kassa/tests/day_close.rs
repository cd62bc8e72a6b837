//! A closed day stays closed: after its Z report the journal refuses a sale dated on it, but a
//! purchase Kronor already confirmed is never lost: it is booked into the next report.

mod support;

use jiff::Timestamp;
use jiff::civil::date;
use kassa::ErrorCode;
use kassa::journal::{EntryKind, PaymentMethod};
use support::{cafe_lines, new_entry, noon, temp_db};

fn evening() -> Timestamp {
    "2026-06-15T19:00:00Z".parse().unwrap()
}

#[test]
fn a_sale_on_a_closed_day_is_refused_and_nothing_is_written() {
    let (_dir, db) = temp_db();
    let journal = db.journal();
    let mut cash = new_entry(
        EntryKind::Sale,
        false,
        noon(),
        Some(PaymentMethod::Cash),
        cafe_lines(),
    );
    cash.kronor_purchase_id = None;
    journal.register(cash.clone()).unwrap();
    db.z_report("kassa-1", date(2026, 6, 15), evening())
        .unwrap();

    cash.registered_at = evening();
    let refused = journal.register(cash).unwrap_err();
    assert_eq!(refused.code(), ErrorCode::DayAlreadyClosed);
    assert!(refused.to_string().contains("2026-06-15"), "{refused}");
    assert_eq!(journal.receipt_numbers("kassa-1", false).unwrap(), vec![1]);
    journal.verify_chain().unwrap();
}

#[test]
fn a_kronor_purchase_after_the_z_is_kept_and_counted_in_the_next_report() {
    let (_dir, db) = temp_db();
    let journal = db.journal();
    let z = db
        .z_report("kassa-1", date(2026, 6, 15), evening())
        .unwrap();
    assert_eq!(z.sales.count, 0);

    // Captured by Kronor after the close: the customer has paid, the sale must be registered.
    let late = journal
        .register(new_entry(
            EntryKind::Sale,
            false,
            "2026-06-15T20:00:00Z".parse().unwrap(),
            Some(PaymentMethod::Invoice),
            cafe_lines(),
        ))
        .unwrap();
    assert_eq!(late.receipt_number, 1);
    assert_eq!(late.sale_date, date(2026, 6, 16), "booked on the next day");
    assert_eq!(
        late.registered_at.to_string(),
        "2026-06-15T20:00:00Z",
        "the receipt keeps the real time"
    );

    // The closed day's Z is untouched; the next day's report has the sale.
    assert_eq!(db.z_reports("kassa-1").unwrap(), vec![z]);
    let next = db
        .x_report(
            "kassa-1",
            date(2026, 6, 16),
            "2026-06-16T08:00:00Z".parse().unwrap(),
        )
        .unwrap();
    assert_eq!(next.sales.count, 1);
    assert_eq!(next.sales.amount, late.total);
    journal.verify_chain().unwrap();
    // Reopening re-hashes the tail with the booked day: the chain holds.
    let path = db.path().to_path_buf();
    drop(db);
    kassa::Db::open(path).unwrap();
}

#[test]
fn another_register_and_the_next_day_are_not_affected() {
    let (_dir, db) = temp_db();
    db.z_report("kassa-1", date(2026, 6, 15), evening())
        .unwrap();
    let journal = db.journal();
    let mut other = new_entry(
        EntryKind::Sale,
        false,
        evening(),
        Some(PaymentMethod::Cash),
        cafe_lines(),
    );
    other.kronor_purchase_id = None;
    other.register_id = "kassa-2".into();
    assert_eq!(
        journal.register(other.clone()).unwrap().sale_date,
        date(2026, 6, 15)
    );
    other.register_id = "kassa-1".into();
    other.registered_at = "2026-06-16T09:00:00Z".parse().unwrap();
    assert_eq!(
        journal.register(other).unwrap().sale_date,
        date(2026, 6, 16)
    );
}
