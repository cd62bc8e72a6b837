//! Charge → QR with Swish, the counter's default: a sale of one cup, then `CHARGES` times:
//! F12 (the one key), the Swish QR, the customer pays on the training Kronor's Swish page,
//! "Betalt", New sale, the cup scanned again. The times come from the page's own marks
//! (`ui/src/lib/perf.ts`): F12 → QR SVG in the DOM, and the customer's payment (taken just
//! before the bench posts it, so the figure is if anything too long) → the receipt on screen.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use anyhow::Context;
use fantoccini::{Client, Locator};
use kassa_e2e::window::keys::{ENTER, F12};

use crate::start::POLL;

/// Demo catalogue: Kaffekopp, keramik, 149,00 kr.
const KAFFEKOPP: &str = "7350000050011";

/// `ui/src/lib/perf.ts`'s names.
const CHARGE_TO_QR: &str = "kassa:charge-to-qr";
const PAID_SHOWN: &str = "kassa:paid-shown";

/// Each sale's F12 → Swish QR time and PAID → "Betalt" time, in milliseconds.
pub struct SwishTimes {
    pub charge_to_qr: Vec<f64>,
    pub paid_to_shown: Vec<f64>,
}

/// Runs `charges` Swish sales, each paid on the Swish page as a phone would.
pub async fn swish_sales(client: &Client, charges: usize) -> anyhow::Result<SwishTimes> {
    let mut paid_to_shown = Vec::with_capacity(charges);
    for i in 0..charges {
        client
            .find(Locator::Id("search"))
            .await?
            .send_keys(&format!("{KAFFEKOPP}{ENTER}"))
            .await?;
        wait(
            client,
            "#cart-total[data-ore='14900']",
            "the sale of one cup",
        )
        .await?;
        client
            .find(Locator::Id("search"))
            .await?
            .send_keys(F12)
            .await?;
        let page = kassa_e2e::window::swish_page_shown(client)
            .await
            .with_context(|| format!("Swish sale {}", i + 1))?;
        let paid_at = epoch_ms();
        kassa_e2e::window::swish_app_decides(&page, "pay").await?;
        kassa_e2e::window::receipted(client).await?;
        let shown = client
            .execute(
                "const m = performance.getEntriesByName(arguments[0], 'mark').pop();
                 return m ? performance.timeOrigin + m.startTime : null;",
                vec![PAID_SHOWN.into()],
            )
            .await?;
        let shown: f64 = serde_json::from_value(shown).context("the page's paid mark")?;
        paid_to_shown.push(shown - paid_at);
        client
            .find(Locator::Id("pay-new-sale"))
            .await?
            .click()
            .await?;
        wait(client, "#cart-empty", "the next customer's empty sale").await?;
    }
    let measured = client
        .execute(
            "return performance.getEntriesByName(arguments[0], 'measure').map(m => m.duration);",
            vec![CHARGE_TO_QR.into()],
        )
        .await?;
    let charge_to_qr: Vec<f64> = serde_json::from_value(measured).context("the page's measures")?;
    anyhow::ensure!(
        charge_to_qr.len() == charges,
        "the page measured {} of {charges} charges",
        charge_to_qr.len()
    );
    Ok(SwishTimes {
        charge_to_qr,
        paid_to_shown,
    })
}

fn epoch_ms() -> f64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0.0, |d| d.as_secs_f64() * 1e3)
}

async fn wait(client: &Client, css: &str, what: &str) -> anyhow::Result<()> {
    client
        .wait()
        .every(POLL)
        .at_most(Duration::from_secs(20))
        .for_element(Locator::Css(css))
        .await
        .with_context(|| format!("never saw {what}"))?;
    Ok(())
}

/// One whole Swish payment of a new sale (scan, F12, the customer pays, the receipt, New
/// sale) and the trips to the shell it took from F12 on, as the window made them.
pub async fn round_trips_of_a_payment(client: &Client) -> anyhow::Result<Vec<String>> {
    kassa_e2e::window::scan(client, KAFFEKOPP, 14_900).await?;
    kassa_e2e::round_trips::start(client).await?;
    let page = kassa_e2e::window::pay_by_swish(client).await?;
    kassa_e2e::window::swish_app_decides(&page, "pay").await?;
    kassa_e2e::window::receipted(client).await?;
    client
        .find(Locator::Id("pay-new-sale"))
        .await?
        .click()
        .await?;
    wait(client, "#cart-empty", "the next customer's empty sale").await?;
    kassa_e2e::round_trips::taken(client).await
}
