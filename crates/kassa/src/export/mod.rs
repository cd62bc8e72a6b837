//! The journal exported as Skatteverket wants it from 2027-01-01 (SKVFS 2021:16): one XML
//! file of a period and a set of registers, a header naming who exported what from where,
//! then one `Handelse` per registration in time order: receipts, return receipts, copies,
//! training receipts, X and Z reports and the lines of sales given up.
//!
//! - [`xml`]: elements in the schema's types, written straight to the file.
//! - [`receipt`]: a journal entry as its receipt event.
//! - [`report`]: a stored X or Z report as its event.
//! - `header`: who exports what from where; `read`: the codes, Z numbers, registers, copies
//!   and reports read beside the entries.
//! - [`destination`]: the folders the screen may save it to (the till's own, USB sticks).
//!
//! The file is streamed: a year of a busy shop is read entry by entry and never held in
//! memory. It is written under a temporary name beside the target and renamed only once
//! complete and on disk, so a failed export leaves nothing under the final name.

pub mod destination;
mod header;
mod read;
mod receipt;
mod report;
pub mod xml;

use std::collections::HashMap;
use std::io::Write;
use std::path::{Path, PathBuf};

use jiff::Timestamp;
use jiff::civil::Date;
use rusqlite::{Connection, params};
use serde::Serialize;

use crate::control_unit::{ControlStamp, Print};
use crate::error::{Error, Result};
use crate::identity::{RegisterIdentity, register_designation};
use crate::journal::{Entry, PaymentMethod};
use crate::receipt::Shop;
use crate::storage::Db;
use read::{Side, Timed, chosen_registers, side_events, unit_ids, z_numbers};
use receipt::{ReceiptContext, ReceiptEvent};
use xml::Xml;

/// What to export.
#[derive(Debug, Clone)]
pub struct ExportRequest {
    /// First and last Swedish day, both included.
    pub from: Date,
    pub to: Date,
    /// Register ids; empty: every register the journal has.
    pub registers: Vec<String>,
    /// Who is logged in and exports (optional in the file).
    pub exported_by: String,
    pub at: Timestamp,
}

/// What the export wrote.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export_to = "ExportSummary.ts"))]
pub struct ExportSummary {
    /// Where the file is.
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub path: PathBuf,
    /// `Handelse` elements written; 0 for a period with no registrations.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub events: u64,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub receipts: u64,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub returns: u64,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub copies: u64,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub training: u64,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub reports: u64,
    /// Parkings and recalls of parked sales.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub parkings: u64,
    /// Lines of sales given up, each a `RaderaRegistreradArtikel`.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub cancelled_lines: u64,
    /// Invoice sales (and their returns and copies): outside the register rules, left out of
    /// the file with a comment naming each.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub invoice_receipts_left_out: u64,
    /// What the reader of the file must know, in English (integrity, missing codes).
    pub warnings: Vec<String>,
}

impl ExportSummary {
    /// `84 registrations: 69 receipts, 3 returns, …`, as the command line and the bench say it.
    pub fn counts(&self) -> String {
        format!(
            "{} registrations: {} receipts, {} returns, {} copies, {} training receipts, {} reports, {} parkings and recalls, {} lines of sales given up",
            self.events,
            self.receipts,
            self.returns,
            self.copies,
            self.training,
            self.reports,
            self.parkings,
            self.cancelled_lines
        )
    }
}

/// `ExportAvDataFranJournalminneEnligtSKVFS2021-16_20270101-20271231.xml`.
pub fn file_name(from: Date, to: Date) -> String {
    format!(
        "{}_{}-{}.xml",
        xml::ROOT,
        from.strftime("%Y%m%d"),
        to.strftime("%Y%m%d")
    )
}

fn failed(why: impl std::fmt::Display) -> Error {
    Error::ExportFailed(why.to_string())
}

