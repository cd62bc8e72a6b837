//! X and Z reports over a real journal: totals, VAT, payment methods, copies, training,
//! returns, cancellations, grand totals across days, the Z series and its once-a-day rule.

mod support;

use jiff::Timestamp;
use jiff::civil::date;
use kassa::journal::{EntryKind, PaymentMethod};
use kassa::receipt::escpos::{self, Paper};
use kassa::receipt::{Language, ReceiptOptions, html};
use kassa::report::{PaymentTally, ReportKind, Tally};
use kassa::vat::VatRate;
use kassa::{Db, ErrorCode, Ore};
use support::{cafe_lines, cafe_sale, line, new_entry, noon, temp_db};

fn at(s: &str) -> Timestamp {
    s.parse().unwrap()
}

/// Day one: two sales, a return, a copy, a training sale, a cancellation. Day two (just after
/// midnight in Stockholm, still the 15th in UTC): one card sale.
fn two_days(db: &Db) {
    let journal = db.journal();
    let a = cafe_sale(db);
    journal
        .register(new_entry(
            EntryKind::Sale,
            false,
            noon(),
            Some(PaymentMethod::Swish),
            vec![line("Äppelmust", 2, 2_500, 0, 12)],
        ))
        .unwrap();
    let mut ret = new_entry(
        EntryKind::Return,
        false,
        noon(),
        Some(PaymentMethod::Invoice),
        vec![line("Kanelbulle", -1, 3_200, 0, 6)],
    );
    ret.original_entry_id = Some(a.id);
    journal.register(ret).unwrap();
    journal
        .register(new_entry(
            EntryKind::Sale,
            true,
            noon(),
            Some(PaymentMethod::Invoice),
            cafe_lines(),
        ))
        .unwrap();
    journal
        .register(new_entry(
            EntryKind::Cancellation,
            false,
            noon(),
            None,
            vec![line("Kaffe bryggt", 1, 1_000, 0, 12)],
        ))
        .unwrap();
    let options = ReceiptOptions::default();
    db.receipt_original(a.id, options, noon()).unwrap();
    db.receipt_copy(a.id, options, at("2026-06-15T15:00:00Z"))
        .unwrap();
    journal
        .register(new_entry(
            EntryKind::Sale,
            false,
            at("2026-06-15T22:30:00Z"),
            Some(PaymentMethod::Card),
            vec![line("Äppelmust", 2, 2_500, 0, 12)],
        ))
        .unwrap();
}

#[test]
fn x_report_adds_up_the_day_with_the_sales_still_parked() {
    let (_dir, db) = temp_db();
    two_days(&db);
    // A sale parked and never taken back is unfinished: counted with its amount.
    let coffee = db
        .catalogue()
        .add_product(kassa::NewProduct::new(
            "Kaffe",
            Ore::new(3_500),
            kassa::VatClass::Food,
        ))
        .unwrap();
    let mut cart = kassa::Cart::new();
    cart.add_product(&coffee, 2).unwrap();
    db.parked_sales().park(&cart, "Anna", noon()).unwrap();
    let x = db.x_report("kassa-1", date(2026, 6, 15), noon()).unwrap();
    assert_eq!(
        x.parked,
        Tally {
            count: 1,
            amount: Ore::new(7_000)
        }
    );
    assert_eq!(x.kind, ReportKind::X);
    let tally = |count, ore| Tally {
        count,
        amount: Ore::new(ore),
    };
    assert_eq!(x.sales, tally(2, 35_900));
    assert_eq!(x.returns, tally(1, -3_200));
    assert_eq!(x.net, Ore::new(32_700));
    assert_eq!(x.discounts, Ore::new(600));
    assert_eq!(x.receipts, 3);
    assert_eq!((x.first_receipt, x.last_receipt), (Some(1), Some(4)));
    assert_eq!(x.copies, tally(1, 30_900));
    assert_eq!(x.training, tally(1, 30_900));
    assert_eq!(x.cancellations, tally(1, 1_000));
    let rates: Vec<(VatRate, i64, i64)> = x
        .per_rate
        .iter()
        .map(|r| (r.rate, r.total.get(), r.tax.get()))
        .collect();
    assert_eq!(
        rates,
        vec![
            (VatRate::percent(25), 14_900, 2_980),
            (VatRate::percent(12), 12_000, 750 + 536),
            (VatRate::percent(6), 5_800, 509 - 181),
        ]
    );
    assert_eq!(
        x.per_payment,
        vec![
            PaymentTally {
                method: PaymentMethod::Invoice,
                count: 2,
                amount: Ore::new(27_700)
            },
            PaymentTally {
                method: PaymentMethod::Swish,
                count: 1,
                amount: Ore::new(5_000)
            },
        ]
    );
    assert_eq!(x.grand_total.net, Ore::new(32_700));
    assert!(db.z_reports("kassa-1").unwrap().is_empty());
}

