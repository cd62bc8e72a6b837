//! A till whose data cannot be trusted, in the real window: a receipt altered near the end
//! of the journal stops the till, and the window (not a log line) says why, where the file
//! is and what to do; one altered deep in the journal lets the till open and the background
//! integrity check puts a red banner over every screen.

#[path = "../../src-tauri/tests/fixtures/altered_till.rs"]
mod altered_till;

use altered_till::altered_till;
use fantoccini::{Client, Locator};
use kassa_e2e::Screenshots;
use kassa_e2e::window::{in_real_window_on, wait_for, wait_for_text};

#[tokio::test(flavor = "multi_thread")]
async fn an_altered_recent_receipt_shows_the_problem_screen() -> anyhow::Result<()> {
    let file = std::cell::OnceCell::new();
    in_real_window_on(
        |dir| {
            let path = dir.join("kassa.sqlite");
            let _ = file.set(path.display().to_string());
            altered_till(&path, 3, 3);
            Ok(())
        },
        async |client: &Client| {
            wait_for_text(client, "startup-problem", "Kassan kunde inte starta").await?;
            wait_for_text(client, "startup-problem", "The till could not start").await?;
            wait_for_text(client, "startup-problem", "Databasen är skadad").await?;
            let file = file.get().map(String::as_str).unwrap_or("kassa.sqlite");
            wait_for_text(client, "startup-problem", file).await?;
            // Nothing of the till is there to use.
            assert!(client.find(Locator::Id("search")).await.is_err());
            Screenshots::new()?.save(client, "startup-problem").await?;
            Ok(())
        },
    )
    .await
}

#[tokio::test(flavor = "multi_thread")]
async fn an_altered_old_receipt_opens_the_till_under_a_red_banner() -> anyhow::Result<()> {
    in_real_window_on(
        // Deeper than the look at the journal's tail when the till opens.
        |dir| {
            altered_till(&dir.join("kassa.sqlite"), 40, 2);
            Ok(())
        },
        async |client: &Client| {
            wait_for(client, Locator::Id("search"), "the sale screen").await?;
            wait_for_text(client, "integrity-banner", "kvitton kan ha ändrats").await?;
            Screenshots::new()?.save(client, "integrity-banner").await?;
            Ok(())
        },
    )
    .await
}