impl Db {
    /// Exports `req` to `out` (a file, or a folder that gets [`file_name`]). The journal is
    /// checked first; a journal that fails the check is still exported, the failure named in
    /// the file and in [`ExportSummary::warnings`].
    pub fn export_journal(&self, req: &ExportRequest, out: &Path) -> Result<ExportSummary> {
        if req.from > req.to {
            return Err(failed(format!(
                "The period starts {} after it ends {}; choose a start on or before the end.",
                req.from, req.to
            )));
        }
        let target = if out.is_dir() {
            out.join(file_name(req.from, req.to))
        } else {
            out.to_path_buf()
        };
        let dir = match target.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        // Nothing is made where the folder is gone (a USB stick pulled out).
        if !dir.is_dir() {
            return Err(failed(format!(
                "The export cannot be written in {}: it is not a folder. Choose another folder or insert the USB stick again.",
                dir.display()
            )));
        }
        // A year of a busy shop is read once, front to back: a small page cache and no mmap
        // keep the export's memory flat however big the journal is.
        let _lean = LeanReads::begin(self.conn())?;
        let mut summary = ExportSummary::default();
        let (path, key) = (self.path(), self.journal_key());
        crate::file::write_whole(&target, |out| {
            // The whole chain is checked on the other core, on a connection of its own, while
            // this one writes; what it finds ends the file and heads the summary's warnings.
            let (written, checked) = std::thread::scope(|scope| {
                let check = scope.spawn(move || crate::journal::verify_file(path, key));
                let written = (|| {
                    // Tags are written a few bytes at a time: buffered here, where the
                    // writes are inlined, not behind `dyn Write`.
                    let mut x = Xml::begin(std::io::BufWriter::with_capacity(64 * 1024, out))?;
                    self.write_export(&mut x, req, &mut summary)?;
                    Ok::<_, Error>(x)
                })();
                let checked = check.join().unwrap_or_else(|_| {
                    Err(Error::Internal("the integrity check stopped".into()))
                });
                (written, checked)
            });
            let mut x = written?;
            let mut warnings: Vec<String> = match checked {
                Ok(report) => report.caveat().into_iter().collect(),
                Err(e) => vec![format!(
                    "The journal failed its integrity check, so registrations in this file may have been changed outside Kassa: {e}"
                )],
            };
            for w in &warnings {
                x.comment(&format!("VARNING / WARNING: {w}"))?;
            }
            warnings.append(&mut summary.warnings);
            summary.warnings = warnings;
            x.finish()?.flush()?;
            Ok(())
        })
        .map_err(|e| match e {
            Error::Io(e) => write_failed(&dir, e),
            other => other,
        })?;
        summary.path = target;
        Ok(summary)
    }

    fn write_export<W: Write>(
        &self,
        x: &mut Xml<W>,
        req: &ExportRequest,
        summary: &mut ExportSummary,
    ) -> Result<()> {
        let shop = self.shop()?;
        let settings = self.till_settings()?;
        let identity = self.register_identity()?;
        // One read transaction: the file is one moment of the journal.
        let tx = self.conn().unchecked_transaction()?;
        let conn: &Connection = &tx;
        let registers = chosen_registers(conn, req, &settings.register_id)?;
        let units = unit_ids(conn)?;
        let org_number: String = shop
            .org_number
            .chars()
            .filter(char::is_ascii_digit)
            .collect();
        let io = |e: std::io::Error| failed(format!("The export could not be written: {e}."));

        header::header(
            x,
            req,
            &shop,
            &org_number,
            &identity,
            &settings.register_id,
            &registers,
            &units,
        )
        .map_err(io)?;

        let shared = Shared {
            shop: &shop,
            org_number: &org_number,
            identity: &identity,
            z_numbers: z_numbers(conn)?,
            units: &units,
            articles: read::articles(conn)?,
        };
        let mut sides = side_events(conn, req, &registers, &settings.register_id)?;
        sides.reverse();
        let mut list = List::default();
        let mut entries = conn.prepare(
            "SELECT id FROM journal_entry WHERE sale_date BETWEEN ?1 AND ?2 ORDER BY id",
        )?;
        let mut rows = entries.query(params![req.from.to_string(), req.to.to_string()])?;
        while let Some(row) = rows.next()? {
            let id: i64 = row.get(0)?;
            let entry = self.journal().entry(id)?;
            if !registers.contains(&entry.register_id) {
                continue;
            }
            while sides.last().is_some_and(|s| s.at < entry.registered_at) {
                let side = sides.pop().expect("checked");
                write_side(x, self, &side, &shared, &mut list, summary)
                    .map_err(|e| e.into_error(io))?;
            }
            let c = context(&shared, &entry);
            write_entry(x, self, &entry, &c, &mut list, summary).map_err(|e| e.into_error(io))?;
        }
        while let Some(side) = sides.pop() {
            write_side(x, self, &side, &shared, &mut list, summary)
                .map_err(|e| e.into_error(io))?;
        }
        if list.open {
            x.close("RegistreringLISTA").map_err(io)?;
        } else {
            x.comment("Inga registreringar under perioden / No registrations in the period")
                .map_err(io)?;
            x.empty("RegistreringLISTA").map_err(io)?;
        }
        summary.events = list.events;
        if !list.unsigned.is_empty() {
            summary.warnings.push(format!(
                "{} receipts have no control code (receipts {}): registered before a control unit signed them",
                list.unsigned.len(),
                ranges(&list.unsigned)
            ));
        }
        Ok(())
    }
}

