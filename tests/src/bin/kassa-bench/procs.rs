//! The app's processes as Linux sees them: which process is the app, its WebKit children,
//! their memory (`/proc/<pid>/smaps_rollup`) and how long ago the app was started.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use anyhow::Context;

/// Linux reports process start times in USER_HZ ticks, 100 per second on every
/// architecture Kassa ships for.
const USER_HZ: f64 = 100.0;

/// One process of the app: the app itself or a descendant (WebKitWebProcess,
/// WebKitNetworkProcess, ...).
#[derive(Debug, Clone)]
pub struct Process {
    pub pid: u32,
    pub name: String,
    pub memory: Memory,
}

/// The lines of `smaps_rollup` the report uses, in KiB. PSS shares each shared page among
/// the processes mapping it, so WebKit's libraries count once across the app's processes.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Memory {
    pub rss: u64,
    pub pss: u64,
    pub pss_anon: u64,
    pub pss_file: u64,
    pub pss_shmem: u64,
}

impl Memory {
    /// Parses `/proc/<pid>/smaps_rollup`; a missing field reads as 0 (older kernels lack
    /// the Pss_* split), a missing `Pss` line is an error.
    pub fn parse(rollup: &str) -> anyhow::Result<Self> {
        let mut fields = HashMap::new();
        for line in rollup.lines() {
            let Some((key, rest)) = line.split_once(':') else {
                continue;
            };
            let kib = rest.trim().trim_end_matches("kB").trim();
            if let Ok(kib) = kib.parse::<u64>() {
                fields.insert(key.trim(), kib);
            }
        }
        let field = |k: &str| fields.get(k).copied().unwrap_or(0);
        anyhow::ensure!(fields.contains_key("Pss"), "no Pss line in smaps_rollup");
        Ok(Self {
            rss: field("Rss"),
            pss: field("Pss"),
            pss_anon: field("Pss_Anon"),
            pss_file: field("Pss_File"),
            pss_shmem: field("Pss_Shmem"),
        })
    }

    pub fn add(self, other: Self) -> Self {
        Self {
            rss: self.rss + other.rss,
            pss: self.pss + other.pss,
            pss_anon: self.pss_anon + other.pss_anon,
            pss_file: self.pss_file + other.pss_file,
            pss_shmem: self.pss_shmem + other.pss_shmem,
        }
    }
}

struct Entry {
    pid: u32,
    ppid: u32,
    start_ticks: u64,
    exe: Option<PathBuf>,
}

fn entries() -> anyhow::Result<Vec<Entry>> {
    Ok(std::fs::read_dir("/proc")?
        .filter_map(|e| e.ok()?.file_name().to_str()?.parse::<u32>().ok())
        .filter_map(|pid| {
            // Processes come and go while we read; one that is gone is simply not listed.
            let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
            let (ppid, start_ticks) = parse_stat(&stat)?;
            let exe = std::fs::read_link(format!("/proc/{pid}/exe")).ok();
            Some(Entry {
                pid,
                ppid,
                start_ticks,
                exe,
            })
        })
        .collect())
}

/// Parent pid and start time (field 22, in ticks since boot) from `/proc/<pid>/stat`. The
/// command name may contain spaces and parentheses, so fields are counted after the last ')'.
fn parse_stat(stat: &str) -> Option<(u32, u64)> {
    let after_name = stat.get(stat.rfind(')')? + 2..)?;
    let fields: Vec<&str> = after_name.split(' ').collect();
    // after_name starts at field 3 (state): ppid is field 4, starttime field 22.
    Some((fields.get(1)?.parse().ok()?, fields.get(19)?.parse().ok()?))
}

/// The newest process running `app` (a previous launch may still be exiting).
fn newest_app(all: &[Entry], app: &Path) -> anyhow::Result<u32> {
    all.iter()
        .filter(|e| e.exe.as_deref() == Some(app))
        .max_by_key(|e| e.start_ticks)
        .map(|e| e.pid)
        .with_context(|| format!("no process runs {}", app.display()))
}

/// Seconds since the newest `app` process was started, read now.
pub fn app_age_seconds(app: &Path) -> anyhow::Result<f64> {
    let uptime: f64 = std::fs::read_to_string("/proc/uptime")?
        .split_whitespace()
        .next()
        .and_then(|s| s.parse().ok())
        .context("unreadable /proc/uptime")?;
    let all = entries()?;
    let pid = newest_app(&all, app)?;
    let start = all
        .iter()
        .find(|e| e.pid == pid)
        .map(|e| e.start_ticks)
        .context("the app exited")?;
    Ok(uptime - start as f64 / USER_HZ)
}

/// The app's processes (the newest `app` process and all its descendants) with their
/// memory, and the processes outside the app that have WebKitGTK loaded too.
pub struct AppProcesses {
    pub processes: Vec<Process>,
    /// Other processes with WebKitGTK or Mesa loaded (another app's window and its WebKit
    /// processes, the WebDriver, test binaries linking Tauri, other engineers' X servers): a
    /// till runs none of them, so [`crate::footprint`] leaves their mappings out. The X
    /// server of the app's own display is not foreign: a till has one, and it shares Mesa's
    /// pages with the app there too.
    pub foreign: Vec<u32>,
}

