//! History: finding any receipt by what the cashier remembers, on a real SQLite file, and
//! viewing it without using up the original or the one copy.

mod support;

use jiff::Timestamp;
use jiff::civil::{Date, date};
use kassa::journal::{EntryKind, PaymentMethod, ReceiptHit, ReceiptQuery};
use kassa::receipt::ReceiptOptions;
use kassa::{Customer, Db, ErrorCode, Personnummer};
use support::{cafe_lines, line, new_entry, noon, temp_db};

fn today() -> Date {
    date(2026, 6, 15)
}

fn find(db: &Db, text: &str) -> Vec<i64> {
    ids(&db
        .journal()
        .search(&ReceiptQuery::text(text), today())
        .expect("search"))
}

fn ids(hits: &[ReceiptHit]) -> Vec<i64> {
    hits.iter().map(|h| h.entry_id).collect()
}

fn at(text: &str) -> Timestamp {
    text.parse().expect("time")
}

/// Registers a Kronor sale with its own purchase id, reference, lines and customer.
fn sale(
    db: &Db,
    when: Timestamp,
    purchase: &str,
    reference: &str,
    lines: Vec<kassa::journal::JournalLine>,
    customer_id: Option<i64>,
) -> i64 {
    let mut new = new_entry(
        EntryKind::Sale,
        false,
        when,
        Some(PaymentMethod::Invoice),
        lines,
    );
    new.kronor_purchase_id = Some(purchase.into());
    new.merchant_reference = Some(reference.into());
    new.customer_id = customer_id;
    db.journal().register(new).expect("sale").id
}

fn tolvan(db: &Db) -> i64 {
    db.customers()
        .save(Customer {
            personnummer: Personnummer::parse("191212121212", today()).expect("pnr"),
            first_name: "Tolvan".into(),
            last_name: "Tolvansson".into(),
            email: "tolvan@example.se".into(),
            phone: "070-123 45 67".into(),
            street: "Storgatan 1".into(),
            postal_code: "11122".into(),
            city: "Stockholm".into(),
            country: "SE".into(),
        })
        .expect("customer")
        .id
}

#[test]
fn finds_a_receipt_by_number_amount_reference_purchase_id_and_customer() {
    let (_dir, db) = temp_db();
    let customer = tolvan(&db);
    // Receipt 1: 149,00 kr; receipt 2: 35,00 kr with Tolvan; receipt 3: 12,50 kr.
    let a = sale(
        &db,
        noon(),
        "700001",
        "KASSA-1-000001",
        vec![line("Bok", 1, 14_900, 0, 6)],
        None,
    );
    let b = sale(
        &db,
        noon(),
        "700002",
        "KASSA-1-000002",
        vec![line("Kaffe", 1, 3_500, 0, 12)],
        Some(customer),
    );
    let c = sale(
        &db,
        noon(),
        "700003",
        "KASSA-1-000003",
        vec![line("Vykort", 1, 1_250, 0, 25)],
        None,
    );

    assert_eq!(find(&db, "2"), vec![b], "receipt number");
    assert_eq!(find(&db, "149"), vec![a], "amount typed as whole kronor");
    assert_eq!(find(&db, "149,00"), vec![a], "amount with öre");
    assert_eq!(find(&db, "12,50 kr"), vec![c], "amount with its currency");
    assert_eq!(
        find(&db, "kassa-1-000003"),
        vec![c],
        "merchant reference, any case"
    );
    assert_eq!(find(&db, "700002"), vec![b], "Kronor purchase id");
    assert_eq!(find(&db, "Tolvansson"), vec![b], "customer's last name");
    assert_eq!(find(&db, "tolv"), vec![b], "start of a customer's name");
    assert_eq!(find(&db, "19121212-1212"), vec![b], "personnummer");
    assert_eq!(find(&db, "0701234567"), vec![b], "phone");
    assert!(find(&db, "Nobody").is_empty());
    assert_eq!(find(&db, ""), vec![c, b, a], "everything, newest first");

    let hit = &db
        .journal()
        .search(&ReceiptQuery::text("2"), today())
        .expect("search")[0];
    assert_eq!(hit.customer_name.as_deref(), Some("Tolvan Tolvansson"));
    assert_eq!(hit.total.get(), 3_500);
    assert_eq!(hit.kind, EntryKind::Sale);
    assert_eq!(
        hit.payment_method,
        Some(kassa::PaymentMethod::Invoice),
        "the list says how it was paid"
    );
    assert!(!hit.copy_printed);
}