/// What every event of one export shares.
struct Shared<'a> {
    shop: &'a Shop,
    org_number: &'a str,
    identity: &'a RegisterIdentity,
    /// The Z report closing each (register, day).
    z_numbers: HashMap<(String, String), i64>,
    /// The newest control unit of each register.
    units: &'a HashMap<String, String>,
    articles: receipt::Articles,
}

fn write_side<W: Write>(
    x: &mut Xml<W>,
    db: &Db,
    side: &Timed,
    shared: &Shared<'_>,
    list: &mut List,
    summary: &mut ExportSummary,
) -> std::result::Result<(), Failure> {
    let Shared {
        shop,
        org_number,
        identity,
        ..
    } = *shared;
    let designation = register_designation(&side.register_id);
    match &side.side {
        Side::Report(report) => {
            list.begin(x, None, &designation, side.at)?;
            report::day_report(x, report, shop, org_number, &designation, identity)?;
            list.end(x)?;
            summary.reports += 1;
        }
        Side::Parking { parked_id, cart } => {
            let id = parked_id.to_string();
            match cart {
                None => {
                    list.begin(x, None, &designation, side.at)?;
                    x.open("OppnaParkering")?;
                    x.leaf("IdentitetsbeteckningPaParkering", &id)?;
                    x.close("OppnaParkering")?;
                    list.end(x)?;
                }
                Some(cart) => {
                    let vat = crate::vat::VatTable::sweden();
                    let day = crate::vat::sale_date(side.at);
                    // A cart that can no longer be priced has nothing to show.
                    let Ok(totals) = cart.totals(&vat, day) else {
                        return Ok(());
                    };
                    for l in &totals.lines {
                        list.begin(x, None, &designation, side.at)?;
                        receipt::parked_line(x, &shared.articles, l, &id)?;
                        list.end(x)?;
                    }
                }
            }
            summary.parkings += 1;
        }
        Side::Copy { entry_id } => {
            let entry = db.journal().entry(*entry_id)?;
            if left_out(&entry) {
                x.comment(&format!(
                    "Kopia av kvitto {}: fakturaförsäljning, utanför kassaregisterreglerna",
                    entry.receipt_number
                ))?;
                return Ok(());
            }
            let c = context(shared, &entry);
            let own = stamp(db, entry.id, Print::Copy)?;
            let original = stamp(db, entry.id, Print::Original)?;
            list.begin(x, Some(&entry.cashier), &designation, side.at)?;
            if entry.training {
                receipt::receipt(x, &c, &entry, ReceiptEvent::Training, None, None)?;
            } else {
                receipt::copy(x, &c, &entry, side.at, own.as_ref(), original.as_ref())?;
            }
            list.end(x)?;
            summary.copies += 1;
        }
    }
    Ok(())
}

/// The connection's cache and mmap set small while the export reads, put back after.
struct LeanReads<'a> {
    conn: &'a Connection,
    cache_size: i64,
    mmap_size: i64,
}

impl<'a> LeanReads<'a> {
    fn begin(conn: &'a Connection) -> Result<LeanReads<'a>> {
        let cache_size = conn.query_row("PRAGMA cache_size", [], |r| r.get(0))?;
        let mmap_size = conn.query_row("PRAGMA mmap_size", [], |r| r.get(0))?;
        conn.pragma_update(None, "cache_size", -4096)?;
        conn.pragma_update_and_check(None, "mmap_size", 0, |_| Ok(()))?;
        Ok(LeanReads {
            conn,
            cache_size,
            mmap_size,
        })
    }
}

impl Drop for LeanReads<'_> {
    fn drop(&mut self) {
        let _ = self.conn.pragma_update(None, "cache_size", self.cache_size);
        let _ = self
            .conn
            .pragma_update_and_check(None, "mmap_size", self.mmap_size, |_| Ok(()));
    }
}

/// An I/O failure of the file or a failure reading the journal.
enum Failure {
    Io(std::io::Error),
    Journal(Error),
}

impl From<std::io::Error> for Failure {
    fn from(e: std::io::Error) -> Failure {
        Failure::Io(e)
    }
}

impl From<Error> for Failure {
    fn from(e: Error) -> Failure {
        Failure::Journal(e)
    }
}

impl From<rusqlite::Error> for Failure {
    fn from(e: rusqlite::Error) -> Failure {
        Failure::Journal(e.into())
    }
}

impl Failure {
    fn into_error(self, io: impl Fn(std::io::Error) -> Error) -> Error {
        match self {
            Failure::Io(e) => io(e),
            Failure::Journal(e) => e,
        }
    }
}

