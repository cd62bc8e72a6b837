//! Where the journal export can be saved: the till's own export folder and every USB stick
//! (or other removable disk) the desktop has mounted. The screen offers these and nothing
//! else, so the web view never names a path of its own.

use std::path::{Path, PathBuf};

use serde::Serialize;

/// A folder the export can go to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(
    feature = "ts",
    derive(ts_rs::TS),
    ts(rename = "ExportDestination", export_to = "ExportDestination.ts")
)]
pub struct Destination {
    /// The folder, as the screen shows it and sends it back.
    pub path: String,
    /// A USB stick or other removable disk, not the till's own folder.
    pub removable: bool,
}

/// The desktop's mount points for removable disks: `/media/<user>/<disk>` (Debian, Ubuntu)
/// and `/run/media/<user>/<disk>` (udisks2 elsewhere).
pub fn mount_roots() -> Vec<PathBuf> {
    let user = std::env::var("USER").unwrap_or_default();
    let mut roots = vec![PathBuf::from("/media"), PathBuf::from("/run/media")];
    if !user.is_empty() {
        roots.insert(0, PathBuf::from("/run/media").join(&user));
        roots.insert(0, PathBuf::from("/media").join(&user));
    }
    roots
}

/// `own` first, then every writable folder directly under one of `roots` (a mounted disk);
/// `own` is made if missing.
pub fn destinations(own: &Path, roots: &[PathBuf]) -> Vec<Destination> {
    let _ = std::fs::create_dir_all(own);
    let mut out = vec![Destination {
        path: own.display().to_string(),
        removable: false,
    }];
    for root in roots {
        let Ok(dir) = std::fs::read_dir(root) else {
            continue;
        };
        let mut found: Vec<PathBuf> = dir
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.is_dir() && !roots.contains(p) && writable(p))
            .collect();
        found.sort();
        for p in found {
            let path = p.display().to_string();
            if !out.iter().any(|d| d.path == path) {
                out.push(Destination {
                    path,
                    removable: true,
                });
            }
        }
    }
    out
}

fn writable(dir: &Path) -> bool {
    std::fs::metadata(dir).is_ok_and(|m| !m.permissions().readonly())
}

/// The destination the screen chose, if it is one of those offered now.
pub fn chosen(offered: &[Destination], path: &str) -> Option<PathBuf> {
    offered
        .iter()
        .find(|d| d.path == path)
        .map(|d| PathBuf::from(&d.path))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_own_folder_and_each_mounted_disk_and_nothing_else() {
        let dir = tempfile::tempdir().unwrap();
        let own = dir.path().join("Dokument/Kassa/Skatteverket");
        let media = dir.path().join("media/anna");
        std::fs::create_dir_all(media.join("USB-STICK")).unwrap();
        std::fs::create_dir_all(media.join("KINGSTON")).unwrap();
        std::fs::write(media.join("not-a-disk"), b"").unwrap();
        let offered = destinations(&own, &[media.clone(), dir.path().join("run/media")]);
        assert!(own.is_dir(), "the own folder is made");
        let paths: Vec<&str> = offered.iter().map(|d| d.path.as_str()).collect();
        assert_eq!(
            paths,
            [
                own.display().to_string(),
                media.join("KINGSTON").display().to_string(),
                media.join("USB-STICK").display().to_string(),
            ]
        );
        assert!(!offered[0].removable && offered[1].removable);
        assert_eq!(
            chosen(&offered, &offered[2].path),
            Some(media.join("USB-STICK"))
        );
        assert_eq!(chosen(&offered, "/etc"), None, "only what was offered");
    }
}
