use std::net::{Ipv4Addr, TcpListener, TcpStream};
use std::process::{Child, Command};
use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use fantoccini::{Client, ClientBuilder};
use nix::sys::signal::{Signal, kill};
use nix::unistd::Pid;

use crate::Prepared;

/// A running tauri-driver (and the WebKitWebDriver it starts), stopped on drop. The app it
/// launches keeps its database in a temp folder of its own (`KASSA_DATA_DIR`), so runs and
/// tests never see each other's parked sales.
pub struct Driver {
    child: Child,
    port: u16,
    // Dropped after the driver has stopped (and the app with it).
    _data: tempfile::TempDir,
}

impl Driver {
    pub fn start(prepared: &Prepared) -> anyhow::Result<Self> {
        let port = free_port()?;
        let native_port = free_port()?;
        let data = tempfile::tempdir().context("temp data folder")?;
        let child = Command::new(&prepared.tauri_driver)
            .args(["--port", &port.to_string()])
            .args(["--native-port", &native_port.to_string()])
            // Inherited through WebKitWebDriver by the app it launches.
            .env("KASSA_DATA_DIR", data.path())
            .spawn()
            .context("starting tauri-driver")?;
        let driver = Self {
            child,
            port,
            _data: data,
        };
        // tauri-driver and WebKitWebDriver print no "ready" line; their listening sockets
        // are the readiness signal.
        wait_until_listening(port)?;
        wait_until_listening(native_port)?;
        Ok(driver)
    }

    /// Opens a WebDriver session, which launches the app binary with its real window.
    pub async fn launch(&self, prepared: &Prepared) -> anyhow::Result<Client> {
        let mut capabilities = serde_json::Map::new();
        capabilities.insert(
            "tauri:options".into(),
            serde_json::json!({ "application": prepared.app }),
        );
        ClientBuilder::native()
            .capabilities(capabilities)
            .connect(&format!("http://127.0.0.1:{}", self.port))
            .await
            .context("tauri-driver could not start the app")
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        // SIGTERM lets tauri-driver stop WebKitWebDriver too; SIGKILL would orphan it on
        // the native port.
        if let Ok(pid) = i32::try_from(self.child.id()) {
            let _ = kill(Pid::from_raw(pid), Signal::SIGTERM);
        }
        let _ = self.child.wait();
    }
}

fn free_port() -> anyhow::Result<u16> {
    Ok(TcpListener::bind((Ipv4Addr::LOCALHOST, 0))?
        .local_addr()?
        .port())
}

/// Polls for a listening socket: the drivers have no other readiness signal. Bounded, so a
/// driver that never comes up fails the test instead of hanging it.
fn wait_until_listening(port: u16) -> anyhow::Result<()> {
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        if TcpStream::connect((Ipv4Addr::LOCALHOST, port)).is_ok() {
            return Ok(());
        }
        if Instant::now() > deadline {
            bail!("nothing listens on 127.0.0.1:{port} after 20 s");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}
