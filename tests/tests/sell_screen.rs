//! The sale screen in the real window: search by keyboard, scan with a keyboard-wedge
//! "scanner" (fast keys + Enter) wherever focus is, lines and totals in the DOM, the F1 help.
//! Runs for real under `scripts/test.sh`; elsewhere it says why it skips.

use std::time::Duration;

use fantoccini::{Client, Locator};
use kassa_e2e::window::{keys::*, text_of, wait_for, wait_for_text};
use kassa_e2e::{Screenshots, in_real_window};

/// Demo catalogue: Kaffekopp, keramik, 149,00 kr at 25 %; Dagstidning, 40,00 kr at 6 %.
const KAFFEKOPP: &str = "7350000050011";
const DAGSTIDNING: &str = "7350000040029";

#[tokio::test(flavor = "multi_thread")]
async fn sell_by_keyboard_and_barcode_in_the_real_window() -> anyhow::Result<()> {
    in_real_window(scenario).await
}

async fn scenario(client: &Client) -> anyhow::Result<()> {
    let shots = Screenshots::new()?;
    // The sale screen is the first screen, with the training banner and the demo categories.
    wait_for_text(client, "training-banner", "ÖVNING").await?;
    wait_for_text(client, "category-grid", "Bageri").await?;
    wait_for_text(client, "cart-total", "0,00 kr").await?;

    // Search as you type, pick the second result with the arrow key, add it with Enter.
    let search = client.find(Locator::Id("search")).await?;
    search.send_keys("kanelb").await?;
    // Results come as you type; wait for the answer to the whole word, not to "k".
    wait_for(
        client,
        Locator::XPath("//ul[@id='search-results' and @data-query='kanelb']"),
        "the results for \"kanelb\"",
    )
    .await?;
    wait_for_count(client, "search-results", "li[@role='option']", 2).await?;
    let names = texts(client, "#search-results .result-name").await?;
    search.send_keys(ARROW_DOWN).await?;
    search.send_keys(ENTER).await?;
    let picked = names[1].clone();
    wait_for_count(client, "cart-lines", "li", 1).await?;
    assert_eq!(
        texts(client, "#cart-lines .line-name").await?,
        [picked.as_str()]
    );
    let picked_ore = match picked.as_str() {
        "Kanelbulle" => 3200,
        "Kanelbulle med kaffe" => 5500,
        other => anyhow::bail!("unexpected search result {other:?} in {names:?}"),
    };
    assert_eq!(
        search.prop("value").await?.unwrap_or_default(),
        "",
        "the field is cleared for the next search"
    );

    // A scanner types fast and ends with Enter: into the search field...
    search.send_keys(&format!("{KAFFEKOPP}{ENTER}")).await?;
    wait_for_text(client, "scan-status", KAFFEKOPP).await?;
    wait_for_count(client, "cart-lines", "li", 2).await?;
    // ...and into the note field: the product is added, the code does not stay in the note.
    let note = client.find(Locator::Id("cart-note")).await?;
    note.click().await?;
    note.send_keys(&format!("{DAGSTIDNING}{ENTER}")).await?;
    wait_for_text(client, "scan-status", DAGSTIDNING).await?;
    wait_for_count(client, "cart-lines", "li", 3).await?;
    assert_eq!(note.prop("value").await?.unwrap_or_default(), "");
    assert_eq!(search.prop("value").await?.unwrap_or_default(), "");

    // The same product scanned again counts its line up.
    search.send_keys(&format!("{KAFFEKOPP}{ENTER}")).await?;
    let expected = picked_ore + 2 * 14900 + 4000;
    wait_for_attr(client, "cart-total", "data-ore", &expected.to_string()).await?;
    let lines = texts(client, "#cart-lines .line-name").await?;
    assert_eq!(
        lines,
        [picked.as_str(), "Kaffekopp, keramik", "Dagstidning"],
        "one line per product"
    );
    assert_eq!(
        texts(client, "#cart-lines .line-quantity").await?,
        ["1", "2", "1"]
    );
    let total = text_of(client, "#cart-total").await?;
    assert_eq!(total, swedish_kronor(expected));
    let rates = texts(client, "#cart-totals .vat-rate th").await?;
    assert_eq!(
        rates.len(),
        3,
        "25 %, 12 % or 6 % for the bun, 6 %: {rates:?}"
    );
    assert_eq!(rates[0], "Moms 25 %");
    shots.save(client, "04-sell-screen").await?;

    // F1 lists the shortcuts; Esc closes the list.
    search.send_keys(F1).await?;
    wait_for_text(client, "help-overlay", "F4").await?;
    shots.save(client, "05-sell-help").await?;
    client
        .find(Locator::Css("#help-overlay button"))
        .await?
        .send_keys(ESCAPE)
        .await?;
    client
        .wait()
        .at_most(Duration::from_secs(10))
        .for_element(Locator::Css("#search"))
        .await?;
    anyhow::ensure!(
        client
            .find_all(Locator::Id("help-overlay"))
            .await?
            .is_empty(),
        "Esc closes the help"
    );

    // By keyboard: PgDn selects the next line (the newspaper), Alt+↑ adds one more of it.
    let search = client.find(Locator::Id("search")).await?;
    search.send_keys(PAGE_DOWN).await?;
    search.send_keys(ALT_ARROW_UP).await?;
    let expected = expected + 4000;
    wait_for_attr(client, "cart-total", "data-ore", &expected.to_string()).await?;
    assert_eq!(
        texts(client, "#cart-lines .line-quantity").await?,
        ["1", "2", "2"]
    );

    // F4 parks the sale (stored in SQLite), F5 lists parked sales, Enter recalls it whole.
    search.send_keys(F4).await?;
    wait_for(
        client,
        Locator::Id("cart-empty"),
        "an empty sale after parking",
    )
    .await?;
    wait_for_attr(client, "cart-total", "data-ore", "0").await?;
    search.send_keys(F5).await?;
    wait_for(
        client,
        Locator::Css("#parked-dialog .recall-sale"),
        "the parked sale",
    )
    .await?;
    client.active_element().await?.send_keys(ENTER).await?;
    wait_for_attr(client, "cart-total", "data-ore", &expected.to_string()).await?;
    assert_eq!(texts(client, "#cart-lines .line-name").await?.len(), 3);
    anyhow::ensure!(
        client
            .find_all(Locator::Id("parked-dialog"))
            .await?
            .is_empty(),
        "the dialog closes after recalling"
    );
    Ok(())
}

/// `25 900` öre as the Swedish screen writes it: `259,00 kr` (no thousands here).
fn swedish_kronor(ore: i64) -> String {
    format!("{},{:02} kr", ore / 100, ore % 100)
}

async fn texts(client: &Client, css: &str) -> anyhow::Result<Vec<String>> {
    let mut out = Vec::new();
    for element in client.find_all(Locator::Css(css)).await? {
        out.push(element.text().await?);
    }
    Ok(out)
}

async fn wait_for_attr(client: &Client, id: &str, attr: &str, value: &str) -> anyhow::Result<()> {
    let css = format!("#{id}[{attr}='{value}']");
    wait_for(client, Locator::Css(&css), &css).await
}

/// Waits until the element with `id` has exactly `n` children matching the XPath `child`.
async fn wait_for_count(client: &Client, id: &str, child: &str, n: usize) -> anyhow::Result<()> {
    let xpath = format!("//*[@id='{id}' and count({child})={n}]");
    wait_for(
        client,
        Locator::XPath(&xpath),
        &format!("{n} × {child} in #{id}"),
    )
    .await
}