#[test]
fn a_date_range_is_in_swedish_days_and_pages_run_newest_first() {
    let (_dir, db) = temp_db();
    let lines = || vec![line("Kaffe", 1, 3_500, 0, 12)];
    // 23:30 UTC on the 14th is already the 15th in Stockholm (summer time).
    let late = sale(&db, at("2026-06-14T22:30:00Z"), "1", "R-1", lines(), None);
    let before = sale(&db, at("2026-06-14T21:30:00Z"), "2", "R-2", lines(), None);
    let next = sale(&db, at("2026-06-16T08:00:00Z"), "3", "R-3", lines(), None);
    let day = |from: Date, to: Date| ReceiptQuery {
        from: Some(from),
        to: Some(to),
        ..ReceiptQuery::default()
    };
    let search = |q: &ReceiptQuery| ids(&db.journal().search(q, today()).expect("search"));
    assert_eq!(
        search(&day(date(2026, 6, 15), date(2026, 6, 15))),
        vec![late]
    );
    assert_eq!(
        search(&day(date(2026, 6, 14), date(2026, 6, 14))),
        vec![before]
    );
    assert_eq!(
        search(&day(date(2026, 6, 14), date(2026, 6, 16))),
        vec![next, before, late]
    );
    let mut page = day(date(2026, 6, 14), date(2026, 6, 16));
    page.limit = 2;
    assert_eq!(search(&page), vec![next, before]);
    page.offset = 2;
    assert_eq!(search(&page), vec![late]);

    let backwards = day(date(2026, 6, 16), date(2026, 6, 14));
    let error = db
        .journal()
        .search(&backwards, today())
        .expect_err("a range ending before it starts");
    assert!(error.to_string().contains("swap"), "{error}");
}

#[test]
fn training_receipts_and_returns_are_found_and_marked() {
    let (_dir, db) = temp_db();
    let journal = db.journal();
    let real = journal
        .register(new_entry(
            EntryKind::Sale,
            false,
            noon(),
            Some(PaymentMethod::Invoice),
            cafe_lines(),
        ))
        .expect("sale");
    let training = journal
        .register(new_entry(
            EntryKind::Sale,
            true,
            noon(),
            Some(PaymentMethod::Invoice),
            vec![line("Kaffe", 1, 3_500, 0, 12)],
        ))
        .expect("training sale");
    let mut back = new_entry(
        EntryKind::Return,
        false,
        noon(),
        Some(PaymentMethod::Invoice),
        vec![line("Kaffe bryggt", -2, 3_500, 0, 12)],
    );
    back.original_entry_id = Some(real.id);
    let back = journal.register(back).expect("return");
    let mut cancelled = new_entry(EntryKind::Cancellation, false, noon(), None, cafe_lines());
    cancelled.kronor_purchase_id = None;
    journal.register(cancelled).expect("cancellation");

    // Training and real receipt 1 both answer to "1"; the cancellation has no receipt to show.
    let hits = journal
        .search(&ReceiptQuery::text("1"), today())
        .expect("search");
    assert_eq!(ids(&hits), vec![training.id, real.id]);
    assert!(hits[0].training && !hits[1].training);
    assert_eq!(hits[1].return_entry_id, Some(back.id));

    // A return is found by the amount of the sale it gives back (70,00 kr).
    let hits = journal
        .search(&ReceiptQuery::text("70"), today())
        .expect("search");
    assert_eq!(ids(&hits), vec![back.id]);
    assert_eq!(hits[0].kind, EntryKind::Return);
    assert_eq!(hits[0].original_entry_id, Some(real.id));

    let only_training = ReceiptQuery {
        training: Some(true),
        ..ReceiptQuery::default()
    };
    assert_eq!(
        ids(&journal.search(&only_training, today()).expect("search")),
        vec![training.id]
    );
}

#[test]
fn viewing_records_no_print_and_the_one_copy_is_refused_the_second_time() {
    let (_dir, db) = temp_db();
    let sale = support::cafe_sale(&db);
    let options = ReceiptOptions::default();
    for _ in 0..3 {
        let view = db.receipt_view(sale.id, options).expect("view");
        assert!(!view.copy);
        assert!(view.markings().is_empty());
    }
    assert!(db.journal().prints(sale.id).expect("prints").is_empty());

    let copy = db.receipt_copy(sale.id, options, noon()).expect("copy");
    assert_eq!(copy.markings(), vec!["KOPIA"]);
    let hit = &db
        .journal()
        .search(&ReceiptQuery::text("1"), today())
        .expect("search")[0];
    assert!(hit.copy_printed);

    let error = db
        .receipt_copy(sale.id, options, noon())
        .expect_err("a second copy");
    assert_eq!(error.code(), ErrorCode::CopyAlreadyPrinted);
    assert!(error.to_string().contains("SKVFS 2014:9"), "{error}");
    assert_eq!(db.journal().prints(sale.id).expect("prints").len(), 1);
}

