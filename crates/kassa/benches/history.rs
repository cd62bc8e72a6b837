//! Benchmark of History's receipt search, printed as p50/p99 per way in.
//!
//! `cargo bench -p kassa --bench history` searches a journal of 100 000 receipts. Run without
//! `--bench` (as `cargo test --benches` does) it makes a quick smoke run on 2 000.

mod support;

use std::time::{Duration, Instant};

use support::report;

use jiff::civil::date;
use kassa::journal::ReceiptQuery;
use kassa::{Customer, Db, Personnummer};

fn main() {
    let full = std::env::args().any(|a| a == "--bench");
    let (rounds, receipts) = if full { (500, 100_000) } else { (10, 2_000) };
    println!(
        "kassa history search benchmark ({} run, {receipts} receipts)",
        if full { "full" } else { "smoke" }
    );
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("kassa.sqlite");
    let db = Db::open(&path).expect("open");
    let today = date(2026, 6, 15);
    let customer = db
        .customers()
        .save(Customer {
            personnummer: Personnummer::parse("191212121212", today).expect("pnr"),
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
        .id;
    fill(&path, receipts, customer);

    let n = receipts / 2;
    let cases = [
        ("receipt number", ReceiptQuery::text(n.to_string())),
        ("amount (öre exact)", ReceiptQuery::text("500,00")),
        (
            "merchant reference",
            ReceiptQuery::text(format!("KASSA-1-{n:06}")),
        ),
        (
            "Kronor purchase id",
            ReceiptQuery::text(format!("{}", 500_000 + n)),
        ),
        (
            "customer name (every 1000th receipt)",
            ReceiptQuery::text("Tolvansson"),
        ),
        (
            "date range (2 days)",
            ReceiptQuery {
                from: Some(date(2020, 2, 1)),
                to: Some(date(2020, 2, 2)),
                ..ReceiptQuery::default()
            },
        ),
        ("newest page, nothing typed", ReceiptQuery::default()),
    ];
    for (what, query) in &cases {
        let samples = time(rounds, || {
            db.journal().search(query, today).expect("search").len()
        });
        report(what, samples, "≤ 50 ms (feels instant)");
    }
}

/// `count` receipts written straight into the file: registering them one by one would measure
/// the hash chain and fsync, not the search.
fn fill(path: &std::path::Path, count: i64, customer: i64) {
    let raw = rusqlite::Connection::open(path).expect("second connection");
    raw.execute_batch(&format!(
        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {count})
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
    .expect("fill the journal");
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
