//! `kassa-admin --db FILE journal export …` and `report z …`: the journal as Skatteverket's
//! XML and the stored Z reports, from a till file.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::Subcommand;
use jiff::civil::Date;
use kassa::Db;
use kassa::export::ExportRequest;
use kassa::report::ReportKind;

#[derive(Subcommand)]
pub enum JournalCommand {
    /// Export a period as SKVFS 2021:16 XML.
    Export {
        /// First day, YYYY-MM-DD (Swedish time).
        #[arg(long)]
        from: Date,
        /// Last day, YYYY-MM-DD, included.
        #[arg(long)]
        to: Date,
        /// The XML file, or a folder to put `ExportAvDataFranJournalminneEnligtSKVFS2021-16_<from>-<to>.xml` in.
        #[arg(long)]
        out: PathBuf,
        /// A register to export (repeat for more); default: every register in the file.
        #[arg(long = "register")]
        registers: Vec<String>,
        /// Who exports, written in the file's header.
        #[arg(long, default_value = "kassa-admin")]
        user: String,
    },
}

#[derive(Subcommand)]
pub enum ReportCommand {
    /// The stored Z report of a day.
    Z {
        /// The day, YYYY-MM-DD.
        #[arg(long)]
        date: Date,
        /// The register; default: the till's own.
        #[arg(long)]
        register: Option<String>,
        /// Print the report as JSON.
        #[arg(long)]
        json: bool,
    },
}

/// Opens an existing till file; a missing one is an error, not a new empty till.
fn open(db: Option<PathBuf>) -> Result<Db, String> {
    let path = db.ok_or("name the till file with --db FILE")?;
    if !Path::new(&path).is_file() {
        return Err(format!("no till file at {}", path.display()));
    }
    Db::open(&path).map_err(|e| format!("{}: {e}", path.display()))
}

pub fn journal(db: Option<PathBuf>, command: JournalCommand) -> Result<ExitCode, String> {
    let JournalCommand::Export {
        from,
        to,
        out,
        registers,
        user,
    } = command;
    let db = open(db)?;
    let request = ExportRequest {
        from,
        to,
        registers,
        exported_by: user,
        at: jiff::Timestamp::now(),
    };
    let summary = db
        .export_journal(&request, &out)
        .map_err(|e| e.to_string())?;
    println!("wrote {}", summary.path.display());
    if summary.events == 0 {
        println!("no registrations from {from} to {to}: the file's list is empty");
    } else {
        println!("{}", summary.counts());
    }
    if summary.invoice_receipts_left_out > 0 {
        println!(
            "{} invoice sales left out (outside the register rules; named in the file)",
            summary.invoice_receipts_left_out
        );
    }
    for w in &summary.warnings {
        eprintln!("warning: {w}");
    }
    Ok(if summary.warnings.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

pub fn report(db: Option<PathBuf>, command: ReportCommand) -> Result<ExitCode, String> {
    let ReportCommand::Z {
        date,
        register,
        json,
    } = command;
    let db = open(db)?;
    let register = match register {
        Some(r) => r,
        None => db.till_settings().map_err(|e| e.to_string())?.register_id,
    };
    let reports = db.z_reports(&register).map_err(|e| e.to_string())?;
    let Some(z) = reports.into_iter().find(|r| r.date == date) else {
        eprintln!("kassa-admin: no Z report for {date} on register {register}");
        return Ok(ExitCode::from(1));
    };
    if json {
        let text = serde_json::to_string_pretty(&z).map_err(|e| e.to_string())?;
        println!("{text}");
    } else {
        let number = match z.kind {
            ReportKind::Z { number } => number,
            ReportKind::X => 0,
        };
        println!(
            "Z report {number} of {register}, {date}: {} receipts, sales {}, returns {}, net {}",
            z.receipts, z.sales.amount, z.returns.amount, z.net
        );
    }
    Ok(ExitCode::SUCCESS)
}
