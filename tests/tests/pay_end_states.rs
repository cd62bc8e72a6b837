//! The Pay screen's other endings in the real window, training mode: a bad personnummer gets
//! its message at the field; the customer rejects on the SCA page (the panel says so and the
//! sale is still there to retry); the cashier cancels with Esc and with the Cancel button
//! (Kronor — the embedded sandbox — has the order CANCELLED: nothing charged). Runs for real
//! under `scripts/test.sh`; elsewhere it says why it skips.

use fantoccini::{Client, Locator};
use kassa_e2e::window::{click, keys::ESCAPE, scan_and_pay, send_to_kronor, text_of, wait_for};
use kassa_e2e::{Screenshots, in_real_window};
use serde_json::Value;

/// Demo catalogue: Kaffekopp, keramik, 149,00 kr.
const KAFFEKOPP: &str = "7350000050011";

#[tokio::test(flavor = "multi_thread")]
async fn field_message_reject_and_cancel_in_the_real_window() -> anyhow::Result<()> {
    in_real_window(scenario).await
}

async fn scenario(client: &Client) -> anyhow::Result<()> {
    let shots = Screenshots::new()?;
    wait_for(client, Locator::Id("cart-empty"), "the empty sale").await?;
    scan_and_pay(client, KAFFEKOPP, 14_900).await?;

    // A typo in the personnummer: its own message at the field, and nothing is sent.
    let personnummer = client.find(Locator::Id("customer-personnummer")).await?;
    personnummer.clear().await?;
    personnummer.send_keys("191212121213").await?;
    click(client, "pay-submit").await?;
    wait_for(
        client,
        Locator::XPath(
            "//label[.//input[@id='customer-personnummer']]\
             //*[@id='customer-personnummer-problem' and @data-problem='personnummer_check_digit']",
        ),
        "the check-digit message next to the personnummer",
    )
    .await?;
    let message = text_of(client, "#customer-personnummer-problem").await?;
    anyhow::ensure!(
        message.contains("personnumret"),
        "a Swedish message the cashier can act on: {message:?}"
    );
    anyhow::ensure!(
        client.find_all(Locator::Id("pay-qr")).await?.is_empty(),
        "nothing sent to Kronor"
    );
    shots.save(client, "10-pay-field-message").await?;
    personnummer.clear().await?;
    personnummer.send_keys("191212121212").await?;

    // 1. The customer rejects on the SCA page.
    let sca_url = charge(client).await?;
    kassa_e2e::window::phone_decides(&sca_url, "reject").await?;
    wait_for(
        client,
        Locator::Css("#pay-screen[data-phase='rejected'] #pay-hint"),
        "the rejected payment",
    )
    .await?;
    let phase = text_of(client, "#pay-phase").await?;
    anyhow::ensure!(phase.contains("nekades"), "rejected, clearly: {phase:?}");
    anyhow::ensure!(
        client
            .find_all(Locator::Id("pay-receipt"))
            .await?
            .is_empty(),
        "no receipt for a rejected payment"
    );
    anyhow::ensure!(
        kronor_statuses(&sca_url).await? == ["REJECTED"],
        "Kronor has it rejected"
    );
    shots.save(client, "11-pay-rejected").await?;

    // 2. Try again (same sale, same customer), then the cashier cancels with Esc.
    click(client, "pay-retry").await?;
    wait_for(client, Locator::Id("customer-form"), "the form again").await?;
    let sca_url = charge(client).await?;
    client
        .find(Locator::Id("pay-cancel"))
        .await?
        .send_keys(ESCAPE)
        .await?;
    wait_for(
        client,
        Locator::Css("#pay-screen[data-phase='cancelled'] #pay-hint"),
        "the payment cancelled by Esc",
    )
    .await?;
    anyhow::ensure!(
        kronor_statuses(&sca_url).await? == ["CANCELLED"],
        "Kronor has the order cancelled: nothing charged"
    );
    shots.save(client, "12-pay-cancelled").await?;

    // 3. Again, cancelled with the Cancel button.
    click(client, "pay-retry").await?;
    wait_for(client, Locator::Id("customer-form"), "the form again").await?;
    let sca_url = charge(client).await?;
    click(client, "pay-cancel").await?;
    wait_for(
        client,
        Locator::Css("#pay-screen[data-phase='cancelled']"),
        "the payment cancelled by the button",
    )
    .await?;
    anyhow::ensure!(
        kronor_statuses(&sca_url).await? == ["CANCELLED"],
        "Kronor has the second order cancelled too"
    );

    // Back to the sale: the cup is still on the counter, ready for another try.
    click(client, "pay-new-sale").await?;
    wait_for(
        client,
        Locator::Css("#cart-total[data-ore='14900']"),
        "the unpaid sale still there",
    )
    .await?;
    Ok(())
}

/// Sends the prefilled customer to Kronor and answers the SCA URL shown beside the QR code,
/// once the connection line is up too.
async fn charge(client: &Client) -> anyhow::Result<String> {
    let sca_url = send_to_kronor(client).await?;
    wait_for(
        client,
        Locator::Css("#pay-connection[data-connection]"),
        "the connection line",
    )
    .await?;
    Ok(sca_url)
}

/// The order's statuses at Kronor, asked with the order's own wait token (from the SCA URL),
/// which sees that one order through `purchaseOrders`.
async fn kronor_statuses(sca_url: &str) -> anyhow::Result<Vec<String>> {
    let (base, query) = sca_url
        .split_once('?')
        .ok_or_else(|| anyhow::anyhow!("no token in {sca_url}"))?;
    let token = query
        .split('&')
        .find_map(|pair| pair.strip_prefix("token="))
        .ok_or_else(|| anyhow::anyhow!("no token in {sca_url}"))?;
    let graphql = format!("{}/v1/graphql", base.trim_end_matches('/'));
    let body = serde_json::json!({"query": "query { purchaseOrders { id status { status } } }"});
    let answer = kassa_e2e::window::http_client(reqwest::Client::builder())?
        .post(&graphql)
        .header("authorization", format!("Bearer {token}"))
        .header("content-type", "application/json")
        .body(body.to_string())
        .send()
        .await?
        .text()
        .await?;
    let answer: Value = serde_json::from_str(&answer)?;
    let orders = answer["data"]["purchaseOrders"]
        .as_array()
        .ok_or_else(|| anyhow::anyhow!("no orders in {answer}"))?;
    anyhow::ensure!(orders.len() == 1, "the wait token sees one order: {answer}");
    Ok(orders[0]["status"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|s| s["status"].as_str().map(str::to_owned))
        .collect())
}
