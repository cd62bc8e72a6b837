//! A sale paid in parts in the real window, training mode: two Kaffekopp (298 kr), the Swish
//! QR shown, then "Dela betalning": 200 kr in cash with 500 kr handed over, what is left
//! (98 kr) shown large, the rest by Swish paid on the training Kronor's Swish page, one
//! receipt, and in History that receipt listing both payments with the cash part's change,
//! then returned part by part.
//! Runs for real under `scripts/test.sh`; elsewhere it says why it skips.

use fantoccini::{Client, Locator};
use kassa_e2e::window::keys::F12;
use kassa_e2e::window::{
    click, open_in_history, receipt_number_shown, receipted, return_from_history, scan, set_field,
    swish_app_decides, swish_page_shown, swish_qr_shown, text_of, wait_for, wait_for_text,
};
use kassa_e2e::{Screenshots, in_real_window};

/// Demo catalogue: Kaffekopp, keramik, 149,00 kr.
const KAFFEKOPP: &str = "7350000050011";

#[tokio::test(flavor = "multi_thread")]
async fn two_hundred_in_cash_and_the_rest_by_swish_in_the_real_window() -> anyhow::Result<()> {
    in_real_window(scenario).await
}

async fn scenario(client: &Client) -> anyhow::Result<()> {
    let shots = Screenshots::new()?;
    wait_for(client, Locator::Id("cart-empty"), "the empty sale").await?;
    scan(client, KAFFEKOPP, 14_900).await?;
    scan(client, KAFFEKOPP, 29_800).await?;
    client
        .find(Locator::Id("search"))
        .await?
        .send_keys(F12)
        .await?;
    swish_qr_shown(client).await?;

    // The customer pays 200 kr of it in cash, handing over 500 kr.
    click(client, "pay-split-open").await?;
    wait_for(client, Locator::Id("pay-split"), "the split panel").await?;
    set_field(client, "split-amount", "200").await?;
    set_field(client, "split-tendered", "500").await?;
    click(client, "split-cash").await?;
    wait_for_text(client, "split-left", "98,00 kr").await?;
    anyhow::ensure!(
        text_of(client, "#split-paid").await? == "200,00 kr",
        "200 kr paid"
    );
    let parts = text_of(client, "#split-parts").await?;
    anyhow::ensure!(
        parts.contains("Kontant") && parts.contains("300,00 kr"),
        "the cash part with its change: {parts}"
    );
    anyhow::ensure!(
        client.find(Locator::Id("pay-qr")).await.is_err(),
        "the whole sale's Swish QR is gone (cancelled when cash took a part)"
    );
    shots.save(client, "split-01-cash-part").await?;

    // The rest by Swish: the QR for 98 kr, paid on the training Kronor's Swish page.
    click(client, "split-swish").await?;
    let page = swish_page_shown(client).await?;
    wait_for_text(client, "pay-amount", "98,00 kr").await?;
    shots.save(client, "split-02-swish-rest").await?;
    swish_app_decides(&page, "pay").await?;
    receipted(client).await?;
    let receipt = receipt_number_shown(client).await?;
    shots.save(client, "split-03-paid").await?;
    anyhow::ensure!(
        text_of(client, "#pay-amount").await? == "298,00 kr",
        "the paid state shows the whole sale"
    );
    anyhow::ensure!(
        client.find(Locator::Id("pay-split")).await.is_err(),
        "the split panel gives way to the paid state"
    );
    click(client, "pay-new-sale").await?;
    wait_for(
        client,
        Locator::Id("cart-empty"),
        "the next customer's sale",
    )
    .await?;

    // One receipt with both payments.
    let paper = open_in_history(client, &receipt, Some("split")).await?;
    for wanted in [
        "298,00 kr",
        "Kontant",
        "200,00 kr",
        "Mottaget",
        "500,00 kr",
        "Växel",
        "300,00 kr",
        "Kronor Swish",
        "98,00 kr",
    ] {
        anyhow::ensure!(paper.contains(wanted), "{wanted:?} on the receipt: {paper}");
    }
    anyhow::ensure!(
        !paper.contains("Öresavrundning"),
        "nothing rounded: {paper}"
    );
    shots.save(client, "split-04-receipt").await?;

    // Returned from History: the Swish part refunded through Kronor, the cash from the drawer.
    let paper = return_from_history(client).await?;
    for wanted in ["RETUR", "-298,00 kr", "-200,00 kr", "-98,00 kr"] {
        anyhow::ensure!(paper.contains(wanted), "{wanted:?} on the return: {paper}");
    }
    shots.save(client, "split-05-return").await?;
    Ok(())
}
