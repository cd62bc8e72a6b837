use jiff::Timestamp;
use jiff::civil::date;
use kassa::cart::Cart;
use kassa::journal::{EntryKind, JournalLine, NewEntry, Payment, PaymentMethod, PrintKind};
use kassa::vat::{VatRate, VatTable, sale_date};
use kassa::{Db, ErrorCode, NewProduct, Ore, VatClass};
use rusqlite::Connection;
use std::sync::atomic::{AtomicU32, Ordering};

use crate::temp_db;

fn at() -> Timestamp {
    "2026-06-15T10:00:00Z".parse().unwrap()
}

/// A sale of two demo-like products, priced by the cart.
fn sale(db: &Db, register: &str, training: bool) -> NewEntry {
    let cat = db.catalogue();
    let bulle = match cat.search("kanelbulle", 1).unwrap().pop() {
        Some(p) => p,
        None => cat
            .add_product(NewProduct::new(
                "Kanelbulle",
                Ore::new(3_200),
                VatClass::Food,
            ))
            .unwrap(),
    };
    let kopp = match cat.search("kaffekopp", 1).unwrap().pop() {
        Some(p) => p,
        None => cat
            .add_product(NewProduct::new(
                "Kaffekopp",
                Ore::new(14_900),
                VatClass::Standard,
            ))
            .unwrap(),
    };
    let mut cart = Cart::new();
    cart.add_product(&bulle, 2).unwrap();
    cart.add_product(&kopp, 1).unwrap();
    let totals = cart.totals(&VatTable::sweden(), sale_date(at())).unwrap();
    let mut entry = NewEntry::sale(
        register,
        training,
        at(),
        "Kim",
        PaymentMethod::Swish,
        &totals,
    );
    entry.kronor_purchase_id = Some("913377".into());
    entry.merchant_reference = Some("kassa-1-0001".into());
    // Each sale is its own till order: the journal refuses a second sale for one order.
    static ORDERS: AtomicU32 = AtomicU32::new(1);
    entry.order_id = Some(format!("order-{}", ORDERS.fetch_add(1, Ordering::Relaxed)));
    entry
}

#[test]
fn registers_sales_with_unbroken_receipt_numbers_per_series() {
    let (_dir, db) = temp_db();
    let journal = db.journal();
    let first = journal.register(sale(&db, "kassa-1", false)).unwrap();
    assert_eq!(first.receipt_number, 1);
    assert_eq!(first.total, Ore::new(2 * 3_200 + 14_900));
    assert_eq!(first.sale_date, date(2026, 6, 15));
    assert_eq!(first.per_rate.len(), 2);
    assert_eq!(first.per_rate[0].rate, VatRate::percent(25));
    assert_eq!(first.per_rate[1].rate, VatRate::percent(6));
    assert_eq!(
        journal.entry(first.id).unwrap(),
        first,
        "read back as registered"
    );

    // Training sales have their own series and never touch the real one.
    let t1 = journal.register(sale(&db, "kassa-1", true)).unwrap();
    let t2 = journal.register(sale(&db, "kassa-1", true)).unwrap();
    assert_eq!((t1.receipt_number, t2.receipt_number), (1, 2));
    assert_eq!(journal.last_receipt_number("kassa-1", false).unwrap(), 1);
    // Another register has its own series.
    assert_eq!(
        journal
            .register(sale(&db, "kassa-2", false))
            .unwrap()
            .receipt_number,
        1
    );
    for _ in 0..3 {
        journal.register(sale(&db, "kassa-1", false)).unwrap();
    }
    assert_eq!(
        journal.receipt_numbers("kassa-1", false).unwrap(),
        [1, 2, 3, 4]
    );
    assert_eq!(journal.receipt_numbers("kassa-1", true).unwrap(), [1, 2]);
    let third = journal.by_receipt("kassa-1", false, 3).unwrap();
    assert_eq!(third.kronor_purchase_id.as_deref(), Some("913377"));
    assert_eq!(
        journal.by_receipt("kassa-1", false, 99).unwrap_err().code(),
        ErrorCode::NotFound
    );
    assert_eq!(journal.verify_chain().unwrap(), 7);
}

