use std::fs::File;
use std::net::{Ipv4Addr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
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
    /// The script that launches the app with its output captured, in its temp folder.
    wrapper: Option<(PathBuf, tempfile::TempDir)>,
    // Dropped after the driver has stopped (and the app with it).
    _data: tempfile::TempDir,
}

/// How [`Driver::start_with`] launches the app beyond the defaults.
#[derive(Debug, Default)]
pub struct Launch {
    /// Extra environment for the app (inherited through tauri-driver and WebKitWebDriver).
    pub env: Vec<(String, String)>,
    /// Where the app's stdout and stderr go (with the drivers' own, which they pass on),
    /// e.g. for a scan of everything the app logged. `None`: this process's own.
    pub output: Option<PathBuf>,
}

impl Driver {
    pub fn start(prepared: &Prepared) -> anyhow::Result<Self> {
        Self::start_with(prepared, Launch::default())
    }

    /// Like [`Driver::start`], with extra environment and the output captured to a file.
    pub fn start_with(prepared: &Prepared, launch: Launch) -> anyhow::Result<Self> {
        let port = free_port()?;
        let native_port = free_port()?;
        let data = tempfile::tempdir().context("temp data folder")?;
        let mut command = Command::new(&prepared.tauri_driver);
        command
            .args(["--port", &port.to_string()])
            .args(["--native-port", &native_port.to_string()])
            // Inherited through WebKitWebDriver by the app it launches.
            .env("KASSA_DATA_DIR", data.path())
            .envs(launch.env);
        // tauri-driver sends WebKitWebDriver's stdout (and so the app's) to /dev/null: the
        // app is launched through a wrapper that sends both its streams to the file.
        let wrapper = match &launch.output {
            Some(path) => Some(output_wrapper(&prepared.app, path)?),
            None => None,
        };
        let child = command.spawn().context("starting tauri-driver")?;
        let driver = Self {
            child,
            port,
            wrapper,
            _data: data,
        };
        // tauri-driver and WebKitWebDriver print no "ready" line; their listening sockets
        // are the readiness signal.
        wait_until_listening(port)?;
        wait_until_listening(native_port)?;
        Ok(driver)
    }

    /// The app's data folder (`KASSA_DATA_DIR`): its SQLite file and whatever else it writes.
    pub fn data_dir(&self) -> &Path {
        self._data.path()
    }

    /// Opens a WebDriver session, which launches the app binary with its real window.
    pub async fn launch(&self, prepared: &Prepared) -> anyhow::Result<Client> {
        let mut capabilities = serde_json::Map::new();
        capabilities.insert(
            "tauri:options".into(),
            serde_json::json!({ "application": match &self.wrapper {
                Some((script, _)) => script,
                None => &prepared.app,
            } }),
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

/// A shell script that runs `app` with its stdout and stderr appended to `output`.
fn output_wrapper(app: &Path, output: &Path) -> anyhow::Result<(PathBuf, tempfile::TempDir)> {
    use std::os::unix::fs::PermissionsExt;
    let quote = |p: &Path| format!("'{}'", p.display().to_string().replace('\'', "'\\''"));
    File::create(output).with_context(|| format!("creating {}", output.display()))?;
    let dir = tempfile::tempdir().context("temp folder for the launcher")?;
    let script = dir.path().join("kassa-with-output");
    std::fs::write(
        &script,
        format!(
            "#!/bin/sh\nexec {} \"$@\" >>{} 2>&1\n",
            quote(app),
            quote(output)
        ),
    )?;
    std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755))?;
    Ok((script, dir))
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
