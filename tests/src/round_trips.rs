//! Counting the window's round trips to the shell. Tauri's IPC on Linux is a `fetch` of
//! `ipc://localhost/<command>` (commands, and the event plugin's listen and unlisten alike);
//! this wraps the page's `fetch` from the outside, so the app carries no counting code.
//! Events the shell pushes to the window are not round trips and are not counted.

use fantoccini::Client;

/// Starts (or restarts) counting: from now on each IPC request's command is kept in order.
/// Fails if the page's IPC is not the one this counts (nothing would be counted).
pub async fn start(client: &Client) -> anyhow::Result<()> {
    client
        .execute(
            r#"
            if (!window.__kassaCounting) {
              const fetch = window.fetch.bind(window);
              window.fetch = (input, init) => {
                const url = typeof input === "string" ? input : input.url;
                const ipc = /^(?:ipc:\/\/localhost|http:\/\/ipc\.localhost)\/([^?]*)/.exec(url);
                if (ipc) window.__kassaRoundTrips.push(decodeURIComponent(ipc[1]));
                return fetch(input, init);
              };
              window.__kassaCounting = true;
            }
            window.__kassaRoundTrips = [];
            "#,
            vec![],
        )
        .await?;
    Ok(())
}

/// The commands invoked since [`start`], oldest first.
pub async fn taken(client: &Client) -> anyhow::Result<Vec<String>> {
    let names = client
        .execute("return window.__kassaRoundTrips || [];", vec![])
        .await?;
    Ok(serde_json::from_value(names)?)
}
