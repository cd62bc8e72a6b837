//! The Catalogue screen in the real window: a product with a bad barcode gets the message at
//! the barcode field; fixed, it is saved and sold (the Sell screen finds it); put away, it is
//! gone from the Sell screen's search. A CSV file with one bad row, chosen through the real
//! `<input type=file>` (WebDriver sends the path), imports nothing and names line and column;
//! the fixed file imports and says how many. Runs for real under `scripts/test.sh`.

use fantoccini::{Client, Locator};
use kassa_e2e::window::{keys::*, wait_for, wait_for_text};
use kassa_e2e::{Screenshots, in_real_window};

/// Ctrl held, `n`, then NULL releases the modifier.
const CTRL_N: &str = "\u{E009}n\u{E000}";
const NAME: &str = "Saffransbulle";
/// Valid EAN-13 (check digit 3); the same code ending in 4 has a wrong check digit.
const GOOD_EAN: &str = "7310865004703";
const BAD_EAN: &str = "7310865004704";

#[tokio::test(flavor = "multi_thread")]
async fn catalogue_products_and_csv_import_in_the_real_window() -> anyhow::Result<()> {
    in_real_window(scenario).await
}

async fn scenario(client: &Client) -> anyhow::Result<()> {
    let shots = Screenshots::new()?;
    wait_for_text(client, "training-banner", "ÖVNING").await?;
    open_catalogue(client).await?;

    // Ctrl+N opens an empty form with the name field focused.
    let search = client.find(Locator::Id("catalogue-search")).await?;
    search.send_keys(CTRL_N).await?;
    wait_for(client, Locator::Id("product-name"), "the product form").await?;
    client.active_element().await?.send_keys(NAME).await?;
    type_into(client, "product-price", "12,50").await?;
    // The VAT classes read as the cashier knows them, with today's rate.
    wait_for_text(client, "product-vat", "Normal 25 %").await?;
    wait_for_text(client, "product-vat", "Livsmedel").await?;
    // A mistyped barcode: Enter saves, Kassa answers at the barcode field.
    let barcode = type_into(client, "product-barcode", BAD_EAN).await?;
    barcode.send_keys(ENTER).await?;
    wait_for_text(client, "product-barcode-problem", "fel kontrollsiffra").await?;
    wait_for_text(client, "product-barcode-problem", "ska vara 3").await?;
    wait_for(
        client,
        Locator::Id("catalogue-fix"),
        "the nothing-saved line",
    )
    .await?;
    shots.save(client, "catalogue-01-bad-barcode").await?;

    // Fixed: saved, the message is gone.
    barcode.clear().await?;
    barcode.send_keys(&format!("{GOOD_EAN}{ENTER}")).await?;
    wait_for_text(client, "catalogue-notice", &format!("{NAME} sparades")).await?;
    anyhow::ensure!(
        client
            .find_all(Locator::Id("product-barcode-problem"))
            .await?
            .is_empty(),
        "the barcode message is gone once saved"
    );
    shots.save(client, "catalogue-02-saved").await?;

    // The Sell screen finds it.
    sell_search(client, "saffran").await?;
    wait_for(
        client,
        Locator::XPath(&format!(
            "//ul[@id='search-results' and @data-query='saffran']//span[@class and contains(@class,'result-name') and normalize-space(.)='{NAME}']"
        )),
        "the new product in the Sell screen's results",
    )
    .await?;

    // Put away from the Catalogue screen: search, Enter edits, Stop selling.
    open_catalogue(client).await?;
    let search = client.find(Locator::Id("catalogue-search")).await?;
    search.send_keys("saffran").await?;
    wait_for(
        client,
        Locator::XPath(&format!(
            "//ul[@id='catalogue-products' and count(li)=1]//span[contains(@class,'name') and normalize-space(.)='{NAME}']"
        )),
        "the product in the catalogue list",
    )
    .await?;
    search.send_keys(ENTER).await?;
    wait_for(client, Locator::Id("product-toggle-active"), "Stop selling").await?;
    client
        .find(Locator::Id("product-toggle-active"))
        .await?
        .click()
        .await?;
    wait_for_text(client, "catalogue-notice", "säljs inte längre").await?;
    wait_for_text(client, "catalogue-products", "inaktiv").await?;
    shots.save(client, "catalogue-03-deactivated").await?;

    // Gone from the Sell screen's search.
    sell_search(client, "saffran").await?;
    wait_for(
        client,
        Locator::XPath(
            "//ul[@id='search-results' and @data-query='saffran' and count(li)=1]/li[contains(@class,'none')]",
        ),
        "no results for the put-away product",
    )
    .await?;

    // CSV import: one bad row (line 3, the price), nothing imported.
    open_catalogue(client).await?;
    client
        .find(Locator::Id("catalogue-tab-csv"))
        .await?
        .click()
        .await?;
    let dir = tempfile::tempdir()?;
    let bad = dir.path().join("sortiment-fel.csv");
    let csv = "namn;pris;moms;kategori\n\
               Pepparkaka E2E;5,00;food;Jul\n\
               Glögg E2E;tjugo;food;Jul\n\
               Julmust E2E;25,00;food;Jul\n";
    std::fs::write(&bad, csv)?;
    choose_file(client, &bad).await?;
    wait_for_text(client, "csv-refused", "Inget importerades: rätta rad 3").await?;
    wait_for_text(client, "csv-refused", "2 av 3 rader").await?;
    wait_for_text(client, "csv-problem-0", "pris").await?;
    wait_for_text(client, "csv-problem-0", "\"tjugo\" är inget belopp").await?;
    shots.save(client, "catalogue-04-csv-bad-row").await?;

    // Nothing of the file is in the catalogue.
    client
        .find(Locator::Id("catalogue-tab-products"))
        .await?
        .click()
        .await?;
    let search = client.find(Locator::Id("catalogue-search")).await?;
    search.send_keys("e2e").await?;
    wait_for(
        client,
        Locator::Id("catalogue-none"),
        "no imported products",
    )
    .await?;

    // The fixed file imports, and says how many.
    client
        .find(Locator::Id("catalogue-tab-csv"))
        .await?
        .click()
        .await?;
    let fixed = dir.path().join("sortiment.csv");
    std::fs::write(&fixed, csv.replace("tjugo", "20,00"))?;
    choose_file(client, &fixed).await?;
    wait_for_text(
        client,
        "csv-imported",
        "3 varor importerades (1 nya kategorier)",
    )
    .await?;
    shots.save(client, "catalogue-05-csv-imported").await?;

    // The file's new category is on the Categories tab; a new one is added by keyboard.
    client
        .find(Locator::Id("catalogue-tab-categories"))
        .await?
        .click()
        .await?;
    wait_for_text(client, "catalogue-categories", "Jul").await?;
    type_into(client, "category-new-name", &format!("Påsk{ENTER}")).await?;
    wait_for_text(client, "catalogue-categories", "Påsk").await?;
    type_into(client, "category-new-name", &format!("Påsk{ENTER}")).await?;
    wait_for_text(client, "category-new-problem", "Påsk används redan").await?;
    shots.save(client, "catalogue-06-categories").await?;

    sell_search(client, "glögg").await?;
    wait_for(
        client,
        Locator::XPath(
            "//ul[@id='search-results' and @data-query='glögg']//span[contains(@class,'result-name') and normalize-space(.)='Glögg E2E']",
        ),
        "the imported product on the Sell screen",
    )
    .await?;
    Ok(())
}

