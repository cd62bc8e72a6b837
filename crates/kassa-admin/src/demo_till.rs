//! `kassa-admin demo-till`: a new till file with the demo shop, its catalogue and days of
//! sales signed by the built-in control unit simulator, for tests, benches and trying the
//! export.

use std::path::PathBuf;
use std::process::ExitCode;

use jiff::civil::Date;
use kassa::Db;
use kassa::demo::{self, DemoDays};

#[derive(clap::Args)]
pub struct DemoTill {
    /// The new till file; an existing path is refused.
    #[arg(long)]
    out: PathBuf,
    /// Days of trading.
    #[arg(long, default_value_t = 7)]
    days: u32,
    /// Sales a day.
    #[arg(long, default_value_t = 40)]
    sales_per_day: u32,
    /// The first day (default: so that the last day is yesterday).
    #[arg(long)]
    first_day: Option<Date>,
    /// The register id.
    #[arg(long, default_value = kassa::settings::DEFAULT_REGISTER_ID)]
    register: String,
}

pub async fn run(args: DemoTill) -> Result<ExitCode, String> {
    if args.out.exists() {
        return Err(format!(
            "{} already exists; demo-till makes a new till file only",
            args.out.display()
        ));
    }
    let first_day = match args.first_day {
        Some(d) => d,
        None => {
            let today = kassa::vat::sale_date(jiff::Timestamp::now());
            today
                .checked_sub(jiff::Span::new().days(i64::from(args.days)))
                .map_err(|e| e.to_string())?
        }
    };
    // Made under a temporary name and renamed when whole: a failure leaves no half-made till.
    let part = args.out.with_extension("part.sqlite");
    let result = make(&part, &args, first_day).await;
    match result {
        Ok(made) => {
            std::fs::rename(&part, &args.out).map_err(|e| e.to_string())?;
            println!(
                "made {}: {} days, {} sales, {} returns, {} copies, {} training sales, {} parked and taken back, {} sales given up, {} Z reports, {} receipts signed",
                args.out.display(),
                args.days,
                made.sales,
                made.returns,
                made.copies,
                made.training,
                made.parked,
                made.cancellations,
                made.z_reports,
                made.signed
            );
            Ok(ExitCode::SUCCESS)
        }
        Err(e) => {
            for suffix in ["", "-wal", "-shm"] {
                let _ = std::fs::remove_file(format!("{}{suffix}", part.display()));
            }
            Err(e)
        }
    }
}

async fn make(
    path: &std::path::Path,
    args: &DemoTill,
    first_day: Date,
) -> Result<demo::DemoMade, String> {
    let db = Db::open(path).map_err(|e| e.to_string())?;
    db.fill_without_fsync().map_err(|e| e.to_string())?;
    demo::load(&db).map_err(|e| e.to_string())?;
    demo::shop_if_unset(&db).map_err(|e| e.to_string())?;
    let simulator = control_unit_sim::Simulator::start(control_unit_sim::SimConfig::default())
        .await
        .map_err(|e| format!("the control unit simulator did not start: {e}"))?;
    let unit = kassa::checkout::ControlUnitLink {
        unit: kassa::control_unit::connect(&simulator.xccsp_url())
            .map_err(|e| e.to_string())?
            .into(),
        register_designation: kassa::identity::register_designation(&args.register),
    };
    let plan = DemoDays {
        register_id: args.register.clone(),
        first_day,
        days: args.days,
        sales_per_day: args.sales_per_day,
    };
    let made = demo::trade(&db, &plan, Some(&unit))
        .await
        .map_err(|e| e.to_string())?;
    // Checkpointed into the one file before it is renamed.
    drop(db);
    Ok(made)
}
