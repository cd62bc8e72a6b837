//! `kassa-admin`: the till's administration from the command line, no window needed.
//!
//! ```text
//! kassa-admin control-unit status       --url URL
//! kassa-admin control-unit identity     --url URL
//! kassa-admin control-unit test-receipt --url URL --org ORGNO --register ID [--receipt N]
//! kassa-admin --db FILE journal export  --from YYYY-MM-DD --to YYYY-MM-DD --out FILE.xml
//! kassa-admin --db FILE report z        --date YYYY-MM-DD [--register ID] [--json]
//! kassa-admin demo-till --out FILE --days N --sales-per-day M [--first-day YYYY-MM-DD]
//! ```
//!
//! Exit codes: 0 done; 1 the thing asked about is not there or not well (no Z report for the
//! day, a unit not operational, an export with warnings); 2 a failure, one line on stderr.

mod control_unit;
mod demo_till;
mod journal;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

#[derive(Parser)]
#[command(
    name = "kassa-admin",
    about = "Kassa's administration commands",
    version
)]
struct Cli {
    /// The till file (kassa.sqlite) for `journal` and `report`.
    #[arg(long, global = true)]
    db: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Talk to the control unit (kontrollenhet).
    #[command(subcommand, name = "control-unit")]
    ControlUnit(control_unit::UnitCommand),
    /// The journal (journalminne).
    #[command(subcommand)]
    Journal(journal::JournalCommand),
    /// Day reports.
    #[command(subcommand)]
    Report(journal::ReportCommand),
    /// Make a new till file with the demo shop and days of sales.
    DemoTill(demo_till::DemoTill),
}

fn fail(message: impl std::fmt::Display) -> ExitCode {
    eprintln!("kassa-admin: {message}");
    ExitCode::from(2)
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::ControlUnit(command) => match control_unit::run(command).await {
            Ok(code) => code,
            Err(e) => control_unit::report(&e),
        },
        Command::Journal(command) => journal::journal(cli.db, command).unwrap_or_else(fail),
        Command::Report(command) => journal::report(cli.db, command).unwrap_or_else(fail),
        Command::DemoTill(args) => demo_till::run(args).await.unwrap_or_else(fail),
    }
}
