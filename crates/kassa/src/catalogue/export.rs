//! CSV export of the catalogue, to a writer or to a file in the user's Downloads folder.

use std::collections::HashMap;
use std::io::Write;
use std::path::{Path, PathBuf};

use jiff::Timestamp;
use jiff::tz::TimeZone;

use super::Catalogue;
use super::csv_guard::guard;
use super::csv_io::HEADER;
use crate::error::{Error, Result};
use crate::file::write_whole;

/// Where an export goes when nothing else is said: Downloads, else Documents, else home.
pub fn export_folder() -> Result<PathBuf> {
    let dirs = directories::UserDirs::new().ok_or(Error::NoDataFolder)?;
    Ok(dirs
        .download_dir()
        .or(dirs.document_dir())
        .unwrap_or(dirs.home_dir())
        .to_path_buf())
}

impl Catalogue<'_> {
    /// Writes every product as `;`-separated CSV with decimal commas; returns the row count.
    /// Inactive products and categories are exported too, so the file restores the catalogue.
    /// Text that a spreadsheet would run as a formula is written with a `'` in front.
    pub fn export_csv(&self, output: impl Write) -> Result<usize> {
        let categories: HashMap<i64, String> = self
            .all_categories()?
            .into_iter()
            .map(|c| (c.id, c.name))
            .collect();
        let mut writer = csv::WriterBuilder::new()
            .delimiter(b';')
            .from_writer(output);
        let csv_err = |e: csv::Error| Error::Io(std::io::Error::other(e));
        writer.write_record(HEADER).map_err(csv_err)?;
        let products = self.products()?;
        for p in &products {
            let price = p.price.get();
            writer
                .write_record([
                    guard(&p.name),
                    format!("{},{:02}", price / 100, price % 100),
                    p.vat_class.key().to_owned(),
                    p.category_id
                        .and_then(|id| categories.get(&id))
                        .map_or_else(String::new, |c| guard(c)),
                    p.barcode
                        .as_ref()
                        .map(|b| b.as_str().to_owned())
                        .unwrap_or_default(),
                    p.sku.as_deref().map_or_else(String::new, guard),
                    if p.active { "1" } else { "0" }.to_owned(),
                    p.sort_order.to_string(),
                    p.article.key().to_owned(),
                ])
                .map_err(csv_err)?;
        }
        writer.flush()?;
        Ok(products.len())
    }

    /// Exports into a new file `kassa-katalog-<date>-<time>.csv` in `folder` (Swedish time
    /// of `at`); returns its path and the row count. The file is written under a temporary
    /// name and renamed, so a failed export never leaves half a catalogue behind.
    pub fn export_csv_file(&self, folder: &Path, at: Timestamp) -> Result<(PathBuf, usize)> {
        let tz = TimeZone::get("Europe/Stockholm").unwrap_or(TimeZone::UTC);
        let stamp = tz.to_datetime(at).strftime("%Y-%m-%d-%H%M%S").to_string();
        let path = folder.join(format!("kassa-katalog-{stamp}.csv"));
        let rows = write_whole(&path, |out| self.export_csv(out))?;
        Ok((path, rows))
    }
}