#[test]
fn refuses_inconsistent_entries_and_writes_nothing() {
    let (_dir, db) = temp_db();
    let journal = db.journal();
    let good = sale(&db, "kassa-1", false);

    let mut wrong_total = good.clone();
    wrong_total.lines[0].total = Ore::new(wrong_total.lines[0].total.get() + 1);
    let mut wrong_tax = good.clone();
    wrong_tax.lines[0].tax = Ore::new(wrong_tax.lines[0].tax.get() + 3);
    let mut no_lines = good.clone();
    no_lines.lines.clear();
    let mut no_payment = good.clone();
    no_payment.payment_method = None;
    let mut negative_sale = good.clone();
    negative_sale.lines[0].quantity = -2;
    let mut long_ref = good.clone();
    long_ref.merchant_reference = Some("x".repeat(65));
    let mut ghost_customer = good.clone();
    ghost_customer.customer_id = Some(42);
    for (bad, code) in [
        (wrong_total, ErrorCode::InvalidJournalEntry),
        (wrong_tax, ErrorCode::InvalidJournalEntry),
        (no_lines, ErrorCode::EmptySale),
        (no_payment, ErrorCode::InvalidJournalEntry),
        (negative_sale, ErrorCode::InvalidJournalEntry),
        (long_ref, ErrorCode::InvalidJournalEntry),
        (ghost_customer, ErrorCode::NotFound),
    ] {
        assert_eq!(journal.register(bad).unwrap_err().code(), code);
    }
    assert_eq!(journal.last_receipt_number("kassa-1", false).unwrap(), 0);
    assert_eq!(
        journal.register(good).unwrap().receipt_number,
        1,
        "no number was used up"
    );
}

fn return_of(original: &kassa::Entry, lines: usize) -> NewEntry {
    NewEntry {
        kind: EntryKind::Return,
        original_entry_id: Some(original.id),
        payments: Vec::new(),
        lines: original.lines[..lines]
            .iter()
            .map(|l| JournalLine {
                quantity: -l.quantity,
                discount: Ore::new(-l.discount.get()),
                total: Ore::new(-l.total.get()),
                tax: Ore::new(-l.tax.get()),
                ..l.clone()
            })
            .collect(),
        kronor_purchase_id: original.kronor_purchase_id.clone(),
        merchant_reference: None,
        order_id: None,
        customer_id: None,
        note: "Trasig kopp".into(),
        register_id: original.register_id.clone(),
        training: original.training,
        registered_at: at(),
        cashier: "Kim".into(),
        payment_method: original.payment_method,
    }
}

#[test]
fn returns_reference_the_original_sale_and_leave_it_untouched() {
    let (_dir, db) = temp_db();
    let journal = db.journal();
    let sold = journal.register(sale(&db, "kassa-1", false)).unwrap();
    let back = journal.register(return_of(&sold, 1)).unwrap();
    assert_eq!(back.kind, EntryKind::Return);
    assert_eq!(back.receipt_number, 2);
    assert_eq!(back.total, Ore::new(-6_400));
    assert_eq!(back.original_entry_id, Some(sold.id));
    assert_eq!(
        journal.entry(sold.id).unwrap(),
        sold,
        "the sale is unchanged"
    );
    assert_eq!(journal.returns_of(sold.id).unwrap(), vec![back]);

    // Returning everything again would return more than was sold.
    let err = journal.register(return_of(&sold, 2)).unwrap_err();
    assert_eq!(err.code(), ErrorCode::InvalidJournalEntry);
    let mut orphan = return_of(&sold, 1);
    orphan.original_entry_id = None;
    assert_eq!(
        journal.register(orphan).unwrap_err().code(),
        ErrorCode::InvalidJournalEntry
    );
    let mut missing = return_of(&sold, 1);
    missing.original_entry_id = Some(999);
    assert_eq!(
        journal.register(missing).unwrap_err().code(),
        ErrorCode::NotFound
    );
    let mut wrong_mode = return_of(&sold, 1);
    wrong_mode.training = true;
    assert_eq!(
        journal.register(wrong_mode).unwrap_err().code(),
        ErrorCode::InvalidJournalEntry
    );

    // A cancellation is recorded without a payment.
    let mut cancelled = sale(&db, "kassa-1", false);
    cancelled.kind = EntryKind::Cancellation;
    cancelled.payment_method = None;
    assert_eq!(journal.register(cancelled).unwrap().receipt_number, 3);
}