pub fn app_processes(app: &Path) -> anyhow::Result<AppProcesses> {
    let all = entries()?;
    let root = newest_app(&all, app)?;
    let mut tree = vec![root];
    let mut i = 0;
    while i < tree.len() {
        let parent = tree[i];
        tree.extend(all.iter().filter(|e| e.ppid == parent).map(|e| e.pid));
        i += 1;
    }
    let display = std::env::var("DISPLAY").unwrap_or_default();
    let mut processes = Vec::new();
    let mut foreign = Vec::new();
    for entry in &all {
        let name = entry
            .exe
            .as_deref()
            .and_then(Path::file_name)
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| format!("pid {}", entry.pid));
        if !tree.contains(&entry.pid) {
            if maps_shared_stack(entry.pid) && !serves_display(entry.pid, &display) {
                foreign.push(entry.pid);
            }
            continue;
        }
        let Ok(rollup) = std::fs::read_to_string(format!("/proc/{}/smaps_rollup", entry.pid))
        else {
            continue; // exited between the listing and now
        };
        processes.push(Process {
            pid: entry.pid,
            name,
            memory: Memory::parse(&rollup)?,
        });
    }
    Ok(AppProcesses { processes, foreign })
}

/// Whether `pid` has WebKitGTK, its JavaScriptCore, or Mesa (a DRI driver, LLVM) mapped.
fn maps_shared_stack(pid: u32) -> bool {
    std::fs::read_to_string(format!("/proc/{pid}/maps")).is_ok_and(|maps| {
        [
            "libwebkit2gtk-4.1",
            "libjavascriptcoregtk-4.1",
            "libLLVM",
            "_dri.so",
        ]
        .iter()
        .any(|lib| maps.contains(lib))
    })
}

/// Whether `pid` is the X server of `display` (`:99`): a program whose arguments name it.
fn serves_display(pid: u32, display: &str) -> bool {
    let Ok(cmdline) = std::fs::read(format!("/proc/{pid}/cmdline")) else {
        return false;
    };
    is_server_of(&cmdline, display)
}

fn is_server_of(cmdline: &[u8], display: &str) -> bool {
    let mut args = cmdline.split(|b| *b == 0).map(String::from_utf8_lossy);
    let program = args.next().unwrap_or_default();
    let name = program.rsplit('/').next().unwrap_or_default();
    !display.is_empty()
        && matches!(name, "Xvfb" | "Xorg" | "X" | "Xwayland")
        && args.any(|arg| arg == display)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stat_fields_are_counted_after_the_last_parenthesis() {
        let stat = "4242 (Web Content (x)) S 4200 4242 4200 0 -1 4194560 1 0 0 0 0 0 0 0 20 0 \
                    1 0 987654 1000 10 18446744073709551615";
        assert_eq!(parse_stat(stat), Some((4200, 987654)));
        assert_eq!(parse_stat("garbage"), None);
    }

    #[test]
    fn rollup_lines_are_read_in_kib() {
        let rollup = "55d0-7ffd ---p 00000000 00:00 0  [rollup]\n\
                      Rss:              123456 kB\n\
                      Pss:               65432 kB\n\
                      Pss_Dirty:         30000 kB\n\
                      Pss_Anon:          30000 kB\n\
                      Pss_File:          35000 kB\n\
                      Pss_Shmem:           432 kB\n";
        let memory = Memory::parse(rollup).unwrap();
        assert_eq!(
            memory,
            Memory {
                rss: 123456,
                pss: 65432,
                pss_anon: 30000,
                pss_file: 35000,
                pss_shmem: 432
            }
        );
        assert_eq!(memory.add(memory).pss, 130864);
    }

    #[test]
    fn only_the_x_server_of_the_apps_display_is_its_own() {
        assert!(is_server_of(b"Xvfb\0:99\0-screen\0", ":99"));
        assert!(is_server_of(b"/usr/lib/xorg/Xorg\0:0\0vt7\0", ":0"));
        assert!(!is_server_of(b"Xvfb\0:98\0-screen\0", ":99"));
        assert!(!is_server_of(b"bash\0:99\0", ":99"));
        assert!(!is_server_of(b"Xvfb\0:99\0", ""));
    }

    #[test]
    fn a_rollup_without_pss_is_an_error() {
        assert!(Memory::parse("Rss: 10 kB\n").is_err());
    }

    #[test]
    fn this_test_process_is_found_with_its_memory_and_age() {
        let me = std::env::current_exe().unwrap().canonicalize().unwrap();
        let found = app_processes(&me).unwrap();
        assert!(found.processes.iter().any(|p| p.pid == std::process::id()));
        assert!(found.processes.iter().all(|p| p.memory.pss > 0));
        assert!(app_age_seconds(&me).unwrap() >= 0.0);
    }
}
