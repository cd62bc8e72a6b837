//! Idle memory as a till runs the app: launched directly, with no WebDriver in it. The
//! launches in [`crate::start`] go through tauri-driver, which puts an automation session
//! (and its scripts) into the app's UI and web processes; a till has none.

use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use kassa_e2e::Prepared;
use nix::sys::signal::{Signal, kill};
use nix::unistd::Pid;

use crate::memory::{self, Idle};
use crate::procs;

/// How long the app gets to start its web process.
const WEB_PROCESS_WITHIN: Duration = Duration::from_secs(20);
const POLL: Duration = Duration::from_millis(50);

/// Launches the app on a fresh data folder, waits until it is idle (see
/// [`memory::settled`]: at least 3 s after its web process started, then steady) and stops it.
pub async fn idle(prepared: &Prepared) -> anyhow::Result<Idle> {
    let data = tempfile::tempdir().context("temp data folder")?;
    let mut app = Command::new(&prepared.app)
        .env("KASSA_DATA_DIR", data.path())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .with_context(|| format!("starting {}", prepared.app.display()))?;
    let measured = measure(&prepared.app).await;
    stop(&mut app);
    measured
}

async fn measure(app: &Path) -> anyhow::Result<Idle> {
    let app = app.canonicalize()?;
    let started = Instant::now();
    // The bench watches memory, not the page: idle time is what it measures, so it polls.
    while !procs::app_processes(&app)?
        .processes
        .iter()
        .any(|p| p.name == "WebKitWebProcess")
    {
        if started.elapsed() > WEB_PROCESS_WITHIN {
            bail!("the app started no web process within {WEB_PROCESS_WITHIN:?}");
        }
        tokio::time::sleep(POLL).await;
    }
    memory::settled(&app, Instant::now()).await
}

/// SIGTERM (GTK quits, WebKit's processes follow their parent), then reaps it.
fn stop(app: &mut Child) {
    if let Ok(pid) = i32::try_from(app.id()) {
        let _ = kill(Pid::from_raw(pid), Signal::SIGTERM);
    }
    let _ = app.wait();
}