#[test]
fn every_print_is_recorded_and_only_one_copy_allowed() {
    let (_dir, db) = temp_db();
    let journal = db.journal();
    let sold = journal.register(sale(&db, "kassa-1", false)).unwrap();
    journal
        .record_print(sold.id, PrintKind::Original, at())
        .unwrap();
    let err = journal
        .record_print(sold.id, PrintKind::Original, at())
        .unwrap_err();
    assert_eq!(err.code(), ErrorCode::InvalidJournalEntry);
    journal
        .record_print(sold.id, PrintKind::Copy, at())
        .unwrap();
    let err = journal
        .record_print(sold.id, PrintKind::Copy, at())
        .unwrap_err();
    assert_eq!(err.code(), ErrorCode::CopyAlreadyPrinted);
    assert!(err.to_string().contains("only one copy"));
    assert!(err.to_string().contains("SKVFS 2014:9"), "{err}");
    let kinds: Vec<PrintKind> = journal
        .prints(sold.id)
        .unwrap()
        .iter()
        .map(|p| p.kind)
        .collect();
    assert_eq!(kinds, [PrintKind::Original, PrintKind::Copy]);
    assert_eq!(
        journal
            .record_print(999, PrintKind::Copy, at())
            .unwrap_err()
            .code(),
        ErrorCode::NotFound
    );
}

#[test]
fn the_sale_of_a_till_order_is_found_by_its_order_id() {
    let (_dir, db) = temp_db();
    let journal = db.journal();
    assert!(journal.sale_for_order("no-such-order").unwrap().is_none());
    let mut new = sale(&db, "kassa-1", false);
    new.order_id = Some("order-a".into());
    let sold = journal.register(new).unwrap();
    // A return may name the same order; it is not the order's sale.
    let mut back = return_of(&sold, 1);
    back.order_id = Some("order-a".into());
    journal.register(back).unwrap();
    let found = journal
        .sale_for_order("order-a")
        .unwrap()
        .expect("the sale");
    assert_eq!(found, sold);
}

#[test]
fn a_second_sale_for_one_till_order_is_refused_and_writes_nothing() {
    let (dir, db) = temp_db();
    let journal = db.journal();
    let mut first = sale(&db, "kassa-1", false);
    first.order_id = Some("order-a".into());
    let sold = journal.register(first).unwrap();
    let mut again = sale(&db, "kassa-1", false);
    again.order_id = Some("order-a".into());
    let err = journal.register(again).unwrap_err();
    assert_eq!(err.code(), ErrorCode::Duplicate);
    let message = err.to_string();
    assert!(message.contains("order-a"), "{message}");
    assert!(message.contains("receipt 1"), "{message}");
    assert_eq!(journal.receipt_numbers("kassa-1", false).unwrap(), [1]);
    assert_eq!(journal.sale_for_order("order-a").unwrap(), Some(sold));

    // The database refuses it too, for a writer that skips the journal's check.
    let raw = Connection::open(dir.path().join("kassa.sqlite")).unwrap();
    let err = raw
        .execute(
            "INSERT INTO journal_entry(register_id, training, receipt_number, kind, registered_at,
                sale_date, cashier, payment_method, order_id, total_ore, tax_ore, discount_ore,
                note, prev_hash, hash)
             SELECT register_id, training, receipt_number + 1, kind, registered_at, sale_date,
                cashier, payment_method, order_id, total_ore, tax_ore, discount_ore, note, hash,
                hash
             FROM journal_entry WHERE id = ?1",
            [1],
        )
        .unwrap_err();
    assert!(
        err.to_string()
            .contains("UNIQUE constraint failed: journal_entry.order_id"),
        "{err}"
    );
    let rows: i64 = raw
        .query_row("SELECT count(*) FROM journal_entry", [], |r| r.get(0))
        .unwrap();
    assert_eq!(rows, 1);
}

