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
    pub const F11: &str = "\u{E03B}";
    pub const F12: &str = "\u{E03C}";
}

/// Launches the app in the prepared environment and runs `scenario` against its window; the
/// session (and the app) is closed whether or not the scenario passed. Outside the prepared
/// environment it returns at once ([`Prepared::check`] has said why).
pub async fn in_real_window(
    scenario: impl AsyncFnOnce(&Client) -> anyhow::Result<()>,
) -> anyhow::Result<()> {
    in_real_window_on(|_| Ok(()), scenario).await
}

/// Waits until the page has mounted its screen: the page loads before the UI has asked the
/// app which screen to show (the saved language, or why the till could not open).
async fn mounted(client: &Client) -> anyhow::Result<()> {
    wait_for(
        client,
        Locator::XPath("//*[@id='app-name' or @id='startup-problem' or @id='customer-display']"),
        "the mounted page",
    )
    .await
}

/// Ends the WebDriver session (and so the app), bounded: a session stuck on a command that
/// never answered would otherwise hang the test run; the driver's drop then stops the app.
async fn close(client: Client) -> anyhow::Result<()> {
    within("closing the session", client.close()).await
}

/// Like [`in_real_window`], with `prepare` given the app's data folder (`KASSA_DATA_DIR`)
/// before the app starts, e.g. to put a till file there.
pub async fn in_real_window_on(
    prepare: impl FnOnce(&std::path::Path) -> anyhow::Result<()>,
    scenario: impl AsyncFnOnce(&Client) -> anyhow::Result<()>,
) -> anyhow::Result<()> {
    let Some(prepared) = Prepared::check() else {
        return Ok(());
    };
    let driver = Driver::start(&prepared)?;
    prepare(driver.data_dir())?;
    let client = driver.launch(&prepared).await?;
    let result = match mounted(&client).await {
        Ok(()) => scenario(&client).await,
        Err(e) => Err(e),
    };
    let closed = close(client).await;
    result?;
    closed
}

/// How long a payment may take on its way through Kronor and the SCA page.
pub const PAYMENT_WAIT: Duration = Duration::from_secs(30);

/// Waits (through WebDriver, at most 10 s) until `locator` matches; `what` names it in the error.
pub async fn wait_for(client: &Client, locator: Locator<'_>, what: &str) -> anyhow::Result<()> {
    wait_for_within(client, locator, what, Duration::from_secs(10)).await
}

/// [`wait_for`] with its own limit, for what goes through Kronor ([`PAYMENT_WAIT`]).
pub async fn wait_for_within(
    client: &Client,
    locator: Locator<'_>,
    what: &str,
    limit: Duration,
) -> anyhow::Result<()> {
    client
        .wait()
        .at_most(limit)
        .for_element(locator)
        .await
        .map_err(|e| anyhow::anyhow!("never saw {what}: {e}"))?;
    Ok(())
}

