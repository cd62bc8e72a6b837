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
        // WebKitGTK answers a screenshot at the page's next presentation update, and an idle
        // page may never have one: a pixel nobody sees changes on every frame until the
        // screenshot is taken, so there always is one.
        client
            .execute(
                "let pixel = document.getElementById('screenshot-pixel');
                 if (!pixel) {
                   pixel = document.createElement('div');
                   pixel.id = 'screenshot-pixel';
                   pixel.style.cssText = 'position:fixed;left:0;top:0;width:1px;height:1px;pointer-events:none';
                   document.body.appendChild(pixel);
                 }
                 let tick = 0;
                 const step = () => {
                   if (!pixel.isConnected) return;
                   tick ^= 1;
                   pixel.style.background = tick ? 'rgba(0,0,0,0.01)' : 'rgba(0,0,0,0.02)';
                   requestAnimationFrame(step);
                 };
                 requestAnimationFrame(step);",
                vec![],
            )
            .await?;
        // Bounded, so a screenshot that never answers fails the test instead of hanging it.
        let png = crate::window::within(&format!("screenshot {name}"), client.screenshot()).await;
        client
            .execute(
                "document.getElementById('screenshot-pixel')?.remove();",
                vec![],
            )
            .await?;
        let png = png?;
        let path = self.dir.join(format!("{name}.png"));
        std::fs::write(&path, png)?;
        println!("screenshot: {}", path.display());
        Ok(path)
    }
}
