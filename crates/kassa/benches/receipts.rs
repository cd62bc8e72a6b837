//! Benchmarks of receipts and day reports, printed as p50/p99 next to the goals of issue 7.
//!
//! `cargo bench -p kassa --bench receipts` runs the full sizes (a Z report over 100 000
//! receipts). Run without `--bench` (as `cargo test --benches` does) it makes a quick smoke
//! run on small sizes.

mod support;

use std::time::{Duration, Instant};

use support::report;

use jiff::civil::date;
use kassa::Db;
use kassa::Ore;
use kassa::journal::{EntryKind, JournalLine, NewEntry, PaymentMethod};
use kassa::receipt::escpos::{self, Paper};
use kassa::receipt::{AfterSale, Language, Receipt, ReceiptOptions, Shop, html, pdf};
use kassa::vat::VatRate;

fn main() {
    let full = std::env::args().any(|a| a == "--bench");
    let (rounds, receipts) = if full { (2_000, 100_000) } else { (20, 2_000) };
    println!(
        "kassa receipt benchmarks ({} run)",
        if full { "full" } else { "smoke" }
    );
    let dir = tempfile::tempdir().expect("temp dir");
    let db = Db::open(dir.path().join("kassa.sqlite")).expect("open");
    let shop = db
        .set_shop(Shop {
            name: "Kafé Ängen".into(),
            org_number: "556677-8899".into(),
            address: "Storgatan 1, 123 45 Småstad".into(),
            after_sale: AfterSale::Print,
        })
        .expect("shop");
    let entry = db.journal().register(cafe_sale()).expect("sale");
    let options = ReceiptOptions {
        language: Language::Swedish,
        electronic: false,
        qr: true,
    };
    let receipt = Receipt::new(&entry, &shop, options, false, None).expect("receipt");

    report(
        "receipt as HTML (layout + render)",
        time(rounds, || html::render(&receipt.layout()).len()),
        "≤ 5 ms",
    );
    report(
        "receipt as ESC/POS 80 mm",
        time(rounds, || {
            escpos::render(&receipt.layout(), Paper::Mm80).len()
        }),
        "≤ 5 ms",
    );
    // The first PDF also reads the embedded font's glyph map; that one-off is shown apart.
    let started = Instant::now();
    let first = pdf::render(&receipt.layout()).expect("pdf").len();
    println!(
        "{:<44} {:>10.2?}  ({first} bytes)",
        "first PDF (reads the font once)",
        started.elapsed()
    );
    report(
        "receipt as PDF",
        time(rounds.min(200), || {
            pdf::render(&receipt.layout()).expect("pdf").len()
        }),
        "≤ 5 ms",
    );

    let started = Instant::now();
    fill_day(&db, receipts);
    println!(
        "{:<44} built in {:.2?}",
        format!("day of {receipts} receipts"),
        started.elapsed()
    );
    let day = date(2026, 6, 15);
    let at = "2026-06-15T20:00:00Z".parse().expect("time");
    report(
        &format!("X report over {receipts} receipts"),
        time(if full { 20 } else { 3 }, || {
            db.x_report("kassa-1", day, at).expect("x").receipts as usize
        }),
        "≤ 200 ms",
    );
    let started = Instant::now();
    let z = db.z_report("kassa-1", day, at).expect("z");
    let took = started.elapsed();
    println!(
        "{:<44} {:>10.2?}  goal ≤ 200 ms  ({} receipts, {})",
        format!("Z report over {receipts} receipts (once)"),
        took,
        z.receipts,
        z.net
    );
}

fn line(name: &str, quantity: i64, price: i64, discount: i64, rate: u32) -> JournalLine {
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

fn cafe_sale() -> NewEntry {
    NewEntry {
        register_id: "kassa-1".into(),
        training: false,
        kind: EntryKind::Sale,
        registered_at: "2026-06-15T10:00:00Z".parse().expect("time"),
        cashier: "Kim".into(),
        payment_method: Some(PaymentMethod::Invoice),
        kronor_purchase_id: Some("913377".into()),
        merchant_reference: Some("kassa-1-0001".into()),
        order_id: None,
        customer_id: None,
        original_entry_id: None,
        note: String::new(),
        payments: Vec::new(),
        lines: vec![
            line("Kaffe bryggt", 2, 3_500, 0, 12),
            line("Kanelbulle", 3, 3_200, 600, 6),
            line("Tygkasse Åre", 1, 14_900, 0, 25),
            line("Smörgås räksallad", 1, 8_900, 0, 12),
            line("Äppelmust 33 cl", 2, 2_500, 0, 12),
        ],
    }
}

/// A day of `count` receipts over two VAT rates and two payment methods, written with raw
/// inserts in one transaction (registering through the journal fsyncs every sale). The
/// report reads only entry and VAT rows, so no lines are written.
fn fill_day(db: &Db, count: i64) {
    let mut raw = rusqlite::Connection::open(db.path()).expect("raw");
    let tx = raw.transaction().expect("tx");
    {
        let mut entry = tx
            .prepare(
                "INSERT INTO journal_entry(id, register_id, training, receipt_number, kind,
                    registered_at, sale_date, cashier, payment_method, total_ore, tax_ore,
                    discount_ore, note, prev_hash, hash)
                 VALUES (?1, 'kassa-1', 0, ?1, 'sale', '2026-06-15T10:00:00Z', '2026-06-15',
                    'Kim', ?2, 22400, 4036, 0, '', ?3, ?3)",
            )
            .expect("prepare");
        let mut vat = tx
            .prepare(
                "INSERT INTO journal_vat(entry_id, vat_rate, total_ore, tax_ore)
                 VALUES (?1, 2500, 14900, 2980), (?1, 1200, 7500, 804)",
            )
            .expect("prepare");
        let filler = [0u8; 32];
        // Id 1 is the receipt rendered above.
        for id in 2..=count + 1 {
            let method = if id % 3 == 0 { "swish" } else { "invoice" };
            entry
                .execute(rusqlite::params![id, method, &filler[..]])
                .expect("entry");
            vat.execute([id]).expect("vat");
        }
    }
    tx.commit().expect("commit");
}

fn time(rounds: usize, mut f: impl FnMut() -> usize) -> Vec<Duration> {
    let mut samples = Vec::with_capacity(rounds);
    for _ in 0..rounds {
        let started = Instant::now();
        std::hint::black_box(f());
        samples.push(started.elapsed());
    }
    samples
}