/// Waits until the Pay screen shows the payment receipted.
pub async fn receipted(client: &Client) -> anyhow::Result<()> {
    wait_for_within(
        client,
        Locator::Css("#pay-screen[data-phase='receipted'] #pay-receipt"),
        "the receipted payment",
        PAYMENT_WAIT,
    )
    .await
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

/// Clicks the element with `id`.
pub async fn click(client: &Client, id: &str) -> anyhow::Result<()> {
    client.find(Locator::Id(id)).await?.click().await?;
    Ok(())
}

/// Replaces what the field with `id` holds with `value` (typed, so `value` may end in Enter).
pub async fn set_field(client: &Client, id: &str, value: &str) -> anyhow::Result<()> {
    let field = client.find(Locator::Id(id)).await?;
    field.clear().await?;
    field.send_keys(value).await?;
    Ok(())
}

/// On the Sell screen: scans `barcode` (a keyboard-wedge scan into the search field), waits
/// for the cart total to be `total_ore`, and opens the Pay screen with F12.
pub async fn scan_and_pay(client: &Client, barcode: &str, total_ore: i64) -> anyhow::Result<()> {
    scan(client, barcode, total_ore).await?;
    pay(client).await
}

/// On the Sell screen: scans `barcode` and waits for the cart total to be `total_ore`.
pub async fn scan(client: &Client, barcode: &str, total_ore: i64) -> anyhow::Result<()> {
    let search = client.find(Locator::Id("search")).await?;
    search
        .send_keys(&format!("{barcode}{}", keys::ENTER))
        .await?;
    wait_for(
        client,
        Locator::Css(&format!("#cart-total[data-ore='{total_ore}']")),
        &format!("a total of {total_ore} öre"),
    )
    .await
}

/// On the Sell screen: F12 (Swish, the default, charges at once), then F11 for an invoice
/// instead, and the Pay screen's customer form. A live till with no control unit refuses the
/// Swish payment (`control_unit`); an invoice, paid later, needs none.
pub async fn pay(client: &Client) -> anyhow::Result<()> {
    let search = client.find(Locator::Id("search")).await?;
    search.send_keys(keys::F12).await?;
    wait_for(
        client,
        Locator::Css(
            "#pay-screen[data-tender='swish'] #pay-qr svg, #pay-error[data-code='control_unit']",
        ),
        "the Swish QR code, or Swish refused for want of a control unit",
    )
    .await?;
    // Keys go to a focusable element; the pay screen's own keys listen on the window.
    let switch = client.find(Locator::Id("pay-switch-tender")).await?;
    switch.send_keys(keys::F11).await?;
    wait_for(client, Locator::Id("customer-form"), "the customer form").await
}

/// On the Sell screen: F12, the one key of a Swish sale; waits for the Swish QR code and
/// answers the training Kronor's Swish page it encodes (shown beside it in training).
pub async fn pay_by_swish(client: &Client) -> anyhow::Result<String> {
    let search = client.find(Locator::Id("search")).await?;
    search.send_keys(keys::F12).await?;
    swish_page_shown(client).await
}

/// Waits for the Swish QR code.
pub async fn swish_qr_shown(client: &Client) -> anyhow::Result<()> {
    wait_for(
        client,
        Locator::Css("#pay-screen[data-tender='swish'] #pay-qr svg"),
        "the Swish QR code",
    )
    .await
}

/// Waits for the Swish QR code and, in training, the Swish page beside it; answers the
/// page's URL.
pub async fn swish_page_shown(client: &Client) -> anyhow::Result<String> {
    swish_qr_shown(client).await?;
    wait_for(
        client,
        Locator::XPath("//*[@id='pay-sca-url' and contains(., '/swish/?token=')]"),
        "the Swish page",
    )
    .await?;
    Ok(text_of(client, "#pay-sca-url").await?.trim().to_owned())
}

/// The customer's Swish app: the Swish page's form with `decision` ("pay" or "decline"),
/// posted as the phone's browser would.
pub async fn swish_app_decides(page: &str, decision: &str) -> anyhow::Result<()> {
    let answer = http_client(reqwest::Client::builder())?
        .post(page.trim())
        .header("content-type", "application/x-www-form-urlencoded")
        .body(format!("decision={decision}"))
        .send()
        .await?;
    anyhow::ensure!(
        answer.status().is_success() || answer.status().is_redirection(),
        "the Swish page refused the {decision}: {}",
        answer.status()
    );
    Ok(())
}

/// In Settings, as a merchant going live: the production token typed (pasted) and saved with
/// Enter, then the shop's own details, which a live receipt needs. Answers the token's last
/// four characters, as Settings shows them.
pub async fn go_live(client: &Client, token: &str) -> anyhow::Result<String> {
    click(client, "nav-settings").await?;
    wait_for(client, Locator::Id("token"), "the token field").await?;
    client
        .find(Locator::Css(
            "#token-environment option[value='production']",
        ))
        .await?
        .click()
        .await?;
    client
        .find(Locator::Id("token"))
        .await?
        .send_keys(&format!("{token}{}", keys::ENTER))
        .await?;
    let last4: String = token.chars().skip(token.chars().count() - 4).collect();
    let configured = format!("Konfigurerad, slutar på …{last4} · Produktion");
    if let Err(e) = wait_for_text(client, "token-status", &configured).await {
        let panel = client.find(Locator::Id("settings")).await?.text().await?;
        anyhow::bail!("{e}; the settings panel shows: {panel}");
    }
    wait_for_text(client, "app-mode", "Skarpt läge").await?;
    set_field(client, "settings-shop-name", "Kafé Ängen").await?;
    set_field(client, "settings-org-number", "5566778899").await?;
    set_field(
        client,
        "settings-address",
        &format!("Storgatan 1, 123 45 Småstad{}", keys::ENTER),
    )
    .await?;
    wait_for(
        client,
        Locator::Css("#settings-notice[data-saved='true']"),
        "the shop details saved",
    )
    .await?;
    Ok(last4)
}

/// In Settings: chooses the shop's control unit as a merchant does. The password goes to the
/// keyring first; then the address (user, no password) is saved with the form, and the red
/// control-unit banner goes once the saved unit answers. Finally the test button must say
/// the unit answers with `unit_id`. Answers what the test button showed.
pub async fn choose_control_unit(
    client: &Client,
    address: &str,
    password: &str,
    unit_id: &str,
) -> anyhow::Result<String> {
    click(client, "nav-settings").await?;
    wait_for(
        client,
        Locator::Id("settings-control-unit"),
        "the control unit's address",
    )
    .await?;
    set_field(client, "settings-control-unit-password", password).await?;
    click(client, "settings-control-unit-save-password").await?;
    wait_for(
        client,
        Locator::Css("#settings-control-unit-result[data-ok='false']"),
        "the password saved (no unit chosen yet)",
    )
    .await?;
    set_field(client, "settings-control-unit", address).await?;
    click(client, "settings-save").await?;
    wait_for(
        client,
        Locator::XPath("//body[not(.//*[@id='control-unit-banner'])]"),
        "the control-unit banner gone once the saved unit answers",
    )
    .await?;
    click(client, "settings-control-unit-test").await?;
    wait_for(
        client,
        Locator::XPath(&format!(
            "//*[@id='settings-control-unit-result' and @data-ok='true' and contains(., '{unit_id}')]"
        )),
        "the test button's answer",
    )
    .await?;
    text_of(client, "#settings-control-unit-result").await
}

/// On the Pay screen: sends the customer in the form to Kronor and answers the SCA URL shown
/// beside the QR code.
pub async fn send_to_kronor(client: &Client) -> anyhow::Result<String> {
    click(client, "pay-submit").await?;
    sca_url_shown(client).await
}

/// Waits for the QR code and the SCA URL beside it; answers the URL.
pub async fn sca_url_shown(client: &Client) -> anyhow::Result<String> {
    wait_for(client, Locator::Css("#pay-qr svg"), "the QR code").await?;
    wait_for(
        client,
        Locator::XPath("//*[@id='pay-sca-url' and starts-with(normalize-space(.), 'http')]"),
        "the SCA URL",
    )
    .await?;
    Ok(text_of(client, "#pay-sca-url").await?.trim().to_owned())
}

/// An HTTP client for the test's own requests (plain http on 127.0.0.1). Once anything in
/// the build turns on reqwest's rustls (the Kronor client does, without a provider), a
/// client cannot be built before a crypto provider is installed, even for http only.
pub fn http_client(builder: reqwest::ClientBuilder) -> anyhow::Result<reqwest::Client> {
    // Err only means a provider is installed already.
    let _ = rustls::crypto::ring::default_provider().install_default();
    Ok(builder.build()?)
}

/// The customer's phone on the SCA page: its form with `decision` ("approve" or "reject"),
/// posted as the browser would.
pub async fn phone_decides(sca_url: &str, decision: &str) -> anyhow::Result<()> {
    let answer =
        http_client(reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()))?
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

/// How long one WebDriver command may take before the test calls it hung.
pub const COMMAND_LIMIT: Duration = Duration::from_secs(15);

/// Runs one WebDriver command with [`COMMAND_LIMIT`]: a hung command fails the test
/// (saying which) instead of hanging it.
pub async fn within<T>(
    what: &str,
    command: impl std::future::Future<Output = Result<T, fantoccini::error::CmdError>>,
) -> anyhow::Result<T> {
    match tokio::time::timeout(COMMAND_LIMIT, command).await {
        Ok(answer) => answer.map_err(|e| anyhow::anyhow!("{what}: {e}")),
        Err(_) => {
            anyhow::bail!("{what}: no answer from WebKitWebDriver in {COMMAND_LIMIT:?}")
        }
    }
}

/// Waits (at most 10 s) until the app has `count` windows; answers their handles. WebDriver
/// has no event for a new window, so this asks again every 50 ms, like `wait_for` does.
pub async fn wait_for_windows(
    client: &Client,
    count: usize,
) -> anyhow::Result<Vec<fantoccini::wd::WindowHandle>> {
    let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
    let mut every = tokio::time::interval(Duration::from_millis(50));
    loop {
        every.tick().await;
        let handles = within("window handles", client.windows()).await?;
        if handles.len() == count {
            return Ok(handles);
        }
        if tokio::time::Instant::now() > deadline {
            anyhow::bail!("never saw {count} windows, only {}", handles.len());
        }
    }
}

/// Saves the whole X screen (every window the app has open) as `<name>.png` beside the
/// [`crate::Screenshots`]. For a second window: WebKitWebDriver's Take Screenshot never
/// answers there (see tests/tests/customer_display.rs), while the X server has its pixels.
/// Waits two animation frames in `client`'s current window first, like `Screenshots::save`.
pub async fn save_screen(client: &Client, name: &str) -> anyhow::Result<std::path::PathBuf> {
    within(
        "two animation frames",
        client.execute_async(
            "const done = arguments[arguments.length - 1];
             requestAnimationFrame(() => requestAnimationFrame(() => done(true)));",
            vec![],
        ),
    )
    .await?;
    let dir = std::env::var_os("ARTIFACTS_DIR")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| crate::workspace_root().join("artifacts"))
        .join("screenshots");
    std::fs::create_dir_all(&dir)?;
    let path = dir.join(format!("{name}.png"));
    let grab = tokio::process::Command::new("import")
        .args(["-window", "root"])
        .arg(&path)
        .kill_on_drop(true)
        .status();
    let status = tokio::time::timeout(COMMAND_LIMIT, grab)
        .await
        .map_err(|_| anyhow::anyhow!("import (ImageMagick) took over {COMMAND_LIMIT:?}"))?
        .map_err(|e| anyhow::anyhow!("import (ImageMagick, scripts/setup.sh) did not run: {e}"))?;
    anyhow::ensure!(
        status.success(),
        "import could not grab the screen: {status}"
    );
    println!("screenshot: {}", path.display());
    Ok(path)
}

