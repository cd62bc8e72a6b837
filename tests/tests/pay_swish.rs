//! Swish at the counter in the real window, training mode: scan, F12 and nothing else, the
//! Swish QR, the customer pays on the training Kronor's Swish page, "Betalt" and the next
//! empty sale, in a few trips to the shell. Then a payment declined in the Swish app, and one
//! cancelled by Esc. (The Swish QR on the customer display: `customer_display.rs`; a live
//! payment that expires: `pay_swish_live.rs`.) Runs for real under `scripts/test.sh`;
//! elsewhere it says why it skips.

use fantoccini::{Client, Locator};
use kassa_e2e::window::{
    click, keys::ESCAPE, pay_by_swish, receipted, scan, swish_app_decides, text_of, wait_for,
    wait_for_text,
};
use kassa_e2e::{Screenshots, in_real_window, round_trips};

/// Demo catalogue: Kaffekopp, keramik, 149,00 kr.
const KAFFEKOPP: &str = "7350000050011";

/// A Swish payment's trips between the window and the shell, F12 to the next customer's
/// empty sale.
const MAX_ROUND_TRIPS: usize = 4;

#[tokio::test(flavor = "multi_thread")]
async fn swish_paid_declined_and_cancelled_in_the_real_window() -> anyhow::Result<()> {
    in_real_window(scenario).await
}

async fn scenario(client: &Client) -> anyhow::Result<()> {
    let shots = Screenshots::new()?;
    wait_for(client, Locator::Id("cart-empty"), "the empty sale").await?;

    // Paid: the last scan, then F12 is the only key; nothing to type.
    scan(client, KAFFEKOPP, 14_900).await?;
    round_trips::start(client).await?;
    let page = pay_by_swish(client).await?;
    anyhow::ensure!(
        client
            // The cash panel's amount handed over is cash's own, never asked for by Swish.
            .find_all(Locator::Css(
                "#pay-screen input:not(#pay-cash-typed), #pay-screen textarea"
            ))
            .await?
            .is_empty(),
        "no field to type on the Swish pay screen"
    );
    anyhow::ensure!(
        text_of(client, "#pay-amount").await?.contains("149,00 kr"),
        "the amount beside the QR code"
    );
    shots.save(client, "08-pay-swish-qr").await?;
    swish_app_decides(&page, "pay").await?;
    receipted(client).await?;
    wait_for_text(client, "pay-phase", "Betalt").await?;
    shots.save(client, "09-pay-swish-paid").await?;
    click(client, "pay-new-sale").await?;
    wait_for(
        client,
        Locator::Id("cart-empty"),
        "the next customer's empty sale",
    )
    .await?;
    let trips = round_trips::taken(client).await?;
    println!(
        "round trips for one Swish sale: {} {trips:?}; keystrokes from the last scan to paid: 1 (F12)",
        trips.len()
    );
    anyhow::ensure!(
        trips.len() <= MAX_ROUND_TRIPS,
        "{} round trips for one sale (at most {MAX_ROUND_TRIPS}): {trips:?}",
        trips.len()
    );

    // Declined in the Swish app: nothing charged, the sale still on the counter.
    scan(client, KAFFEKOPP, 14_900).await?;
    let page = pay_by_swish(client).await?;
    swish_app_decides(&page, "decline").await?;
    wait_for(
        client,
        Locator::Css("#pay-screen[data-phase='rejected'] #pay-hint"),
        "the declined payment",
    )
    .await?;
    let hint = text_of(client, "#pay-hint").await?;
    anyhow::ensure!(
        hint.contains("Swish-appen"),
        "why, in Swish's words: {hint:?}"
    );
    shots.save(client, "10-pay-swish-declined").await?;

    // Try again: a new Swish payment at once; Esc cancels it at Kronor.
    click(client, "pay-retry").await?;
    let page = kassa_e2e::window::swish_page_shown(client).await?;
    client
        .find(Locator::Id("pay-cancel"))
        .await?
        .send_keys(ESCAPE)
        .await?;
    wait_for(
        client,
        Locator::Css("#pay-screen[data-phase='cancelled']"),
        "the cancelled payment",
    )
    .await?;
    anyhow::ensure!(
        swish_app_decides(&page, "pay").await.is_err(),
        "a cancelled Swish payment cannot be paid any more"
    );
    shots.save(client, "11-pay-swish-cancelled").await?;
    click(client, "pay-new-sale").await?;
    anyhow::ensure!(
        text_of(client, "#cart-total").await?.contains("149,00"),
        "the sale is still on the counter after a cancel"
    );
    Ok(())
}
