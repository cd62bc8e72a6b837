//! Charge → QR: a sale of one cup, then `CHARGES` times: F12, "Send to Kronor", the QR
//! code, Cancel, back to the sale. The times come from the page's own marks
//! (`ui/src/lib/perf.ts`): click on #pay-submit → QR SVG in the DOM.

use std::time::Duration;

use anyhow::Context;
use fantoccini::{Client, Locator};
use kassa_e2e::window::keys::{ENTER, F12};

use crate::start::POLL;

/// Demo catalogue: Kaffekopp, keramik, 149,00 kr.
const KAFFEKOPP: &str = "7350000050011";

/// `ui/src/lib/perf.ts`'s measure name.
const CHARGE_TO_QR: &str = "kassa:charge-to-qr";

/// Runs `charges` checkouts (each cancelled, so the next starts clean) and returns each
/// click → QR time in milliseconds, as the page measured it.
pub async fn charge_to_qr(client: &Client, charges: usize) -> anyhow::Result<Vec<f64>> {
    let search = client.find(Locator::Id("search")).await?;
    search.send_keys(&format!("{KAFFEKOPP}{ENTER}")).await?;
    wait(
        client,
        "#cart-total[data-ore='14900']",
        "the sale of one cup",
    )
    .await?;
    for i in 0..charges {
        client
            .find(Locator::Id("search"))
            .await?
            .send_keys(F12)
            .await?;
        wait(client, "#customer-form #pay-submit", "the customer form").await?;
        client
            .find(Locator::Id("pay-submit"))
            .await?
            .click()
            .await?;
        wait(client, "#pay-qr svg", "the QR code")
            .await
            .with_context(|| format!("charge {}", i + 1))?;
        client
            .find(Locator::Id("pay-cancel"))
            .await?
            .click()
            .await?;
        wait(
            client,
            "#pay-screen[data-phase='cancelled'] #pay-new-sale",
            "the cancelled checkout",
        )
        .await?;
        client
            .find(Locator::Id("pay-new-sale"))
            .await?
            .click()
            .await?;
        wait(client, "#search", "the sale screen").await?;
    }
    let measured = client
        .execute(
            "return performance.getEntriesByName(arguments[0], 'measure').map(m => m.duration);",
            vec![CHARGE_TO_QR.into()],
        )
        .await?;
    let times: Vec<f64> = serde_json::from_value(measured).context("the page's measures")?;
    anyhow::ensure!(
        times.len() == charges,
        "the page measured {} of {charges} charges",
        times.len()
    );
    Ok(times)
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

/// One whole payment of the sale on the counter (F12, Send to Kronor, the phone approves, the
/// receipt, New sale) and the trips to the shell it took, as the window made them.
pub async fn round_trips_of_a_payment(client: &Client) -> anyhow::Result<Vec<String>> {
    kassa_e2e::round_trips::start(client).await?;
    kassa_e2e::window::pay(client).await?;
    let sca_url = kassa_e2e::window::send_to_kronor(client).await?;
    kassa_e2e::window::phone_decides(&sca_url, "approve").await?;
    kassa_e2e::window::receipted(client).await?;
    client
        .find(Locator::Id("pay-new-sale"))
        .await?
        .click()
        .await?;
    wait(client, "#cart-empty", "the next customer's empty sale").await?;
    kassa_e2e::round_trips::taken(client).await
}
