//! A till whose data cannot be trusted, in the real window: a receipt altered near the end
//! of the journal stops the till, and the window (not a log line) says why, where the file
//! is and what to do; one altered deep in the journal lets the till open and the background
//! integrity check puts a red banner over every screen.

use std::path::Path;

use fantoccini::{Client, Locator};
use kassa::Ore;
use kassa::journal::{EntryKind, JournalLine, NewEntry, PaymentMethod};
use kassa::vat::VatRate;
use kassa_e2e::Screenshots;
use kassa_e2e::window::{in_real_window_on, wait_for, wait_for_text};

/// The app's file in its data folder, with `sales` receipts and receipt `altered` lowered
/// in price behind the till's back (its trigger dropped first).
fn altered_till(dir: &Path, sales: u32, altered: i64) -> anyhow::Result<()> {
    let path = dir.join("kassa.sqlite");
    let db = kassa::Db::open(&path)?;
    let rate = VatRate::percent(25);
    let price = Ore::new(14_900);
    for n in 0..sales {
        db.journal().register(NewEntry {
            register_id: "KASSA-1".into(),
            training: true,
            kind: EntryKind::Sale,
            registered_at: format!("2026-06-15T10:{:02}:{:02}Z", n / 60, n % 60).parse()?,
            cashier: "kassa".into(),
            payment_method: Some(PaymentMethod::Invoice),
            kronor_purchase_id: Some(format!("7700{n:02}")),
            merchant_reference: Some(format!("KASSA-1-{n:04}")),
            order_id: None,
            customer_id: None,
            original_entry_id: None,
            note: String::new(),
            lines: vec![JournalLine {
                name: "Kaffekopp, keramik".into(),
                sku: None,
                quantity: 1,
                unit_price: price,
                discount: Ore::new(0),
                vat_rate: rate,
                total: price,
                tax: rate.tax_of(price),
            }],
        })?;
    }
    drop(db);
    let raw = rusqlite::Connection::open(&path)?;
    raw.execute_batch("DROP TRIGGER journal_line_no_update;")?;
    raw.execute(
        "UPDATE journal_line SET unit_price_ore = 100, total_ore = 100 WHERE entry_id = ?1",
        [altered],
    )?;
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn an_altered_recent_receipt_shows_the_problem_screen() -> anyhow::Result<()> {
    let file = std::cell::OnceCell::new();
    in_real_window_on(
        |dir| {
            let _ = file.set(dir.join("kassa.sqlite").display().to_string());
            altered_till(dir, 3, 3)
        },
        async |client: &Client| {
            wait_for_text(client, "startup-problem", "Kassan kunde inte starta").await?;
            wait_for_text(client, "startup-problem", "The till could not start").await?;
            wait_for_text(client, "startup-problem", "Databasen är skadad").await?;
            let file = file.get().map(String::as_str).unwrap_or("kassa.sqlite");
            wait_for_text(client, "startup-problem", file).await?;
            // Nothing of the till is there to use.
            assert!(client.find(Locator::Id("search")).await.is_err());
            Screenshots::new()?.save(client, "startup-problem").await?;
            Ok(())
        },
    )
    .await
}

#[tokio::test(flavor = "multi_thread")]
async fn an_altered_old_receipt_opens_the_till_under_a_red_banner() -> anyhow::Result<()> {
    in_real_window_on(
        // Deeper than the look at the journal's tail when the till opens.
        |dir| altered_till(dir, 40, 2),
        async |client: &Client| {
            wait_for(client, Locator::Id("search"), "the sale screen").await?;
            wait_for_text(client, "integrity-banner", "kvitton kan ha ändrats").await?;
            Screenshots::new()?.save(client, "integrity-banner").await?;
            Ok(())
        },
    )
    .await
}
