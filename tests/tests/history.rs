//! History in the real window, training mode: a sale scanned and paid by Swish (F12, the
//! customer pays on the training Kronor's Swish page); then Alt+2, the receipt found by its number and opened by keyboard,
//! its one copy (KOPIA), a second copy refused with the Swedish rule, and the whole sale
//! returned through Kronor (a Swish refund) with a RETUR receipt. Runs for real under `scripts/test.sh`;
//! elsewhere it says why it skips.

use fantoccini::{Client, Locator};
use kassa_e2e::window::{
    PAYMENT_WAIT, find_in_history, keys::*, pay_by_swish, receipted, scan, swish_app_decides,
    text_of, wait_for, wait_for_text, wait_for_within,
};
use kassa_e2e::{Screenshots, in_real_window};

/// Demo catalogue: Kaffekopp, keramik, 149,00 kr.
const KAFFEKOPP: &str = "7350000050011";

#[tokio::test(flavor = "multi_thread")]
async fn find_reprint_once_and_return_a_sale_in_the_real_window() -> anyhow::Result<()> {
    in_real_window(scenario).await
}

async fn scenario(client: &Client) -> anyhow::Result<()> {
    let shots = Screenshots::new()?;
    let receipt = paid_sale(client).await?;

    // Alt+2: History, with the search box focused.
    let row = find_in_history(client, &receipt).await?;
    anyhow::ensure!(
        text_of(client, &row).await?.contains("149,00 kr"),
        "the row shows the amount"
    );
    wait_for(
        client,
        Locator::Css(&format!("{row} .method[data-method='swish']")),
        "the payment method in the list",
    )
    .await?;
    // The list has focus after Enter: Enter opens the chosen receipt.
    client
        .find(Locator::Id("history-results"))
        .await?
        .send_keys(ENTER)
        .await?;
    let shown = format!("#history-receipt[data-receipt='{receipt}'][data-copy='false']");
    wait_for(client, Locator::Css(&shown), "the receipt on screen").await?;
    let paper = text_of(client, "#history-receipt").await?;
    anyhow::ensure!(paper.contains("ÖVNING"), "training marking: {paper}");
    anyhow::ensure!(!paper.contains("KOPIA"), "viewing is not a copy: {paper}");
    anyhow::ensure!(paper.contains("Swish"), "the payment method: {paper}");
    // Training's built-in control unit signed it: its number and the control code.
    anyhow::ensure!(
        paper.contains("Kontrollenhet") && paper.contains("CCSIM000000000001"),
        "the control unit's number: {paper}"
    );
    let original_code =
        control_code(&paper).ok_or_else(|| anyhow::anyhow!("the control code: {paper}"))?;
    shots.save(client, "history-01-found").await?;
    client
        .execute(
            "document.querySelector('#history-receipt').lastElementChild.scrollIntoView({block: 'end'})",
            vec![],
        )
        .await?;
    shots.save(client, "history-01-control-code").await?;

    // The one copy: marked KOPIA, big.
    click(client, "history-reprint").await?;
    wait_for(
        client,
        Locator::Css("#history-receipt[data-copy='true'] .marking"),
        "the copy",
    )
    .await?;
    let paper = text_of(client, "#history-receipt").await?;
    anyhow::ensure!(paper.contains("KOPIA"), "copy marking: {paper}");
    // A training copy is registered again (as `ovning`, like its original); the built-in
    // unit's code is a function of the record, so here it is the original's.
    anyhow::ensure!(
        control_code(&paper) == Some(original_code.clone()),
        "the copy carries its registration's code: {paper}"
    );
    let size = client
        .execute(
            "const m = document.querySelector('#history-receipt .marking');
             const a = document.querySelector('#history-receipt .row .amount');
             return parseFloat(getComputedStyle(m).fontSize) / parseFloat(getComputedStyle(a).fontSize);",
            vec![],
        )
        .await?;
    let ratio = size.as_f64().unwrap_or_default();
    anyhow::ensure!(ratio >= 2.0, "markings at least twice the amounts: {ratio}");
    shots.save(client, "history-02-kopia").await?;

    // A second copy is refused, with the rule.
    click(client, "history-reprint").await?;
    wait_for(
        client,
        Locator::Css("#history-error[data-code='copy_already_printed']"),
        "the refusal of a second copy",
    )
    .await?;
    let refusal = text_of(client, "#history-error").await?;
    anyhow::ensure!(refusal.contains("SKVFS 2014:9"), "the rule: {refusal}");
    shots.save(client, "history-03-second-copy-refused").await?;

    // Return the whole sale: confirm, then the RETUR receipt.
    click(client, "history-return").await?;
    wait_for(
        client,
        Locator::Id("history-return-confirm"),
        "the confirm step",
    )
    .await?;
    shots.save(client, "history-04-confirm-return").await?;
    click(client, "history-return-confirm").await?;
    wait_for_within(
        client,
        Locator::Css("#history-receipt[data-kind='return']"),
        "the return receipt",
        PAYMENT_WAIT,
    )
    .await?;
    let paper = text_of(client, "#history-receipt").await?;
    anyhow::ensure!(paper.contains("RETUR"), "return marking: {paper}");
    anyhow::ensure!(
        control_code(&paper).is_some(),
        "the return receipt is signed too: {paper}"
    );
    anyhow::ensure!(
        paper.contains("-149,00 kr"),
        "the amount given back: {paper}"
    );
    let returned = format!("#history-results li[data-receipt='{receipt}'][data-returned='true']");
    wait_for(client, Locator::Css(&returned), "the sale marked returned").await?;
    wait_for(
        client,
        Locator::Css("#history-results li[data-kind='return']"),
        "the return listed beside its sale",
    )
    .await?;
    anyhow::ensure!(
        client
            .find_all(Locator::Id("history-return"))
            .await?
            .is_empty(),
        "a returned sale offers no second return"
    );
    shots.save(client, "history-05-retur").await?;

    // The journal exported for Skatteverket into the till's own folder: the file is there,
    // named by the rules, and holds the training sale, its copy and its return.
    click(client, "export-go").await?;
    wait_for_text(client, "export-done", "registreringar").await?;
    let said = text_of(client, "#export-done").await?;
    let path = said
        .strip_prefix("Sparad: ")
        .and_then(|s| s.split(". ").next())
        .ok_or_else(|| anyhow::anyhow!("no path in {said:?}"))?;
    anyhow::ensure!(
        path.contains("ExportAvDataFranJournalminneEnligtSKVFS2021-16_"),
        "{path}"
    );
    let xml = std::fs::read_to_string(path)?;
    anyhow::ensure!(
        xml.matches("<utreko:Ovningskvitto>").count() >= 3,
        "the training sale, its copy and its return: {} bytes",
        xml.len()
    );
    shots.save(client, "history-06-export").await?;
    Ok(())
}

