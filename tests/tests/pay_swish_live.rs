//! A live Swish sale in the real window that the customer never pays: the merchant's Kronor
//! (a kronor-sandbox in this test on 127.0.0.1 port 0, reached through the endpoint override
//! for a self-hosted or test Kronor) runs on a manual clock, so Swish's time limit passes when
//! the test moves that clock on, not by waiting. The pay screen then says the Swish payment
//! expired and nothing was charged; no receipt. Live, the QR code carries Swish's own token
//! and the training Swish page is not offered. Before that, the live till has no control unit
//! and refuses F12 with the red banner, nothing sent to Kronor; the merchant chooses the shop's
//! unit (a control-unit simulator on 127.0.0.1 port 0, its password to the keyring) in
//! Settings; then the unit breaks down ("not operational": F12 refused again, the banner
//! naming the fault, nothing at Kronor) and is repaired, and the same sale goes on. Runs for
//! real under `scripts/test.sh`; elsewhere it says why it skips.

use std::time::Duration;

use control_unit_sim::{Fault, SimConfig, Simulator};
use fantoccini::{Client, Locator};
use kassa_e2e::window::{
    choose_control_unit, click, go_live, keys::F12, scan, swish_qr_shown, text_of, wait_for,
};
use kassa_e2e::{Driver, Launch, Prepared, Screenshots};
use kronor_sandbox::{Clock, Sandbox, SandboxConfig};

/// Demo catalogue (loaded while the till was still in training): Kaffekopp, 149,00 kr.
const KAFFEKOPP: &str = "7350000050011";
/// How long the merchant's Kronor waits for the customer in the Swish app.
const SWISH_TIMEOUT: Duration = Duration::from_secs(180);

#[tokio::test(flavor = "multi_thread")]
async fn an_unpaid_live_swish_payment_expires_with_nothing_charged() -> anyhow::Result<()> {
    let Some(prepared) = Prepared::check() else {
        return Ok(());
    };
    let clock = Clock::manual(jiff::Timestamp::now());
    let kronor = Sandbox::start(SandboxConfig {
        clock: clock.clone(),
        swish_timeout: SWISH_TIMEOUT,
        ..SandboxConfig::local()
    })
    .await?;
    let token = kronor.mint_merchant_token(Duration::from_secs(3600));
    let unit = Simulator::start(SimConfig {
        password: UNIT_PASSWORD.into(),
        ..SimConfig::default()
    })
    .await?;
    let driver = Driver::start_with(
        &prepared,
        Launch {
            env: vec![
                (
                    "KASSA_KRONOR_GRAPHQL_URL".into(),
                    kronor.graphql_url().to_string(),
                ),
                ("KASSA_KRONOR_SCA_URL".into(), kronor.sca_url().to_string()),
                // Its own keyring entry: other end-to-end tests share this keyring.
                (
                    "KASSA_KEYRING_SERVICE".into(),
                    format!("se.kassa.e2e.swish-live-{}", std::process::id()),
                ),
            ],
            output: None,
        },
    )?;
    let client = driver.launch(&prepared).await?;
    let outcome = scenario(&client, &kronor, &unit, &clock, &token).await;
    let closed = client.close().await;
    outcome?;
    closed?;
    Ok(())
}

/// The shop's control unit's password.
const UNIT_PASSWORD: &str = "hemligt-4711";

