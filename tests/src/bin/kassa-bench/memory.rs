//! Idle memory: the app and its WebKit processes once the window has settled.

use std::path::Path;
use std::time::{Duration, Instant};

use crate::footprint::{self, Footprint};
use crate::procs::{self, Memory, Process};

/// A freshly started window keeps allocating for a moment (fonts, JIT, the first IPC); idle
/// means at least this long after it became interactive...
const AT_LEAST: Duration = Duration::from_secs(3);
/// ...and the total PSS moving by less than this between two readings...
const STEADY_KIB: u64 = 1024;
const EVERY: Duration = Duration::from_millis(500);
/// ...or, for a window that never settles, this long (the report says so).
const AT_MOST: Duration = Duration::from_secs(20);

pub struct Idle {
    pub processes: Vec<Process>,
    /// PSS as if alone, and distinct pages ([`footprint`]); `None` without the privilege
    /// to see page frames.
    pub footprint: Option<Footprint>,
    /// Other programs with WebKitGTK or Mesa loaded (not the own X server), which share (and so lower) the app's PSS.
    pub webkit_elsewhere: usize,
    pub settled: bool,
}

impl Idle {
    pub fn total(&self) -> Memory {
        self.processes
            .iter()
            .fold(Memory::default(), |sum, p| sum.add(p.memory))
    }
}

/// Reads the app's memory until it holds steady. Idle time is what is being measured here,
/// so this bench waits by the clock on purpose.
pub async fn settled(app: &Path, interactive_at: Instant) -> anyhow::Result<Idle> {
    let app = app.canonicalize()?;
    let mut previous: Option<u64> = None;
    loop {
        let now = Instant::now();
        let wait_until = (interactive_at + AT_LEAST).max(now + EVERY);
        tokio::time::sleep_until(wait_until.into()).await;
        let idle = read(&app, false)?;
        // Other apps' WebKit processes come and go and move the plain PSS; the figure
        // without them is the one that must hold steady.
        let pss = idle
            .footprint
            .as_ref()
            .map_or(idle.total().pss, |f| f.alone_pss_kib);
        let steady = previous.is_some_and(|p| p.abs_diff(pss) < STEADY_KIB);
        if steady || interactive_at.elapsed() >= AT_MOST {
            return Ok(Idle {
                settled: steady,
                ..idle
            });
        }
        previous = Some(pss);
    }
}

/// The app's memory right now.
pub fn now(app: &Path) -> anyhow::Result<Idle> {
    read(&app.canonicalize()?, true)
}

fn read(app: &Path, settled: bool) -> anyhow::Result<Idle> {
    let found = procs::app_processes(app)?;
    let pids: Vec<u32> = found.processes.iter().map(|p| p.pid).collect();
    let footprint = footprint::measure(&pids, &found.foreign)?;
    Ok(Idle {
        footprint,
        processes: found.processes,
        webkit_elsewhere: found.foreign.len(),
        settled,
    })
}