#[test]
fn z_closes_each_day_once_in_an_unbroken_series_with_running_grand_totals() {
    let (_dir, db) = temp_db();
    two_days(&db);
    let z1 = db
        .z_report("kassa-1", date(2026, 6, 15), at("2026-06-15T21:00:00Z"))
        .unwrap();
    assert_eq!(z1.kind, ReportKind::Z { number: 1 });
    assert_eq!(z1.grand_total.sales, Ore::new(35_900));

    let again = db
        .z_report("kassa-1", date(2026, 6, 15), at("2026-06-15T21:05:00Z"))
        .unwrap_err();
    assert_eq!(again.code(), ErrorCode::DayAlreadyClosed);
    assert!(
        again.to_string().contains("already closed by Z report 1"),
        "{again}"
    );

    let z2 = db
        .z_report("kassa-1", date(2026, 6, 16), at("2026-06-16T20:00:00Z"))
        .unwrap();
    assert_eq!(z2.kind, ReportKind::Z { number: 2 });
    assert_eq!(
        z2.sales.count, 1,
        "the 00:30 sale belongs to the Swedish 16th"
    );
    assert_eq!(z2.per_payment[0].method, PaymentMethod::Card);
    assert_eq!(z2.grand_total.sales, Ore::new(40_900));
    assert_eq!(z2.grand_total.returns, Ore::new(-3_200));
    assert_eq!(z2.grand_total.net, Ore::new(37_700));
    assert_eq!(z2.copies.count, 0);

    // Kept exactly as made, and the refused second Z left nothing behind.
    assert_eq!(db.z_reports("kassa-1").unwrap(), vec![z1, z2]);
}

#[test]
fn z_reports_cannot_be_changed_behind_the_tills_back() {
    let (dir, db) = temp_db();
    two_days(&db);
    db.z_report("kassa-1", date(2026, 6, 15), noon()).unwrap();
    let raw = rusqlite::Connection::open(dir.path().join("kassa.sqlite")).unwrap();
    assert!(raw.execute("UPDATE z_report SET z_number = 7", []).is_err());
    assert!(raw.execute("DELETE FROM z_report", []).is_err());
}

#[test]
fn reports_render_like_receipts() {
    let (_dir, db) = temp_db();
    two_days(&db);
    let z = db
        .z_report("kassa-1", date(2026, 6, 15), at("2026-06-15T21:00:00Z"))
        .unwrap();
    let shop = db.shop().unwrap();
    let page = html::render(&z.layout(&shop, Language::Swedish));
    for must in [
        "Z-dagrapport nr 1",
        "Kafé Ängen",
        "Försäljning (2)",
        "359,00 kr",
        "Returer (1)",
        "Kopior (1)",
        "Övningskvitton (1)",
        "Avbrutna köp (1)",
        "Kronor faktura (2)",
        "Grandtotal netto",
    ] {
        assert!(page.contains(must), "the Z report lacks {must:?}");
    }
    let printed = escpos::decode(&escpos::render(
        &z.layout(&shop, Language::English),
        Paper::Mm58,
    ))
    .unwrap();
    let texts = printed.texts();
    assert!(texts.contains(&"Z report no. 1".to_owned()), "{texts:?}");
    assert!(
        texts.contains(&"Net sales             SEK 327.00".to_owned()),
        "{texts:?}"
    );
    assert!(
        texts.contains(&"Receipt nos.                 1-4".to_owned()),
        "{texts:?}"
    );
    assert_eq!(printed.cuts, 1);
}

#[test]
fn days_are_closed_in_order_and_not_ahead_of_time() {
    let (_dir, db) = temp_db();
    two_days(&db);
    let err = db
        .z_report("kassa-1", date(2026, 6, 16), noon())
        .unwrap_err();
    assert!(err.to_string().contains("has not begun"), "{err}");
    db.z_report("kassa-1", date(2026, 6, 16), at("2026-06-16T20:00:00Z"))
        .unwrap();
    let err = db
        .z_report("kassa-1", date(2026, 6, 15), at("2026-06-16T20:05:00Z"))
        .unwrap_err();
    assert!(err.to_string().contains("closed up to 2026-06-16"), "{err}");
    assert_eq!(db.z_reports("kassa-1").unwrap().len(), 1);
}