/// From the Sell screen: Alt+2 to History, training receipt `receipt` searched for and found
/// in the list; answers the row's selector (the list keeps the focus, so Enter opens it).
pub async fn find_in_history(client: &Client, receipt: &str) -> anyhow::Result<String> {
    client
        .find(Locator::Id("search"))
        .await?
        .send_keys("\u{E00A}2\u{E000}")
        .await?;
    wait_for(client, Locator::Id("history-screen"), "the History screen").await?;
    let search = client.find(Locator::Id("history-search")).await?;
    search
        .send_keys(&format!("{receipt}{}", keys::ENTER))
        .await?;
    let row = format!("#history-results li[data-receipt='{receipt}'][data-training='true']");
    wait_for(client, Locator::Css(&row), "the sale in the list").await?;
    Ok(row)
}

/// In History, with a sale's receipt open: Return, confirmed, and its RETUR receipt on
/// screen; answers the receipt's text.
pub async fn return_from_history(client: &Client) -> anyhow::Result<String> {
    click(client, "history-return").await?;
    wait_for(
        client,
        Locator::Id("history-return-confirm"),
        "the confirm step",
    )
    .await?;
    click(client, "history-return-confirm").await?;
    wait_for_within(
        client,
        Locator::Css("#history-receipt[data-kind='return']"),
        "the return receipt",
        PAYMENT_WAIT,
    )
    .await?;
    text_of(client, "#history-receipt").await
}

/// The receipt number the Pay screen shows for the paid sale.
pub async fn receipt_number_shown(client: &Client) -> anyhow::Result<String> {
    wait_for(client, Locator::Id("pay-receipt"), "the receipt number").await?;
    Ok(text_of(client, "#pay-receipt")
        .await?
        .chars()
        .filter(char::is_ascii_digit)
        .collect())
}

/// From the Sell screen: training receipt `receipt` found in History (listed as paid by
/// `method`, when given) and opened with Enter on the list; answers its text.
pub async fn open_in_history(
    client: &Client,
    receipt: &str,
    method: Option<&str>,
) -> anyhow::Result<String> {
    let row = find_in_history(client, receipt).await?;
    if let Some(method) = method {
        wait_for(
            client,
            Locator::Css(&format!("{row} .method[data-method='{method}']")),
            &format!("the receipt listed as paid by {method}"),
        )
        .await?;
    }
    client
        .find(Locator::Id("history-results"))
        .await?
        .send_keys(keys::ENTER)
        .await?;
    wait_for(
        client,
        Locator::Css(&format!("#history-receipt[data-receipt='{receipt}']")),
        "the receipt on screen",
    )
    .await?;
    text_of(client, "#history-receipt").await
}
