use std::path::PathBuf;

use fantoccini::Client;

/// Saves window screenshots as test artifacts.
pub struct Screenshots {
    dir: PathBuf,
}

impl Screenshots {
    pub fn new() -> anyhow::Result<Self> {
        let dir = std::env::var_os("ARTIFACTS_DIR")
            .map(PathBuf::from)
            .unwrap_or_else(|| crate::workspace_root().join("artifacts"))
            .join("screenshots");
        std::fs::create_dir_all(&dir)?;
        Ok(Self { dir })
    }

    /// Takes a screenshot of the window as `<name>.png` and returns its path, once the
    /// webview has painted the current DOM (right after a change it may still show the
    /// previous frame).
    pub async fn save(&self, client: &Client, name: &str) -> anyhow::Result<PathBuf> {
        // Two animation frames after the DOM change the new content has been painted.
        client
            .execute_async(
                "const done = arguments[arguments.length - 1];
                 requestAnimationFrame(() => requestAnimationFrame(() => done(true)));",
                vec![],
            )
            .await?;
        let png = client.screenshot().await?;
        let path = self.dir.join(format!("{name}.png"));
        std::fs::write(&path, png)?;
        println!("screenshot: {}", path.display());
        Ok(path)
    }
}
