//! Cashiers in the real window, training mode: a till with no accounts sells without log-in;
//! Settings makes the first manager (name, PIN twice); Ctrl+L locks the till; a wrong PIN is
//! refused on the lock screen; the right one logs the manager in; her cash sale's receipt in
//! History names her, and so does her refund of it. Runs for real under `scripts/test.sh`;
//! elsewhere it says why it skips.

use fantoccini::{Client, Locator};
use kassa_e2e::window::keys::{ENTER, F12};
use kassa_e2e::window::{
    click, open_in_history, receipt_number_shown, return_from_history, scan, set_field,
    swish_qr_shown, wait_for, wait_for_text,
};
use kassa_e2e::{Screenshots, in_real_window};

/// Demo catalogue: Kaffekopp, keramik, 149,00 kr.
const KAFFEKOPP: &str = "7350000050011";
/// Ctrl held, L, then NULL: lock the till.
const CTRL_L: &str = "\u{E009}l\u{E000}";

#[tokio::test(flavor = "multi_thread")]
async fn the_first_manager_the_lock_screen_and_a_receipt_with_her_name() -> anyhow::Result<()> {
    in_real_window(scenario).await
}

async fn scenario(client: &Client) -> anyhow::Result<()> {
    let shots = Screenshots::new()?;
    wait_for(client, Locator::Id("cart-empty"), "the empty sale").await?;
    anyhow::ensure!(
        client.find(Locator::Id("cashier-name")).await.is_err(),
        "no accounts: nobody to name"
    );

    // Settings: the first manager.
    click(client, "nav-settings").await?;
    wait_for(
        client,
        Locator::Id("cashiers-name"),
        "the first manager's form",
    )
    .await?;
    set_field(client, "cashiers-name", "Anna").await?;
    set_field(client, "cashiers-pin", "482759").await?;
    set_field(client, "cashiers-pin-again", "482795").await?;
    click(client, "cashiers-create").await?;
    wait_for(client, Locator::Id("cashiers-problem"), "the PINs differ").await?;
    set_field(client, "cashiers-pin-again", "482759").await?;
    click(client, "cashiers-create").await?;
    wait_for_text(client, "cashier-name", "Anna").await?;
    shots.save(client, "cashier-01-first-manager").await?;

    // Ctrl+L locks; a wrong PIN is refused, the right one logs her in.
    click(client, "nav-sell").await?;
    wait_for(client, Locator::Id("search"), "the sale screen").await?;
    client
        .find(Locator::Id("search"))
        .await?
        .send_keys(CTRL_L)
        .await?;
    wait_for(client, Locator::Id("lock-screen"), "the lock screen").await?;
    anyhow::ensure!(
        client.find(Locator::Id("search")).await.is_err(),
        "nothing to sell with while locked"
    );
    set_field(client, "lock-pin", &format!("0000{ENTER}")).await?;
    wait_for(
        client,
        Locator::Css("#lock-error[data-code='wrong_pin']"),
        "the wrong PIN refused",
    )
    .await?;
    shots.save(client, "cashier-02-lock-screen").await?;
    set_field(client, "lock-pin", &format!("482759{ENTER}")).await?;
    wait_for_text(client, "cashier-name", "Anna").await?;
    wait_for(client, Locator::Id("cart-empty"), "the sale screen again").await?;

    // Her sale, in cash, exact: the receipt names her.
    scan(client, KAFFEKOPP, 14_900).await?;
    client
        .find(Locator::Id("search"))
        .await?
        .send_keys(F12)
        .await?;
    swish_qr_shown(client).await?;
    let keys_go_to = client.find(Locator::Id("pay-switch-tender")).await?;
    keys_go_to.send_keys("1").await?;
    keys_go_to.send_keys(ENTER).await?;
    let receipt = receipt_number_shown(client).await?;
    click(client, "pay-new-sale").await?;
    wait_for(client, Locator::Id("cart-empty"), "the next sale").await?;
    let paper = open_in_history(client, &receipt, None).await?;
    anyhow::ensure!(
        paper.contains("Anna"),
        "the cashier on the receipt: {paper}"
    );
    shots.save(client, "cashier-03-receipt").await?;
    // Her refund of it is hers too.
    let refund = return_from_history(client).await?;
    anyhow::ensure!(
        refund.contains("RETUR") && refund.contains("Anna"),
        "the cashier on the return: {refund}"
    );
    Ok(())
}