#[test]
fn the_public_api_cannot_rewrite_a_registered_sale() {
    let (_dir, db) = temp_db();
    let journal = db.journal();
    let sold = journal.register(sale(&db, "kassa-1", false)).unwrap();
    // Changing the product in the catalogue does not change what was sold.
    let cat = db.catalogue();
    let bulle = cat.search("kanelbulle", 1).unwrap().pop().unwrap();
    cat.update_product(
        bulle.id,
        NewProduct::new("Kanelbulle XL", Ore::new(9_900), VatClass::Food),
    )
    .unwrap();
    // Registering the same sale again makes a new receipt; it never overwrites.
    let again = journal.register(sale(&db, "kassa-1", false)).unwrap();
    assert_ne!(again.id, sold.id);
    let read = journal.entry(sold.id).unwrap();
    assert_eq!(read, sold);
    assert_eq!(read.lines[0].name, "Kanelbulle");
    assert_eq!(read.lines[0].unit_price, Ore::new(3_200));
}

#[test]
fn raw_sql_cannot_update_or_delete_journal_rows() {
    let (dir, db) = temp_db();
    let sold = db.journal().register(sale(&db, "kassa-1", false)).unwrap();
    db.journal()
        .record_print(sold.id, PrintKind::Original, at())
        .unwrap();
    let raw = Connection::open(dir.path().join("kassa.sqlite")).unwrap();
    for sql in [
        "UPDATE journal_entry SET total_ore = 1",
        "DELETE FROM journal_entry",
        "UPDATE journal_line SET unit_price_ore = 1",
        "DELETE FROM journal_line",
        "UPDATE journal_vat SET tax_ore = 0",
        "DELETE FROM journal_vat",
        "UPDATE journal_print SET kind = 'copy'",
        "DELETE FROM journal_print",
        "INSERT OR REPLACE INTO journal_entry SELECT * FROM journal_entry",
        "INSERT OR REPLACE INTO journal_line SELECT * FROM journal_line",
        "INSERT OR REPLACE INTO journal_print SELECT * FROM journal_print",
    ] {
        let err = raw.execute(sql, []).unwrap_err();
        assert!(err.to_string().contains("append-only"), "{sql}: {err}");
    }
    assert_eq!(db.journal().entry(sold.id).unwrap(), sold);
}

#[test]
fn tampering_behind_the_triggers_is_caught_at_open() {
    let (dir, db) = temp_db();
    for _ in 0..3 {
        db.journal().register(sale(&db, "kassa-1", false)).unwrap();
    }
    drop(db);
    let path = dir.path().join("kassa.sqlite");
    let raw = Connection::open(&path).unwrap();
    // Dropped, used and put back, as a tamperer who knows the schema would.
    raw.execute_batch(
        "DROP TRIGGER journal_line_no_update;
         UPDATE journal_line SET unit_price_ore = 100, total_ore = 200 WHERE entry_id = 3 AND line_no = 1;
         CREATE TRIGGER journal_line_no_update BEFORE UPDATE ON journal_line
         BEGIN SELECT RAISE(ABORT, 'the journal is append-only'); END;",
    )
    .unwrap();
    drop(raw);
    let Err(err) = Db::open(&path) else {
        panic!("tampered journal opened")
    };
    assert_eq!(err.code(), ErrorCode::DatabaseCorrupt);
    assert!(
        err.to_string()
            .contains("receipt 3 (kassa-1): the chain is broken"),
        "{err}"
    );
}

