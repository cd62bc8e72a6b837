//! Benchmark of the SKVFS 2021:16 journal export: time and peak memory of exporting a journal
//! of 100 000 receipts (goal ≤ 5 s, ≤ 50 MB).
//!
//! `cargo bench -p kassa --bench export` fills a till file through the journal's own API in a
//! child process (so the parent's peak memory is the export's alone), then exports it three
//! times. Run without `--bench` (as `cargo test --benches` does) it makes a smoke run on 2 000.

use std::path::Path;
use std::time::{Duration, Instant};

use futures::future::BoxFuture;
use jiff::civil::date;
use kassa::Db;
use kassa::control_unit::{
    ControlUnit, Identity, MainStatus, Record, Registration, StorageStatus, UnitError, UnitStatus,
};
use kassa::demo::{self, DemoDays};
use kassa::export::ExportRequest;
use sha2::{Digest, Sha256};

/// Sales a day in the filled till; the days follow from the receipts asked for.
const PER_DAY: u32 = 1_000;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if let Some(i) = args.iter().position(|a| a == "fill") {
        fill(Path::new(&args[i + 1]), args[i + 2].parse().expect("count"));
        return;
    }
    let full = args.iter().any(|a| a == "--bench");
    let receipts: u32 = if full { 100_000 } else { 2_000 };
    println!(
        "kassa journal export benchmark ({} run, {receipts} sales)",
        if full { "full" } else { "smoke" }
    );
    let dir = tempfile::tempdir().expect("temp dir");
    // KASSA_EXPORT_BENCH_TILL names a till file filled by an earlier run, to measure again
    // without filling again (made there if missing).
    let kept = std::env::var_os("KASSA_EXPORT_BENCH_TILL").map(std::path::PathBuf::from);
    let path = kept
        .clone()
        .unwrap_or_else(|| dir.path().join("kassa.sqlite"));
    if !path.exists() {
        let started = Instant::now();
        let status = std::process::Command::new(std::env::current_exe().expect("this bench"))
            .args(["fill", path.to_str().expect("path"), &receipts.to_string()])
            .status()
            .expect("the fill runs");
        assert!(status.success(), "the fill failed");
        println!("filled in {:.1?}", started.elapsed());
    }

    let db = Db::open(&path).expect("open");
    let days = receipts.div_ceil(PER_DAY);
    let request = ExportRequest {
        from: date(2026, 1, 1),
        to: date(2026, 12, 31),
        registers: Vec::new(),
        exported_by: "bench".into(),
        at: "2027-01-02T08:00:00Z".parse().expect("time"),
    };
    let mut samples = Vec::new();
    let mut summary = None;
    for _ in 0..3 {
        let t = Instant::now();
        summary = Some(db.export_journal(&request, dir.path()).expect("export"));
        samples.push(t.elapsed());
    }
    let summary = summary.expect("one run");
    let size = std::fs::metadata(&summary.path).expect("file").len();
    println!(
        "{} over {days} days, file {:.1} MB",
        summary.counts(),
        size as f64 / 1e6
    );
    samples.sort();
    let median: Duration = samples[samples.len() / 2];
    println!(
        "{:<44} p50 {:>10.2?}  max {:>10.2?}  goal ≤ 5 s for 100 000 receipts  ({} runs)",
        "export of the journal",
        median,
        samples[samples.len() - 1],
        samples.len()
    );
    println!(
        "{:<44} {:>8.1} MB  goal ≤ 50 MB",
        "peak memory (max RSS, whole process)",
        max_rss_mb()
    );
}

fn max_rss_mb() -> f64 {
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: getrusage writes the struct it is given.
    let rc = unsafe { libc::getrusage(libc::RUSAGE_SELF, &mut usage) };
    assert_eq!(rc, 0, "getrusage");
    usage.ru_maxrss as f64 / 1024.0
}

const UNIT_ID: &str = "BENCH00000000001X";

/// A unit that signs at once in this process: the fill measures nothing, so no socket.
struct SignAtOnce;

impl ControlUnit for SignAtOnce {
    fn identity(&self) -> BoxFuture<'_, Result<Identity, UnitError>> {
        Box::pin(async {
            Ok(Identity {
                unit_id: UNIT_ID.into(),
                unit_type: Some("bench".into()),
                firmware: "0".into(),
                protocol_version: None,
            })
        })
    }
    fn status(&self) -> BoxFuture<'_, Result<UnitStatus, UnitError>> {
        Box::pin(async {
            Ok(UnitStatus {
                main: MainStatus::Ok,
                storage: StorageStatus::Ok,
            })
        })
    }
    fn register<'a>(
        &'a self,
        record: &'a Record,
    ) -> BoxFuture<'a, Result<Registration, UnitError>> {
        let digest = Sha256::digest(record.fields().as_bytes());
        let hex: String = digest.iter().map(|b| format!("{b:02X}")).collect();
        Box::pin(async move {
            Ok(Registration {
                control_code: hex[..59].to_owned(),
                unit_id: UNIT_ID.into(),
                status: UnitStatus {
                    main: MainStatus::Ok,
                    storage: StorageStatus::Ok,
                },
            })
        })
    }
}

fn fill(path: &Path, receipts: u32) {
    let db = Db::open(path).expect("open");
    db.fill_without_fsync().expect("bulk");
    demo::load(&db).expect("catalogue");
    demo::shop_if_unset(&db).expect("shop");
    let plan = DemoDays {
        register_id: "KASSA-1".into(),
        first_day: date(2026, 1, 5),
        days: receipts.div_ceil(PER_DAY),
        sales_per_day: receipts.min(PER_DAY),
    };
    let unit = kassa::checkout::ControlUnitLink {
        unit: std::sync::Arc::new(SignAtOnce),
        register_designation: "KASSA1".into(),
    };
    futures::executor::block_on(demo::trade(&db, &plan, Some(&unit))).expect("trade");
}
