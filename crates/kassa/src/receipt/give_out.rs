//! Giving a receipt out: the receipt-once rule and the one way a document leaves the till.
//! The original is made once (at registration, see [`Db::make_original`]) and the one copy
//! (KOPIA) once; giving either out again rebuilds it from the journal and records nothing.
//! That the original really went out is recorded apart ([`Db::record_handed_out`]).
//!
//! Preparing ([`Db::to_give_out`]) needs the database; sending ([`send`]) does not, so the
//! caller lets the database go while a printer takes its time.

use std::path::{Path, PathBuf};

use jiff::Timestamp;

use super::{AfterSale, HandedOut, Receipt, ReceiptOptions};
use crate::error::{Error, Result};
use crate::file::write_whole;
use crate::journal::{Entry, PrintKind};
use crate::receipt::Layout;
use crate::settings::{TillSettings, output_folder};
use crate::storage::Db;

/// Where receipts saved as PDF go (under Documents/Kassa for the till in the OS data folder).
pub const RECEIPT_FOLDER: &str = "kvitton";

/// Where reports saved as PDF go.
pub const REPORT_FOLDER: &str = "rapporter";

/// How a document goes out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Output {
    /// ESC/POS (or CUPS) to the printer in the till's settings.
    Print,
    /// A PDF file in the till's documents folder.
    Pdf,
}

impl Output {
    /// The output the after-sale default asks for: none for [`AfterSale::None`].
    pub fn after_sale(after_sale: AfterSale) -> Option<Output> {
        match after_sale {
            AfterSale::Print => Some(Output::Print),
            AfterSale::Pdf => Some(Output::Pdf),
            AfterSale::None => None,
        }
    }
}

/// What became of a document sent out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Sent {
    Printed,
    Saved(PathBuf),
    /// Nothing printed or saved: the after-sale default is none, the screen shows it.
    Shown,
}

/// Which receipt of an entry is given out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Which {
    Original,
    /// The copy already made (never another).
    Copy,
}

/// Sends `layout` out: to the configured printer, or as `<stem>.pdf` in `folder` (see
/// [`output_folder`]), written whole or not at all. Call without holding the database: a
/// printer may take seconds to answer.
pub fn send(
    layout: &Layout,
    output: Output,
    settings: &TillSettings,
    db_path: &Path,
    folder: &str,
    stem: &str,
) -> Result<Sent> {
    match output {
        Output::Print => {
            let Some(printer) = &settings.printer else {
                return Err(Error::PrintFailed(
                    "No printer is set up; choose one in Settings, or save the receipt as PDF."
                        .into(),
                ));
            };
            printer.print(layout, settings.paper)?;
            Ok(Sent::Printed)
        }
        Output::Pdf => {
            let bytes = super::pdf::render(layout)?;
            let dir = output_folder(db_path, folder);
            let path = dir.join(format!("{stem}.pdf"));
            write_whole(&path, |out| Ok(out.write_all(&bytes)?)).map_err(|e| {
                Error::Io(std::io::Error::other(format!(
                    "the PDF could not be saved in {}: {e}",
                    dir.display()
                )))
            })?;
            Ok(Sent::Saved(path))
        }
    }
}

/// How a receipt given out is made: in the till's language, with the QR code if wanted, and
/// the words for an electronic receipt on a PDF.
pub fn receipt_options(settings: &TillSettings, electronic: bool) -> ReceiptOptions {
    ReceiptOptions {
        language: settings.language,
        electronic,
        qr: settings.receipt_qr,
    }
}

/// `kvitto-12`, or `ovning-kvitto-12` for the training series.
pub fn stem(entry: &Entry) -> String {
    let prefix = if entry.training { "ovning-" } else { "" };
    format!("{prefix}kvitto-{}", entry.receipt_number)
}

/// A receipt ready to go out, built while the database was held.
#[derive(Debug, Clone)]
pub struct ToGiveOut {
    pub entry: Entry,
    pub which: Which,
    pub receipt: Receipt,
    pub settings: TillSettings,
    pub after_sale: AfterSale,
    /// The original went out before (printed, saved or shown).
    pub original_handed_out: bool,
    db_path: PathBuf,
}

impl ToGiveOut {
    /// The file name without `.pdf`: `kvitto-12`, `kvitto-12-kopia`.
    pub fn stem(&self) -> String {
        match self.which {
            Which::Original => stem(&self.entry),
            Which::Copy => format!("{}-kopia", stem(&self.entry)),
        }
    }

    /// Sends the receipt out; the database is not needed.
    pub fn send(&self, output: Output) -> Result<Sent> {
        send(
            &self.receipt.layout(),
            output,
            &self.settings,
            &self.db_path,
            RECEIPT_FOLDER,
            &self.stem(),
        )
    }
}

impl Db {
    /// Makes the original receipt of `entry_id` (recorded in the journal) unless it was made
    /// already; the checkout engine calls it when it registers the sale.
    pub fn make_original(&self, entry_id: i64, at: Timestamp) -> Result<()> {
        if self.original_made(entry_id)? {
            return Ok(());
        }
        let options = receipt_options(&self.till_settings()?, false);
        self.receipt_original(entry_id, options, at).map(drop)
    }

    fn original_made(&self, entry_id: i64) -> Result<bool> {
        Ok(self
            .journal()
            .prints(entry_id)?
            .iter()
            .any(|p| p.kind == PrintKind::Original))
    }

    /// The original of `entry_id`: made now (and recorded) if it never was, else the same
    /// document rebuilt from the journal without recording anything.
    pub fn original(
        &self,
        entry_id: i64,
        options: ReceiptOptions,
        at: Timestamp,
    ) -> Result<Receipt> {
        if !self.original_made(entry_id)? {
            return self.receipt_original(entry_id, options, at);
        }
        let entry = self.journal().entry(entry_id)?;
        self.receipt_doc(&entry, options, false)
    }

    /// The receipt of `entry_id` to give out as `output` (electronic words on a PDF): the
    /// original (made now if it never was, e.g. a return's) or the copy already made.
    pub fn to_give_out(
        &self,
        entry_id: i64,
        which: Which,
        output: Option<Output>,
        at: Timestamp,
    ) -> Result<ToGiveOut> {
        let entry = self.journal().entry(entry_id)?;
        let settings = self.till_settings()?;
        let options = receipt_options(&settings, output == Some(Output::Pdf));
        let receipt = match which {
            Which::Original => self.original(entry_id, options, at)?,
            Which::Copy => self.receipt_copy_again(entry_id, options)?,
        };
        Ok(ToGiveOut {
            original_handed_out: self.original_handed_out(entry_id)?,
            after_sale: self.shop()?.after_sale,
            entry,
            which,
            receipt,
            settings,
            db_path: self.path().to_path_buf(),
        })
    }

    /// Records that the original in `given` went out as `sent` says; a copy records nothing.
    pub fn record_given_out(&self, given: &ToGiveOut, sent: &Sent, at: Timestamp) -> Result<()> {
        if given.which == Which::Copy {
            return Ok(());
        }
        let how = match sent {
            Sent::Printed => HandedOut::Print,
            Sent::Saved(_) => HandedOut::Pdf,
            Sent::Shown => HandedOut::Screen,
        };
        self.record_handed_out(given.entry.id, how, at)
    }
}
