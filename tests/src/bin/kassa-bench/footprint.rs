//! The app's memory as if it ran alone. PSS divides a shared page among every process
//! mapping it, so other programs with WebKitGTK loaded (another engineer's end-to-end test,
//! the WebKitWebDriver this bench launches through) make Kassa's PSS look smaller than on
//! a till. Through `/proc/<pid>/pagemap` and `/proc/kpagecount` (root only) this recomputes
//! PSS leaving those processes' mappings out, and also counts the app's distinct pages
//! (every page it maps counted whole, however widely shared: the upper bound).

use std::collections::HashMap;
use std::fs::File;
use std::io::{Read, Seek, SeekFrom};
use std::os::unix::fs::FileExt;

use anyhow::Context;

/// x86-64 and aarch64 Linux as shipped by Debian: 4 KiB base pages.
const PAGE_KIB: u64 = 4;
const PRESENT: u64 = 1 << 63;
const PFN_MASK: u64 = (1 << 55) - 1;
/// Pagemap entries read per call.
const CHUNK: usize = 8192;

#[derive(Debug, Clone)]
pub struct Footprint {
    /// PSS of the app's processes with the `foreign` processes' mappings left out, KiB.
    pub alone_pss_kib: u64,
    /// Distinct pages mapped by the app's processes, KiB.
    pub distinct_kib: u64,
    /// `alone_pss_kib` per process (pid, KiB), in the order given.
    pub by_process: Vec<(u32, u64)>,
    /// `alone_pss_kib` per mapped file (or `[anon]`, `[heap]`, ...) over all the app's
    /// processes, largest first.
    pub by_mapping: Vec<(String, u64)>,
}

/// A present page: its frame, the process and the `maps` name it is mapped under.
struct Page {
    frame: u64,
    process: usize,
    mapping: usize,
}

/// `None` when this process may not see page frame numbers (CAP_SYS_ADMIN is needed).
pub fn measure(app: &[u32], foreign: &[u32]) -> anyhow::Result<Option<Footprint>> {
    let mut names = Vec::new();
    let Some(app_pages) = pages_of(app, &mut names)? else {
        return Ok(None);
    };
    let mut foreign_maps: HashMap<u64, u64> = HashMap::new();
    for page in pages_of(foreign, &mut Vec::new())?.unwrap_or_default() {
        *foreign_maps.entry(page.frame).or_default() += 1;
    }
    let kpagecount = File::open("/proc/kpagecount").context("opening /proc/kpagecount")?;
    let mut mapcount: HashMap<u64, u64> = HashMap::new();
    let mut by_process = vec![0.0; app.len()];
    let mut by_mapping = vec![0.0; names.len()];
    for page in &app_pages {
        let count = match mapcount.get(&page.frame) {
            Some(count) => *count,
            None => {
                let mut entry = [0u8; 8];
                kpagecount.read_exact_at(&mut entry, page.frame * 8)?;
                let count = u64::from_le_bytes(entry);
                mapcount.insert(page.frame, count);
                count
            }
        };
        let others = foreign_maps.get(&page.frame).copied().unwrap_or(0);
        // Counts are read at slightly different moments: never divide by less than one.
        let share = 1.0 / count.saturating_sub(others).max(1) as f64;
        by_process[page.process] += share;
        by_mapping[page.mapping] += share;
    }
    let kib = |pages: f64| (pages * PAGE_KIB as f64).round() as u64;
    let mut by_mapping: Vec<(String, u64)> = names
        .into_iter()
        .zip(by_mapping)
        .map(|(name, pages)| (name, kib(pages)))
        .collect();
    by_mapping.sort_by_key(|(_, kib)| std::cmp::Reverse(*kib));
    Ok(Some(Footprint {
        alone_pss_kib: kib(by_process.iter().sum()),
        distinct_kib: mapcount.len() as u64 * PAGE_KIB,
        by_process: app
            .iter()
            .copied()
            .zip(by_process.into_iter().map(kib))
            .collect(),
        by_mapping,
    }))
}

/// Every present page of `pids`, one entry per mapping; `None` if frames read as 0.
/// `names` collects the mappings' names, which the pages index.
fn pages_of(pids: &[u32], names: &mut Vec<String>) -> anyhow::Result<Option<Vec<Page>>> {
    let mut pages = Vec::new();
    let mut index: HashMap<String, usize> = HashMap::new();
    for (process, pid) in pids.iter().enumerate() {
        // A process that exited since it was listed adds nothing.
        let Ok(maps) = std::fs::read_to_string(format!("/proc/{pid}/maps")) else {
            continue;
        };
        let Ok(mut pagemap) = File::open(format!("/proc/{pid}/pagemap")) else {
            continue;
        };
        for line in maps.lines() {
            let Some((start, end)) = readable_range(line) else {
                continue;
            };
            let name = mapping_name(line);
            let mapping = *index.entry(name.clone()).or_insert_with(|| {
                names.push(name);
                names.len() - 1
            });
            let mut frames = Vec::new();
            if !add_frames(&mut pagemap, start, end, &mut frames)? {
                return Ok(None);
            }
            pages.extend(frames.into_iter().map(|frame| Page {
                frame,
                process,
                mapping,
            }));
        }
    }
    Ok(Some(pages))
}