async fn open_catalogue(client: &Client) -> anyhow::Result<()> {
    client
        .find(Locator::Id("nav-catalogue"))
        .await?
        .click()
        .await?;
    wait_for(
        client,
        Locator::Id("catalogue-search"),
        "the catalogue screen",
    )
    .await
}

async fn sell_search(client: &Client, text: &str) -> anyhow::Result<()> {
    client.find(Locator::Id("nav-sell")).await?.click().await?;
    wait_for(client, Locator::Id("search"), "the Sell screen").await?;
    client
        .find(Locator::Id("search"))
        .await?
        .send_keys(text)
        .await?;
    Ok(())
}

async fn type_into(
    client: &Client,
    id: &str,
    text: &str,
) -> anyhow::Result<fantoccini::elements::Element> {
    let field = client.find(Locator::Id(id)).await?;
    field.send_keys(text).await?;
    Ok(field)
}

/// The real file input: WebDriver's "send keys" to an `<input type=file>` sets its file.
async fn choose_file(client: &Client, path: &std::path::Path) -> anyhow::Result<()> {
    let input = client.find(Locator::Id("csv-file")).await?;
    let path = path
        .to_str()
        .ok_or_else(|| anyhow::anyhow!("temp path is not UTF-8"))?;
    input.send_keys(path).await?;
    Ok(())
}