fn write_failed(dir: &Path, e: std::io::Error) -> Error {
    failed(format!(
        "The export could not be written in {}: {e}. Nothing was saved; free some space or choose another folder.",
        dir.display()
    ))
}

/// `RegistreringLISTA`, opened at its first `Handelse` so that an empty period can say so.
#[derive(Default)]
struct List {
    open: bool,
    events: u64,
    /// Receipt numbers written without a control code.
    unsigned: Vec<i64>,
}

/// `1-3, 7, 9-10`.
fn ranges(numbers: &[i64]) -> String {
    let mut out: Vec<String> = Vec::new();
    let mut i = 0;
    while i < numbers.len() {
        let mut j = i;
        while j + 1 < numbers.len() && numbers[j + 1] == numbers[j] + 1 {
            j += 1;
        }
        out.push(if i == j {
            numbers[i].to_string()
        } else {
            format!("{}-{}", numbers[i], numbers[j])
        });
        i = j + 1;
    }
    out.join(", ")
}

impl List {
    fn begin<W: Write>(
        &mut self,
        x: &mut Xml<W>,
        user: Option<&str>,
        designation: &str,
        at: Timestamp,
    ) -> std::io::Result<()> {
        if !self.open {
            x.open("RegistreringLISTA")?;
            self.open = true;
        }
        x.open("Handelse")?;
        if let Some(u) = user {
            x.optional_text("InloggadAnvandare", u)?;
        }
        x.text("Kassabeteckning", designation)?;
        x.time("Registreringstidpunkt", at)
    }

    fn end<W: Write>(&mut self, x: &mut Xml<W>) -> std::io::Result<()> {
        self.events += 1;
        x.close("Handelse")
    }
}

/// Invoice sales are outside the register rules and carry no control code.
fn left_out(entry: &Entry) -> bool {
    !entry.training
        && matches!(
            entry.payment_method,
            Some(PaymentMethod::Invoice | PaymentMethod::Instalments)
        )
}

/// The unit's answer for one print of an entry, if it signed.
fn stamp(db: &Db, entry_id: i64, print: Print) -> Result<Option<ControlStamp>> {
    Ok(db
        .control_registration(entry_id, print)?
        .and_then(|r| r.signed))
}

fn context<'a>(shared: &'a Shared<'a>, entry: &Entry) -> ReceiptContext<'a> {
    ReceiptContext {
        shop: shared.shop,
        org_number: shared.org_number,
        designation: register_designation(&entry.register_id),
        z_number: shared
            .z_numbers
            .get(&(entry.register_id.clone(), entry.sale_date.to_string()))
            .copied()
            .unwrap_or(0),
        unit_id: shared.units.get(&entry.register_id).map(String::as_str),
        articles: &shared.articles,
    }
}

fn write_entry<W: Write>(
    x: &mut Xml<W>,
    db: &Db,
    entry: &Entry,
    c: &ReceiptContext<'_>,
    list: &mut List,
    summary: &mut ExportSummary,
) -> std::result::Result<(), Failure> {
    if left_out(entry) {
        summary.invoice_receipts_left_out += 1;
        x.comment(&format!(
            "Kvitto {}: fakturaförsäljning, utanför kassaregisterreglerna / invoice sale, outside the register rules",
            entry.receipt_number
        ))?;
        return Ok(());
    }
    let Some(event) = ReceiptEvent::of(entry) else {
        for line in &entry.lines {
            list.begin(x, Some(&entry.cashier), &c.designation, entry.registered_at)?;
            receipt::cancelled_line(x, c.articles, entry, line)?;
            list.end(x)?;
            summary.cancelled_lines += 1;
        }
        return Ok(());
    };
    let stamp = stamp(db, entry.id, Print::Original)?;
    if stamp.is_none() && event != ReceiptEvent::Training && entry.total != crate::Ore::ZERO {
        x.comment(&format!(
            "Kvitto {} saknar kontrollkod / receipt {} has no control code",
            entry.receipt_number, entry.receipt_number
        ))?;
        list.unsigned.push(entry.receipt_number);
    }
    let original = match (event, entry.original_entry_id) {
        (ReceiptEvent::Return, Some(id)) => Some(db.journal().entry(id)?.receipt_number),
        _ => None,
    };
    list.begin(x, Some(&entry.cashier), &c.designation, entry.registered_at)?;
    receipt::receipt(x, c, entry, event, original, stamp.as_ref())?;
    list.end(x)?;
    match event {
        ReceiptEvent::Sale => summary.receipts += 1,
        ReceiptEvent::Return => summary.returns += 1,
        ReceiptEvent::Training => summary.training += 1,
    }
    Ok(())
}
