//! `kassa-admin control-unit …`: checks a control unit before the till uses it.

use std::process::ExitCode;
use std::time::Duration;

use clap::Subcommand;
use kassa::control_unit::{
    self, Action, ControlUnit, NewRecord, ReceiptType, Record, UnitError, UnitErrorKind, VatSlot,
};
use kassa::{Ore, VatRate};

#[derive(clap::Args)]
pub struct Unit {
    /// `http://user:pass@host:port/path` (XCCSP) or `serial:///dev/ttyUSB0?baud=9600` (CCSP).
    #[arg(long)]
    url: String,
    /// How long to wait for the unit's answer, in milliseconds (default: the protocol's).
    #[arg(long)]
    timeout_ms: Option<u64>,
}

#[derive(Subcommand)]
pub enum UnitCommand {
    /// The unit's main and storage status.
    Status(Unit),
    /// The unit's manufacturing number, type and firmware.
    Identity(Unit),
    /// Registers one training (`ovning`) receipt of 1,00 kr at 25 % VAT (0,20).
    TestReceipt {
        #[command(flatten)]
        unit: Unit,
        /// The organisation number, 10 digits.
        #[arg(long)]
        org: String,
        /// The register designation, 1–16 of A-Z a-z 0-9.
        #[arg(long)]
        register: String,
        /// The receipt number to register.
        #[arg(long, default_value_t = 1)]
        receipt: u64,
    },
}

fn connect(unit: &Unit) -> Result<Box<dyn ControlUnit>, UnitError> {
    let Some(ms) = unit.timeout_ms else {
        return control_unit::connect(&unit.url);
    };
    let timeout = Duration::from_millis(ms);
    match control_unit::UnitAddress::parse(&unit.url)? {
        control_unit::UnitAddress::Xccsp(url) => Ok(Box::new(
            control_unit::xccsp::XccspClient::new(url, timeout)?,
        )),
        control_unit::UnitAddress::Ccsp { path, baud } => Ok(Box::new(
            control_unit::ccsp::CcspClient::new(path, baud, timeout),
        )),
    }
}

fn test_record(org: &str, register: &str, receipt: u64) -> Result<Record, UnitError> {
    let now = jiff::Timestamp::now()
        .in_tz("Europe/Stockholm")
        .map_err(|e| UnitError::new(UnitErrorKind::Address, format!("no Swedish time: {e}")))?;
    Ok(Record::new(NewRecord {
        time: now.datetime(),
        organisation_number: org.to_owned(),
        register_designation: register.to_owned(),
        receipt_number: receipt,
        receipt_type: ReceiptType::Ovning,
        return_amount: Ore::ZERO,
        sale_amount: Ore::new(100),
        vat: vec![VatSlot {
            rate: VatRate::percent(25),
            amount: Ore::new(20),
        }],
    })?)
}

pub async fn run(command: UnitCommand) -> Result<ExitCode, UnitError> {
    match command {
        UnitCommand::Status(unit) => {
            let status = connect(&unit)?.status().await?;
            let operational = status.is_operational();
            println!(
                "main status {} ({:?}), storage status {} ({:?}): {}",
                status.main.code(),
                status.main,
                status.storage.code(),
                status.storage,
                if operational {
                    "operational"
                } else {
                    "NOT operational"
                }
            );
            Ok(if operational {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(1)
            })
        }
        UnitCommand::Identity(unit) => {
            let id = connect(&unit)?.identity().await?;
            println!("unit id: {}", id.unit_id);
            if let Some(kind) = &id.unit_type {
                println!("type: {kind}");
            }
            println!("firmware: {}", id.firmware);
            if let Some(v) = &id.protocol_version {
                println!("protocol version: {v}");
            }
            Ok(ExitCode::SUCCESS)
        }
        UnitCommand::TestReceipt {
            unit,
            org,
            register,
            receipt,
        } => {
            let record = test_record(&org, &register, receipt)?;
            let registration = connect(&unit)?.register(&record).await?;
            println!("control code: {}", registration.control_code);
            println!("unit id: {}", registration.unit_id);
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// One line on stderr naming the unit's fault code, if any, and what the till would do.
pub fn report(e: &UnitError) -> ExitCode {
    let code = e
        .fault_code()
        .map(|c| format!(" [{c}]"))
        .unwrap_or_default();
    let action = match e.action() {
        Action::Retry => "retry",
        Action::StopSelling => "stop selling",
        Action::FixData => "wait for the set-up to be corrected",
    };
    eprintln!(
        "kassa-admin: {}{code}; the till would {action}: {}",
        e.message(),
        e.en()
    );
    ExitCode::from(2)
}