/// The file a `maps` line maps (its last path component), its `[name]`, or `[anon]`.
fn mapping_name(line: &str) -> String {
    match line.split_whitespace().nth(5) {
        Some(path) if path.starts_with('/') => path.rsplit('/').next().unwrap_or(path).to_string(),
        Some(other) => other.to_string(),
        None => "[anon]".to_string(),
    }
}

/// The address range of a `maps` line that can hold pages. `---p` reservations (JSC keeps
/// gigabytes of them) cannot, and `[vsyscall]` is not in the pagemap.
fn readable_range(line: &str) -> Option<(u64, u64)> {
    let mut fields = line.split_whitespace();
    let (start, end) = fields.next()?.split_once('-')?;
    let perms = fields.next()?;
    if perms.starts_with("---") || line.ends_with("[vsyscall]") {
        return None;
    }
    Some((
        u64::from_str_radix(start, 16).ok()?,
        u64::from_str_radix(end, 16).ok()?,
    ))
}

/// Adds the frames of the present pages in `start..end`; false if frames read as 0 (no
/// privilege to see them).
fn add_frames(
    pagemap: &mut File,
    start: u64,
    end: u64,
    frames: &mut Vec<u64>,
) -> anyhow::Result<bool> {
    let page = PAGE_KIB * 1024;
    let mut buf = vec![0u8; CHUNK * 8];
    let mut vpn = start / page;
    let last = end / page;
    while vpn < last {
        let n = ((last - vpn) as usize).min(CHUNK);
        pagemap.seek(SeekFrom::Start(vpn * 8))?;
        let bytes = &mut buf[..n * 8];
        if pagemap.read_exact(bytes).is_err() {
            return Ok(true); // the mapping went away while we read
        }
        for entry in bytes.chunks_exact(8) {
            let entry = u64::from_le_bytes(entry.try_into().context("8-byte entry")?);
            if entry & PRESENT != 0 {
                let frame = entry & PFN_MASK;
                if frame == 0 {
                    return Ok(false);
                }
                frames.push(frame);
            }
        }
        vpn += n as u64;
    }
    Ok(true)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mappings_are_named_by_file_or_kind() {
        let line =
            "7f00a000-7f00c000 r-xp 00000000 08:01 42   /usr/lib/x86_64/libwebkit2gtk-4.1.so.0";
        assert_eq!(mapping_name(line), "libwebkit2gtk-4.1.so.0");
        assert_eq!(
            mapping_name("55d0-55e0 rw-p 00000000 00:00 0   [heap]"),
            "[heap]"
        );
        assert_eq!(mapping_name("7f00-7f10 rw-p 00000000 00:00 0"), "[anon]");
    }

    #[test]
    fn reservations_and_vsyscall_hold_no_pages() {
        assert_eq!(
            readable_range("7f00a000-7f00c000 r-xp 00000000 08:01 42 /usr/lib/libx.so"),
            Some((0x7f00a000, 0x7f00c000))
        );
        assert_eq!(
            readable_range("7f0000000000-7f1000000000 ---p 00000000 00:00 0"),
            None
        );
        assert_eq!(
            readable_range("ffffffffff600000-ffffffffff601000 --xp 00000000 00:00 0  [vsyscall]"),
            None
        );
        assert_eq!(readable_range("garbage"), None);
    }

    #[test]
    fn a_process_alone_weighs_its_distinct_pages_at_most() {
        let me = std::process::id();
        let Some(alone) = measure(&[me], &[]).unwrap() else {
            return; // not privileged to see frames: nothing to compare
        };
        assert!(alone.alone_pss_kib > 0);
        // Shared libraries are divided among their other mappers, never counted twice.
        assert!(alone.alone_pss_kib <= alone.distinct_kib);
        // The splits add up to the whole (give or take rounding).
        let by_process: u64 = alone.by_process.iter().map(|(_, kib)| kib).sum();
        let by_mapping: u64 = alone.by_mapping.iter().map(|(_, kib)| kib).sum();
        assert!(by_process.abs_diff(alone.alone_pss_kib) <= 4);
        assert!(by_mapping.abs_diff(alone.alone_pss_kib) <= 4 * alone.by_mapping.len() as u64);
    }

    #[test]
    fn leaving_a_process_out_moves_its_shared_pages_to_the_rest() {
        let me = std::process::id();
        let Some(with_me) = measure(&[me], &[]).unwrap() else {
            return;
        };
        // Leaving mappers out (here: itself, as if it were a second copy) only ever makes
        // a shared page weigh more, never less.
        let without_sharing = measure(&[me], &[me]).unwrap().unwrap();
        assert!(without_sharing.alone_pss_kib >= with_me.alone_pss_kib);
    }
}
