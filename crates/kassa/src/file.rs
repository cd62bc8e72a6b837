//! Files the till writes for the cashier (a catalogue export, a receipt or report as PDF):
//! written aside, synced and renamed, so a file that is there is whole.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::Path;

use crate::error::{Error, Result};

/// Writes `path` through `write`: into `.<name>.part` next to it, synced to disk, then renamed
/// over `path`. On any failure the part is removed and nothing is left at `path`.
pub fn write_whole<T>(path: &Path, write: impl FnOnce(&mut dyn Write) -> Result<T>) -> Result<T> {
    let dir = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir)?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let part = dir.join(format!(".{name}.part"));
    let written = File::create(&part)
        .map_err(Error::from)
        .and_then(|file| {
            let mut out = BufWriter::new(file);
            let value = write(&mut out)?;
            let file = out.into_inner().map_err(|e| Error::Io(e.into_error()))?;
            file.sync_all()?;
            Ok(value)
        })
        .and_then(|value| {
            std::fs::rename(&part, path)?;
            Ok(value)
        });
    if written.is_err() {
        // Best effort: the error that matters is the one returned.
        let _ = std::fs::remove_file(&part);
    }
    written
}
