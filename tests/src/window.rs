//! What every end-to-end scenario shares: running it in a freshly launched window, waiting
//! on the DOM, reading text, and WebDriver's key codes.

use std::time::Duration;

use fantoccini::{Client, Locator};

use crate::{Driver, Prepared};

/// WebDriver's key codes.
pub mod keys {
    pub const ENTER: &str = "\u{E007}";
    pub const ESCAPE: &str = "\u{E00C}";
    pub const ARROW_DOWN: &str = "\u{E015}";
    pub const PAGE_DOWN: &str = "\u{E00F}";
    /// Alt held, ArrowUp, then NULL releases the modifier.
    pub const ALT_ARROW_UP: &str = "\u{E00A}\u{E013}\u{E000}";
    pub const F1: &str = "\u{E031}";
    pub const F4: &str = "\u{E034}";
    pub const F5: &str = "\u{E035}";
    pub const F12: &str = "\u{E03C}";
}

/// Launches the app in the prepared environment and runs `scenario` against its window; the
/// session (and the app) is closed whether or not the scenario passed. Outside the prepared
/// environment it returns at once ([`Prepared::check`] has said why).
pub async fn in_real_window(
    scenario: impl AsyncFnOnce(&Client) -> anyhow::Result<()>,
) -> anyhow::Result<()> {
    let Some(prepared) = Prepared::check() else {
        return Ok(());
    };
    let driver = Driver::start(&prepared)?;
    let client = driver.launch(&prepared).await?;
    let result = scenario(&client).await;
    let closed = client.close().await;
    result?;
    closed?;
    Ok(())
}

/// Waits (through WebDriver, at most 10 s) until `locator` matches; `what` names it in the error.
pub async fn wait_for(client: &Client, locator: Locator<'_>, what: &str) -> anyhow::Result<()> {
    client
        .wait()
        .at_most(Duration::from_secs(10))
        .for_element(locator)
        .await
        .map_err(|e| anyhow::anyhow!("never saw {what}: {e}"))?;
    Ok(())
}

/// Waits until the element with `id` contains `text`.
pub async fn wait_for_text(client: &Client, id: &str, text: &str) -> anyhow::Result<()> {
    let xpath = format!("//*[@id='{id}' and contains(normalize-space(.), '{text}')]");
    wait_for(
        client,
        Locator::XPath(&xpath),
        &format!("#{id} showing {text:?}"),
    )
    .await
}

/// The text of the first element matching `css`.
pub async fn text_of(client: &Client, css: &str) -> anyhow::Result<String> {
    Ok(client.find(Locator::Css(css)).await?.text().await?)
}

/// The customer's phone on the SCA page: its form with `decision` ("approve" or "reject"),
/// posted as the browser would.
pub async fn phone_decides(sca_url: &str, decision: &str) -> anyhow::Result<()> {
    let answer = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()?
        .post(sca_url.trim())
        .header("content-type", "application/x-www-form-urlencoded")
        .body(format!("decision={decision}"))
        .send()
        .await?;
    anyhow::ensure!(
        answer.status().is_redirection() || answer.status().is_success(),
        "the SCA page refused the {decision}: {}",
        answer.status()
    );
    Ok(())
}
