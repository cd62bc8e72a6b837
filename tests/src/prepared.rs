use std::path::{Path, PathBuf};

/// What an end-to-end run needs, found on this machine.
pub struct Prepared {
    pub app: PathBuf,
    pub tauri_driver: PathBuf,
}

impl Prepared {
    /// `Some` in the prepared environment. Otherwise prints the reason and returns `None`
    /// (the caller skips), unless `KASSA_E2E=1` says this run must be real: then it panics.
    pub fn check() -> Option<Self> {
        match Self::find() {
            Ok(prepared) => Some(prepared),
            Err(reason) if std::env::var("KASSA_E2E").as_deref() == Ok("1") => {
                panic!("KASSA_E2E=1 but the end-to-end environment is not ready: {reason}")
            }
            Err(reason) => {
                println!(
                    "SKIPPED end-to-end test: {reason}. Run `bash scripts/test.sh` to run it for real."
                );
                None
            }
        }
    }

    fn find() -> Result<Self, String> {
        if std::env::var_os("DISPLAY").is_none() {
            return Err(
                "no X display ($DISPLAY unset; scripts/test.sh runs under xvfb-run)".into(),
            );
        }
        if std::env::var_os("DBUS_SESSION_BUS_ADDRESS").is_none() {
            return Err("no D-Bus session (scripts/test.sh runs under dbus-run-session)".into());
        }
        if !Path::new("/usr/bin/WebKitWebDriver").exists() && which("WebKitWebDriver").is_none() {
            return Err("WebKitWebDriver missing (Debian package webkit2gtk-driver)".into());
        }
        let tauri_driver = which("tauri-driver")
            .or_else(|| {
                let home = std::env::var_os("CARGO_HOME")
                    .map(PathBuf::from)
                    .or_else(|| {
                        std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cargo"))
                    })?;
                let candidate = home.join("bin/tauri-driver");
                candidate.exists().then_some(candidate)
            })
            .ok_or("tauri-driver missing (cargo install tauri-driver --locked)")?;
        let app = match std::env::var_os("KASSA_APP_BINARY") {
            Some(path) => PathBuf::from(path),
            None => target_dir().join("debug/kassa"),
        };
        if !app.exists() {
            return Err(format!(
                "the app binary {} is not built (cargo build -p kassa-app)",
                app.display()
            ));
        }
        Ok(Self { app, tauri_driver })
    }
}

fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| crate::workspace_root().join("target"))
}

fn which(binary: &str) -> Option<PathBuf> {
    std::env::split_paths(&std::env::var_os("PATH")?)
        .map(|dir| dir.join(binary))
        .find(|candidate| candidate.is_file())
}
