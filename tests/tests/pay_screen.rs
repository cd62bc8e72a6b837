//! The Pay screen in the real window, training mode, by invoice: a sale, F12 and F11 (the
//! invoice instead of Swish), the prefilled sandbox test person, the QR code and SCA URL, then the customer's "phone" approves on the SCA
//! page and the window shows the receipt. Runs for real under `scripts/test.sh`; elsewhere
//! it says why it skips.

use fantoccini::{Client, Locator};
use kassa_e2e::window::{pay, receipted, scan, send_to_kronor, wait_for};
use kassa_e2e::{Screenshots, in_real_window};

/// Demo catalogue: Kaffekopp, keramik, 149,00 kr.
const KAFFEKOPP: &str = "7350000050011";

#[tokio::test(flavor = "multi_thread")]
async fn charge_and_approve_in_the_real_window() -> anyhow::Result<()> {
    in_real_window(scenario).await
}

async fn scenario(client: &Client) -> anyhow::Result<()> {
    let shots = Screenshots::new()?;
    wait_for(
        client,
        Locator::XPath("//*[@id='training-banner' and contains(., 'ÖVNING')]"),
        "the training banner",
    )
    .await?;

    // A sale of one cup, scanned.
    wait_for(client, Locator::Id("cart-empty"), "the empty sale").await?;
    scan(client, KAFFEKOPP, 14_900).await?;
    // F12 (Swish) then F11 (an invoice instead) opens the customer form, prefilled with the
    // sandbox's NORMAL test person.
    pay(client).await?;
    let personnummer = client.find(Locator::Id("customer-personnummer")).await?;
    assert_eq!(
        personnummer.prop("value").await?.unwrap_or_default(),
        "191212121212"
    );
    // Kronor (the sandbox) has the order: QR code and the SCA URL beside it.
    let sca_url = send_to_kronor(client).await?;
    assert!(
        client
            .find(Locator::Id("pay-amount"))
            .await?
            .text()
            .await?
            .contains("149,00 kr")
    );
    shots.save(client, "06-pay-qr").await?;

    // The customer's phone approves: the SCA page's form, posted as the browser would.
    kassa_e2e::window::phone_decides(&sca_url, "approve").await?;

    // The window follows Kronor's events to the receipt.
    receipted(client).await?;
    let receipt = client
        .find(Locator::Id("pay-receipt"))
        .await?
        .text()
        .await?;
    anyhow::ensure!(
        receipt.chars().any(|c| c.is_ascii_digit()),
        "a receipt number: {receipt:?}"
    );
    anyhow::ensure!(
        client.find_all(Locator::Css("#pay-qr")).await?.is_empty(),
        "no QR code once paid"
    );
    shots.save(client, "07-pay-approved").await?;

    // "New sale" goes back to an empty sale (the back end cleared the cart).
    client
        .find(Locator::Id("pay-new-sale"))
        .await?
        .click()
        .await?;
    wait_for(
        client,
        Locator::Id("cart-empty"),
        "an empty sale after paying",
    )
    .await?;

    Ok(())
}