/// `sale`, paid in parts: `parts` of (method, öre), the last taking what is left.
fn paid_in_parts(db: &Db, parts: &[(PaymentMethod, i64)]) -> NewEntry {
    let mut entry = sale(db, "kassa-1", false);
    entry.payment_method = None;
    entry.payments = parts
        .iter()
        .map(|&(method, ore)| Payment {
            method,
            amount: Ore::new(ore),
            reference: None,
            tendered: None,
        })
        .collect();
    entry
}

#[test]
fn a_sale_paid_in_parts_must_add_up_and_its_payments_are_sealed() {
    let (dir, db) = temp_db();
    // 2 × 32 + 149 = 213,00 kr.
    let total = sale(&db, "kassa-1", false)
        .lines
        .iter()
        .map(|l| l.total.get())
        .sum::<i64>();
    assert_eq!(total, 21_300);
    for (parts, why) in [
        (vec![(PaymentMethod::Swish, 10_000)], "short"),
        (
            vec![
                (PaymentMethod::Swish, 20_000),
                (PaymentMethod::Swish, 1_400),
            ],
            "over",
        ),
        (
            vec![(PaymentMethod::Cash, 21_300), (PaymentMethod::Swish, 0)],
            "a zero part",
        ),
        (
            vec![(PaymentMethod::Swish, 22_000), (PaymentMethod::Cash, -700)],
            "a negative part",
        ),
        // Without cash nothing is rounded.
        (vec![(PaymentMethod::Swish, 21_250)], "rounded without cash"),
        // Cash rounds by at most half a krona.
        (
            vec![(PaymentMethod::Swish, 1_300), (PaymentMethod::Cash, 19_900)],
            "off by a krona",
        ),
    ] {
        let refused = db.journal().register(paid_in_parts(&db, &parts));
        assert!(refused.is_err(), "{why}: {parts:?}");
    }
    let mut both = sale(&db, "kassa-1", false);
    both.payments = paid_in_parts(&db, &[(PaymentMethod::Cash, 20_000)]).payments;
    assert!(
        db.journal().register(both).is_err(),
        "a method and payments"
    );
    assert_eq!(
        db.journal().last_receipt_number("kassa-1", false).unwrap(),
        0
    );

    let sold = db
        .journal()
        .register(paid_in_parts(
            &db,
            &[(PaymentMethod::Cash, 20_000), (PaymentMethod::Swish, 1_300)],
        ))
        .unwrap();
    let read = db.journal().entry(sold.id).unwrap();
    assert_eq!(read, sold);
    assert_eq!(read.payments.len(), 2);
    assert_eq!(read.rounding(), Ore::ZERO);
    let rounded = db
        .journal()
        .register(paid_in_parts(
            &db,
            &[(PaymentMethod::Swish, 1_330), (PaymentMethod::Cash, 20_000)],
        ))
        .unwrap();
    assert_eq!(rounded.rounding(), Ore::new(30), "213,30 paid for 213,00");
    assert_eq!(db.journal().verify_chain().unwrap(), 2);

    // The rows cannot change, and a change behind the triggers breaks the chain.
    drop(db);
    let path = dir.path().join("kassa.sqlite");
    let raw = Connection::open(&path).unwrap();
    for sql in [
        "UPDATE journal_payment SET amount_ore = 1",
        "DELETE FROM journal_payment",
        "INSERT OR REPLACE INTO journal_payment SELECT * FROM journal_payment",
    ] {
        let err = raw.execute(sql, []).unwrap_err();
        assert!(err.to_string().contains("append-only"), "{sql}: {err}");
    }
    raw.execute_batch(
        "DROP TRIGGER journal_payment_no_update;
         UPDATE journal_payment SET method = 'swish' WHERE entry_id = 1 AND position = 1;",
    )
    .unwrap();
    drop(raw);
    let Err(err) = Db::open(&path) else {
        panic!("tampered payments opened")
    };
    assert_eq!(err.code(), ErrorCode::DatabaseCorrupt);
}
