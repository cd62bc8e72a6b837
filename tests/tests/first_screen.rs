//! The real Kassa window: training banner, title, and the token settings with a real
//! gnome-keyring. Runs for real under `scripts/test.sh`; elsewhere it says why it skips.

use fantoccini::{Client, Locator};
use kassa_e2e::window::{text_of, wait_for_text};
use kassa_e2e::{Screenshots, in_real_window};

const TOKEN: &str = "eyJhbGciOiJIUzI1NiJ9.e2e-merchant-secret.sig-1234";

#[tokio::test(flavor = "multi_thread")]
async fn training_screen_and_token_settings_in_the_real_window() -> anyhow::Result<()> {
    in_real_window(scenario).await
}

async fn scenario(client: &Client) -> anyhow::Result<()> {
    let shots = Screenshots::new()?;

    // The app opens on the sale screen; the token lives under Settings.
    client
        .find(Locator::Id("nav-settings"))
        .await?
        .click()
        .await?;

    // Start from "no token", whatever an earlier run left in this keyring.
    let status = text_of(client, "#token-status").await?;
    if status.contains('…') {
        client
            .find(Locator::Id("remove-token"))
            .await?
            .click()
            .await?;
        wait_for_text(client, "token-status", "Ingen token").await?;
    }

    // The first screen: Swedish by default, training banner, app name.
    assert_eq!(client.title().await?, "Kassa");
    wait_for_text(client, "training-banner", "ÖVNING").await?;
    assert_eq!(text_of(client, "#app-name").await?, "Kassa");
    wait_for_text(client, "app-mode", "Övningsläge").await?;
    wait_for_text(client, "token-status", "Ingen token konfigurerad").await?;
    shots.save(client, "01-first-screen-training").await?;

    // The strict CSP is in force in the real window: no eval for page scripts.
    let eval = client
        .execute(
            "try { return String(window.eval('1 + 1')); } catch (e) { return e.name; }",
            vec![],
        )
        .await?;
    assert_eq!(
        eval,
        serde_json::json!("EvalError"),
        "eval must be blocked by the CSP"
    );

    // English on request.
    client
        .find(Locator::Id("language"))
        .await?
        .select_by_value("en")
        .await?;
    wait_for_text(client, "training-banner", "TRAINING").await?;
    wait_for_text(client, "token-status", "No token configured").await?;

    // Save a token through the settings form, into the real keyring.
    let field = client.find(Locator::Id("token")).await?;
    assert_eq!(field.attr("type").await?.as_deref(), Some("password"));
    field.send_keys(TOKEN).await?;
    client
        .find(Locator::Id("save-token"))
        .await?
        .click()
        .await?;
    wait_for_text(client, "token-status", "Configured, ending in …1234").await?;
    wait_for_text(client, "app-mode", "Live mode").await?;

    // The page knows only the last four characters: not in the text, not in the field.
    let source = client.source().await?;
    assert!(!source.contains("e2e-merchant-secret"), "token in the page");
    let value = client
        .find(Locator::Id("token"))
        .await?
        .prop("value")
        .await?
        .unwrap_or_default();
    assert_eq!(value, "", "the field is cleared after saving");
    let body_text = text_of(client, "body").await?;
    assert!(!body_text.contains("e2e-merchant-secret"));
    assert!(body_text.contains("…1234"));
    assert!(
        client
            .find_all(Locator::Id("training-banner"))
            .await?
            .is_empty(),
        "no training banner once a token is configured"
    );
    shots.save(client, "02-token-configured").await?;

    // Remove it again: back to training.
    client
        .find(Locator::Id("remove-token"))
        .await?
        .click()
        .await?;
    wait_for_text(client, "token-status", "No token configured").await?;
    wait_for_text(client, "training-banner", "TRAINING").await?;
    shots.save(client, "03-token-removed").await?;
    Ok(())
}
