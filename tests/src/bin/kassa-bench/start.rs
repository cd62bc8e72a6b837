//! Cold start: launch the app through tauri-driver and wait until the cashier can work —
//! typing in the search field gets results from the till (page script, IPC and SQLite all
//! answering), not merely a mapped window.

use std::path::Path;
use std::time::{Duration, Instant};

use anyhow::Context;
use fantoccini::{Client, Locator};
use kassa_e2e::{Driver, Prepared};

use crate::procs;

/// What the bench types: the demo catalogue has coffee.
const PROBE: &str = "kaffe";
/// WebDriver polling period: fine enough for a figure in milliseconds.
pub const POLL: Duration = Duration::from_millis(5);

/// One launch's figures.
pub struct Start {
    /// From the app's process start (its exec, as Linux records it) to results on screen.
    pub from_exec: Duration,
    /// From the WebDriver session request (which makes WebKitWebDriver start the app).
    pub from_session: Duration,
    /// When the bench saw the results.
    pub at: Instant,
}

/// Launches the app and waits until it answers typing; returns the session, left on the
/// sale screen with an empty search field.
pub async fn launch(driver: &Driver, prepared: &Prepared) -> anyhow::Result<(Client, Start)> {
    let requested = Instant::now();
    let client = driver.launch(prepared).await?;
    let result = until_interactive(&client, &prepared.app, requested).await;
    match result {
        Ok(start) => Ok((client, start)),
        Err(e) => {
            let _ = client.close().await;
            Err(e)
        }
    }
}

async fn until_interactive(
    client: &Client,
    app: &Path,
    requested: Instant,
) -> anyhow::Result<Start> {
    let search = client
        .wait()
        .every(POLL)
        .at_most(Duration::from_secs(30))
        .for_element(Locator::Id("search"))
        .await
        .context("the search field never appeared")?;
    search.send_keys(PROBE).await?;
    client
        .wait()
        .every(POLL)
        .at_most(Duration::from_secs(30))
        .for_element(Locator::Css(&format!(
            "#search-results[data-query='{PROBE}'] li"
        )))
        .await
        .context("typing in the search field never brought results")?;
    let at = Instant::now();
    let from_session = at - requested;
    let from_exec = Duration::from_secs_f64(procs::app_age_seconds(&app.canonicalize()?)?);
    search.clear().await?;
    Ok(Start {
        from_exec,
        from_session,
        at,
    })
}