async fn click(client: &Client, id: &str) -> anyhow::Result<()> {
    wait_for(client, Locator::Id(id), id).await?;
    client.find(Locator::Id(id)).await?.click().await?;
    Ok(())
}

/// A training sale scanned and charged by keyboard, approved on the SCA page; its receipt
/// number.
async fn paid_sale(client: &Client) -> anyhow::Result<String> {
    wait_for(
        client,
        Locator::XPath("//*[@id='training-banner' and contains(., 'ÖVNING')]"),
        "the training banner",
    )
    .await?;
    wait_for(client, Locator::Id("cart-empty"), "the empty sale").await?;
    // Swish, the default: F12, and the customer pays in the Swish app.
    scan(client, KAFFEKOPP, 14_900).await?;
    let page = pay_by_swish(client).await?;
    swish_app_decides(&page, "pay").await?;
    receipted(client).await?;
    let text = text_of(client, "#pay-receipt").await?;
    let number: String = text.chars().filter(char::is_ascii_digit).collect();
    anyhow::ensure!(!number.is_empty(), "a receipt number: {text:?}");
    client
        .find(Locator::Id("pay-new-sale"))
        .await?
        .send_keys(ENTER)
        .await?;
    wait_for(client, Locator::Id("cart-empty"), "the sale screen again").await?;
    Ok(number)
}

/// The control code (40 hex digits) printed after "Kontrollkod:" on a receipt's text.
fn control_code(paper: &str) -> Option<String> {
    let (_, after) = paper.split_once("Kontrollkod:")?;
    let code: String = after.trim_start().chars().take(40).collect();
    (code.len() == 40 && code.chars().all(|c| c.is_ascii_hexdigit())).then_some(code)
}