async fn scenario(
    client: &Client,
    kronor: &Sandbox,
    unit: &Simulator,
    clock: &Clock,
    token: &str,
) -> anyhow::Result<()> {
    let shots = Screenshots::new()?;
    wait_for(client, Locator::Id("app-mode"), "the mode").await?;
    go_live(client, token).await?;
    click(client, "nav-sell").await?;
    scan(client, KAFFEKOPP, 14_900).await?;
    let f12 = || async {
        client
            .find(Locator::Id("search"))
            .await?
            .send_keys(F12)
            .await
    };

    // Live with no control unit: no Swish payment, and the red banner says where to choose one.
    f12().await?;
    wait_for(
        client,
        Locator::Css("#pay-error[data-code='control_unit']"),
        "the refused Charge",
    )
    .await?;
    wait_for(
        client,
        Locator::Id("control-unit-banner"),
        "the control-unit banner",
    )
    .await?;
    let banner = text_of(client, "#control-unit-banner").await?;
    anyhow::ensure!(
        banner.contains("Ingen kontrollenhet") && banner.contains("Inställningar"),
        "what is wrong and where to fix it: {banner:?}"
    );
    anyhow::ensure!(
        kronor.payment_session_count() == 0,
        "nothing reached Kronor"
    );
    shots.save(client, "13-control-unit-missing").await?;
    click(client, "pay-new-sale").await?;

    let address = unit.xccsp_url().replace(&format!(":{UNIT_PASSWORD}@"), "@");
    let answered =
        choose_control_unit(client, &address, UNIT_PASSWORD, &unit.identity().unit_id).await?;
    anyhow::ensure!(
        !answered.contains(UNIT_PASSWORD),
        "the password is never shown: {answered:?}"
    );
    shots.save(client, "14-control-unit-chosen").await?;

    // The unit breaks down: Charge is refused before any money moves, and the banner says
    // what is wrong and what to do.
    unit.set_fault(Some(Fault::NotOperational));
    click(client, "nav-sell").await?;
    wait_for(client, Locator::Id("search"), "the sale screen").await?;
    anyhow::ensure!(
        text_of(client, "#cart-total").await?.contains("149,00"),
        "the refused sale is still on the counter"
    );
    f12().await?;
    wait_for(
        client,
        Locator::Css("#pay-error[data-code='control_unit']"),
        "the Charge refused by a broken unit",
    )
    .await?;
    // The unit's own fault in the cashier's words: selling stopped, call the supplier.
    wait_for(
        client,
        Locator::XPath(
            "//*[@id='control-unit-banner' and contains(., 'Försäljning stoppad') and contains(., 'kontakta leverantören')]",
        ),
        "the banner saying what is wrong and what to do",
    )
    .await?;
    anyhow::ensure!(
        kronor.payment_session_count() == 0,
        "nothing reached Kronor"
    );
    shots
        .save(client, "15-control-unit-not-operational")
        .await?;
    click(client, "pay-new-sale").await?;

    // Repaired: the same sale, still on the counter, goes on, and the banner goes.
    unit.set_fault(None);
    wait_for(client, Locator::Id("search"), "the sale screen").await?;
    f12().await?;
    swish_qr_shown(client).await?;
    wait_for(
        client,
        Locator::XPath("//body[not(.//*[@id='control-unit-banner'])]"),
        "the banner gone once the unit signs again",
    )
    .await?;
    anyhow::ensure!(
        client
            .find_all(Locator::XPath(
                "//*[@id='pay-sca-url' and contains(., '/swish/')]"
            ))
            .await?
            .is_empty(),
        "live, no training Swish page beside the QR code"
    );
    anyhow::ensure!(
        kronor.payment_session_count() == 1 && kronor.payment_request_count() == 1,
        "one session and one Swish request at the merchant's Kronor"
    );

    // The customer walks away: Swish's time limit passes at Kronor.
    clock.advance(SWISH_TIMEOUT + Duration::from_secs(1));
    wait_for(
        client,
        Locator::Css("#pay-screen[data-phase='expired'] #pay-hint"),
        "the expired Swish payment",
    )
    .await?;
    let hint = text_of(client, "#pay-hint").await?;
    anyhow::ensure!(
        hint.contains("Swish-betalningen gick ut") && hint.contains("Ingenting har debiterats"),
        "why, and that nothing was charged: {hint:?}"
    );
    anyhow::ensure!(
        client.find_all(Locator::Id("pay-qr")).await?.is_empty(),
        "no QR code once the payment expired"
    );
    anyhow::ensure!(
        client.find_all(Locator::Id("receipt")).await?.is_empty(),
        "no receipt without PAID"
    );
    shots.save(client, "12-pay-swish-expired").await?;

    // The sale is still on the counter for another try.
    click(client, "pay-new-sale").await?;
    anyhow::ensure!(
        text_of(client, "#cart-total").await?.contains("149,00"),
        "the sale is still on the counter after the expiry"
    );
    Ok(())
}
