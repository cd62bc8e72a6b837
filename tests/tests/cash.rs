//! Cash in the real window, training mode: the float at the start of the day on Reports; a
//! sale with öre (5 % off) paid in cash over the Swish QR with key 3 and Enter, the rounding on
//! its own line and the change large; the receipt in History with Öresavrundning, Mottaget and
//! Växel; the drawer opened without a sale (Shift+F12); the sale refunded in cash; money paid
//! out with a reason; the drawer counted at the close, 5 kr short; and the Z report with the
//! training drawer's day. Runs for real under `scripts/test.sh`; elsewhere it says why it skips.

use fantoccini::{Client, Locator};
use kassa_e2e::window::keys::{ENTER, F12};
use kassa_e2e::window::{
    click, open_in_history, receipt_number_shown, return_from_history, scan, set_field,
    swish_qr_shown, text_of, wait_for, wait_for_text, wait_for_within,
};
use kassa_e2e::{Screenshots, in_real_window};

/// Demo catalogue: Kaffekopp, keramik, 149,00 kr.
const KAFFEKOPP: &str = "7350000050011";
/// Shift held, F12, then NULL: the drawer without a sale.
const SHIFT_F12: &str = "\u{E008}\u{E03C}\u{E000}";
const F6: &str = "\u{E036}";

#[tokio::test(flavor = "multi_thread")]
async fn cash_sale_refund_and_the_cash_day_in_the_real_window() -> anyhow::Result<()> {
    in_real_window(scenario).await
}

async fn scenario(client: &Client) -> anyhow::Result<()> {
    let shots = Screenshots::new()?;
    wait_for(client, Locator::Id("cart-empty"), "the empty sale").await?;

    // The float, put in at the start of the day.
    click(client, "nav-reports").await?;
    wait_for(
        client,
        Locator::Id("cash-day-float-amount"),
        "the float field",
    )
    .await?;
    set_field(client, "cash-day-float-amount", "500").await?;
    click(client, "cash-day-float-save").await?;
    wait_for_text(client, "cash-day-float", "500,00 kr").await?;
    wait_for_text(client, "cash-day-expected", "500,00 kr").await?;
    shots.save(client, "cash-01-float").await?;

    // A sale with öre: 5 % off 149,00 kr is 141,55 kr; in cash, 142 kr.
    click(client, "nav-sell").await?;
    wait_for(client, Locator::Id("cart-empty"), "the empty sale").await?;
    scan(client, KAFFEKOPP, 14_900).await?;
    client
        .find(Locator::Id("search"))
        .await?
        .send_keys(F6)
        .await?;
    wait_for(client, Locator::Id("discount-value"), "the discount field").await?;
    set_field(client, "discount-value", &format!("5{ENTER}")).await?;
    wait_for(
        client,
        Locator::Css("#cart-total[data-ore='14155']"),
        "141,55 kr after 5 % off",
    )
    .await?;

    // F12 shows the Swish QR at once; key 3 picks 200 kr and Enter takes the cash.
    client
        .find(Locator::Id("search"))
        .await?
        .send_keys(F12)
        .await?;
    swish_qr_shown(client).await?;
    wait_for_text(client, "pay-cash-to-pay", "142,00 kr").await?;
    anyhow::ensure!(
        text_of(client, "#pay-cash-rounding")
            .await?
            .contains("0,45 kr"),
        "the rounding on its own line"
    );
    let keys_go_to = client.find(Locator::Id("pay-switch-tender")).await?;
    keys_go_to.send_keys("3").await?;
    wait_for_text(client, "pay-cash-picked", "200,00 kr").await?;
    shots.save(client, "cash-02-keypad").await?;
    keys_go_to.send_keys(ENTER).await?;
    wait_for_within(
        client,
        Locator::Id("pay-cash-change"),
        "the change",
        std::time::Duration::from_secs(20),
    )
    .await?;
    anyhow::ensure!(
        text_of(client, "#pay-cash-change").await? == "58,00 kr",
        "the change to give back"
    );
    anyhow::ensure!(
        text_of(client, "#pay-tender").await? == "Kontant",
        "paid in cash"
    );
    let receipt = receipt_number_shown(client).await?;
    shots.save(client, "cash-03-change").await?;
    println!("keystrokes from the last scan to a paid cash sale: 3 (F12, 3, Enter)");
    click(client, "pay-new-sale").await?;
    wait_for(
        client,
        Locator::Id("cart-empty"),
        "the next customer's sale",
    )
    .await?;

    // The drawer on demand: an opening without a sale.
    client
        .find(Locator::Id("search"))
        .await?
        .send_keys(SHIFT_F12)
        .await?;
    wait_for(
        client,
        Locator::Id("drawer-status"),
        "the drawer's signal sent",
    )
    .await?;

    // History: the cash receipt, then its refund from the drawer.
    let paper = open_in_history(client, &receipt, Some("cash")).await?;
    for wanted in [
        "Öresavrundning",
        "Att betala",
        "142,00 kr",
        "Mottaget",
        "200,00 kr",
        "Växel",
        "58,00 kr",
    ] {
        anyhow::ensure!(paper.contains(wanted), "{wanted:?} on the receipt: {paper}");
    }
    shots.save(client, "cash-04-receipt").await?;
    let paper = return_from_history(client).await?;
    anyhow::ensure!(
        paper.contains("RETUR") && paper.contains("-142,00 kr"),
        "the refund in whole kronor: {paper}"
    );
    shots.save(client, "cash-05-refund").await?;

    // Paid out with a reason, then the count at the close: 480 kr expected, 475 kr counted.
    click(client, "nav-reports").await?;
    wait_for(
        client,
        Locator::Id("cash-day-move-form"),
        "the paid in/out form",
    )
    .await?;
    client
        .find(Locator::Css("#cash-day-move-kind option[value='paid_out']"))
        .await?
        .click()
        .await?;
    set_field(client, "cash-day-move-amount", "20").await?;
    set_field(client, "cash-day-move-reason", "Mjölk till kaféet").await?;
    click(client, "cash-day-move-save").await?;
    wait_for_text(client, "cash-day-expected", "480,00 kr").await?;
    anyhow::ensure!(
        text_of(client, "#cash-day-openings").await? == "1",
        "one opening without a sale"
    );
    for (ore, pieces) in [(20_000, "2"), (5_000, "1"), (2_000, "1"), (500, "1")] {
        set_field(client, &format!("cash-day-count-{ore}"), pieces).await?;
    }
    click(client, "cash-day-count-save").await?;
    wait_for_text(client, "cash-day-counted", "475,00 kr").await?;
    wait_for_text(client, "cash-day-difference", "-5,00 kr").await?;
    shots.save(client, "cash-06-count").await?;

    // The Z report closes the day with the training drawer's figures.
    click(client, "reports-z").await?;
    wait_for(
        client,
        Locator::Id("reports-z-confirm"),
        "the Z confirm step",
    )
    .await?;
    click(client, "reports-z-yes").await?;
    wait_for(client, Locator::Id("reports-z-done"), "the day closed").await?;
    wait_for_text(client, "reports-document", "Kontanter, övning").await?;
    let z = text_of(client, "#reports-document").await?;
    for wanted in [
        "Växelkassa",
        "500,00 kr",
        "Förväntat i lådan",
        "480,00 kr",
        "Räknat",
        "475,00 kr",
        "Differens",
        "-5,00 kr",
    ] {
        anyhow::ensure!(z.contains(wanted), "{wanted:?} on the Z report: {z}");
    }
    shots.save(client, "cash-07-z").await?;
    Ok(())
}
