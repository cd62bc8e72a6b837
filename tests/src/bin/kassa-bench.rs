//! Prints Kassa's start-up figures against the goals: cold start to an interactive
//! window and idle memory of the app with its WebKit processes. Run it the way
//! `scripts/bench-app.sh` does (under Xvfb with a session bus and an unlocked keyring).

use std::path::Path;
use std::time::{Duration, Instant};

use anyhow::Context;
use fantoccini::Locator;
use kassa_e2e::{Driver, Prepared};

const RUNS: usize = 5;

#[tokio::main(flavor = "multi_thread")]
async fn main() -> anyhow::Result<()> {
    let prepared = Prepared::check().context("not in the prepared environment")?;
    let mut starts = Vec::new();
    let mut memory_mib = Vec::new();
    for _ in 0..RUNS {
        let driver = Driver::start(&prepared)?;
        let started = Instant::now();
        let client = driver.launch(&prepared).await?;
        // Interactive: the first command (app_info) has answered and the page shows the mode.
        client
            .wait()
            .at_most(Duration::from_secs(30))
            .for_element(Locator::Css("#app-mode"))
            .await?;
        starts.push(started.elapsed());
        // Let WebKit settle before reading memory: this is the idle figure.
        tokio::time::sleep(Duration::from_secs(2)).await;
        memory_mib.push(app_memory_mib(&prepared.app)?);
        client.close().await?;
    }
    starts.sort();
    memory_mib.sort_by(f64::total_cmp);
    let median = |v: &[Duration]| v[v.len() / 2];
    println!("kassa start-up ({RUNS} runs, debug build, Xvfb, through tauri-driver)");
    println!(
        "  cold start to interactive window: median {:.0} ms, max {:.0} ms   (goal <= 1500 ms)",
        median(&starts).as_secs_f64() * 1e3,
        starts[starts.len() - 1].as_secs_f64() * 1e3
    );
    println!(
        "  idle memory, app + WebKit processes (PSS): median {:.0} MiB, max {:.0} MiB   (goal <= 200 MB)",
        memory_mib[memory_mib.len() / 2],
        memory_mib[memory_mib.len() - 1]
    );
    Ok(())
}

/// Proportional set size of the app process and its WebKit children, in MiB.
fn app_memory_mib(app: &Path) -> anyhow::Result<f64> {
    let app = app.canonicalize()?;
    let processes: Vec<(u32, u32, String)> = std::fs::read_dir("/proc")?
        .filter_map(|e| e.ok()?.file_name().to_str()?.parse::<u32>().ok())
        .filter_map(|pid| {
            let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
            let after_name = &stat[stat.rfind(')')? + 2..];
            let ppid = after_name.split(' ').nth(1)?.parse().ok()?;
            let exe = std::fs::read_link(format!("/proc/{pid}/exe")).ok()?;
            Some((pid, ppid, exe.to_string_lossy().into_owned()))
        })
        .collect();
    let app_pids: Vec<u32> = processes
        .iter()
        .filter(|(_, _, exe)| Path::new(exe) == app)
        .map(|(pid, _, _)| *pid)
        .collect();
    anyhow::ensure!(
        app_pids.len() == 1,
        "expected one app process, found {app_pids:?}"
    );
    let mut total_kib = 0u64;
    for (pid, ppid, _) in &processes {
        if app_pids.contains(pid) || app_pids.contains(ppid) {
            total_kib += pss_kib(*pid)?;
        }
    }
    Ok(total_kib as f64 / 1024.0)
}

fn pss_kib(pid: u32) -> anyhow::Result<u64> {
    let rollup = std::fs::read_to_string(format!("/proc/{pid}/smaps_rollup"))?;
    rollup
        .lines()
        .find_map(|line| line.strip_prefix("Pss:"))
        .and_then(|rest| rest.trim().trim_end_matches("kB").trim().parse().ok())
        .context("no Pss line in smaps_rollup")
}