/// 100 000 receipts, written straight into the file (registering them one by one would test
/// the hash chain, not the search): every way in must be an index search, never a scan of the
/// journal. Speed itself is for benchmarks; the plan is what a test can assert.
#[test]
fn a_hundred_thousand_receipts_are_searched_through_indexes() {
    let (dir, db) = temp_db();
    let customer = tolvan(&db);
    let raw =
        rusqlite::Connection::open(dir.path().join("kassa.sqlite")).expect("second connection");
    raw.execute_batch(&format!(
        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 100000)
         INSERT INTO journal_entry(register_id, training, receipt_number, kind, registered_at,
             sale_date, cashier, payment_method, kronor_purchase_id, merchant_reference,
             order_id, customer_id, original_entry_id, total_ore, tax_ore, discount_ore, note,
             prev_hash, hash)
         SELECT 'kassa-1', 0, i, 'sale',
             strftime('%Y-%m-%dT%H:%M:%SZ', '2020-01-01', '+' || (i * 30) || ' minutes'),
             date('2020-01-01', '+' || (i / 48) || ' days'), 'Kim', 'invoice',
             CAST(500000 + i AS TEXT), 'KASSA-1-' || printf('%06d', i), NULL,
             CASE WHEN i % 1000 = 0 THEN {customer} ELSE NULL END, NULL,
             100 + i, 10, 0, '', x'00', x'00'
         FROM n;"
    ))
    .expect("100 000 receipts");

    let journal = db.journal();
    let range = ReceiptQuery {
        from: Some(date(2021, 3, 1)),
        to: Some(date(2021, 3, 2)),
        ..ReceiptQuery::default()
    };
    let cases = [
        ("receipt number", ReceiptQuery::text("77777")),
        ("amount", ReceiptQuery::text("500,00")),
        ("reference", ReceiptQuery::text("KASSA-1-012345")),
        ("customer", ReceiptQuery::text("Tolvansson")),
        ("date range", range.clone()),
    ];
    for (what, query) in &cases {
        let plan = journal.search_plan(query, today()).expect("plan");
        let scans: Vec<&String> = plan
            .iter()
            .filter(|step| step.starts_with("SCAN e") || step.starts_with("SCAN journal_entry"))
            .collect();
        assert!(scans.is_empty(), "{what} scans the journal: {plan:#?}");
        assert!(
            plan.iter().any(|step| step.contains("USING INDEX")
                || step.contains("USING COVERING INDEX")
                || step.contains("INTEGER PRIMARY KEY")),
            "{what} uses no index: {plan:#?}"
        );
    }

    let hits = journal.search(&cases[0].1, today()).expect("search");
    assert!(hits.iter().any(|h| h.receipt_number == 77_777));
    // 500,00 kr is receipt 49 900 (100 + i öre).
    let hits = journal.search(&cases[1].1, today()).expect("search");
    assert_eq!(
        hits.iter().map(|h| h.receipt_number).collect::<Vec<_>>(),
        vec![49_900]
    );
    let hits = journal.search(&cases[3].1, today()).expect("search");
    assert_eq!(hits.len(), 50, "a full first page of Tolvan's 100 receipts");
    assert_eq!(hits[0].receipt_number, 100_000, "newest first");
    let hits = journal.search(&range, today()).expect("search");
    assert!(!hits.is_empty());
    assert!(
        hits.iter()
            .all(|h| h.sale_date >= date(2021, 3, 1) && h.sale_date <= date(2021, 3, 2))
    );
}

#[test]
fn an_original_made_but_never_handed_out_is_known_until_it_goes_out() {
    let (_dir, db) = temp_db();
    let entry = support::cafe_sale(&db);
    let options = ReceiptOptions {
        language: kassa::receipt::Language::Swedish,
        electronic: false,
        qr: false,
    };
    let out = |db: &Db| {
        let hits = db
            .journal()
            .search(&ReceiptQuery::text(""), today())
            .expect("search");
        (
            db.original_handed_out(entry.id).expect("read"),
            hits[0].original_handed_out,
        )
    };
    // Made (as just before printing) but a kill or a printer error kept it from going out.
    db.receipt_original(entry.id, options, noon())
        .expect("original");
    assert_eq!(out(&db), (false, false));
    db.record_handed_out(entry.id, kassa::receipt::HandedOut::Print, noon())
        .expect("record");
    // The first hand-out counts; a resend records nothing new.
    db.record_handed_out(entry.id, kassa::receipt::HandedOut::Pdf, noon())
        .expect("record again");
    assert_eq!(out(&db), (true, true));
}
