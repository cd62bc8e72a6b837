//! Control-unit benchmark on loopback against the control-unit simulator (same process, same
//! 2 cores): what registering a receipt's record adds to a sale, p50/p99.
//!
//! - XCCSP over HTTP on 127.0.0.1 (goal: p99 ≤ 5 ms added to a sale);
//! - CCSP over a pseudo-terminal, for comparison (no goal: a real unit's line runs at 9600
//!   baud, about 100 ms for a register frame and its answer).
//!
//! `cargo bench -p kassa --bench control_unit` runs it in full; without `--bench` (as under
//! `cargo test`) it does a small smoke run.

mod support;

use std::time::{Duration, Instant};

use support::report;

use control_unit_sim::{SimConfig, Simulator};
use jiff::civil::date;
use kassa::control_unit::{
    ControlUnit, NewRecord, ReceiptType, Record, VatSlot, ccsp::CcspClient, xccsp::XccspClient,
};
use kassa::{Ore, VatRate};

fn main() {
    let full = std::env::args().any(|a| a == "--bench");
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("tokio runtime");
    runtime.block_on(run(if full { 2_000 } else { 20 }));
}

/// A three-rate café receipt, as a sale's record.
fn record(receipt_number: u64) -> Record {
    Record::new(NewRecord {
        time: date(2026, 12, 7).at(11, 30, 0, 0),
        organisation_number: "5566778899".into(),
        register_designation: "KASSA1".into(),
        receipt_number,
        receipt_type: ReceiptType::Normal,
        return_amount: Ore::new(0),
        sale_amount: Ore::new(15_600),
        vat: vec![
            VatSlot {
                rate: VatRate::percent(25),
                amount: Ore::new(1_400),
            },
            VatSlot {
                rate: VatRate::percent(12),
                amount: Ore::new(300),
            },
            VatSlot {
                rate: VatRate::percent(6),
                amount: Ore::new(170),
            },
        ],
    })
    .expect("a good record")
}

async fn run(rounds: u64) {
    let sim = Simulator::start(SimConfig::default())
        .await
        .expect("the simulator starts");
    let xccsp =
        XccspClient::from_address(&sim.xccsp_url(), Duration::from_secs(5)).expect("XCCSP client");
    let port = sim.open_serial().expect("a pty");
    let ccsp = CcspClient::new(
        port.path.to_string_lossy().into_owned(),
        9600,
        Duration::from_secs(2),
    );
    println!("control unit: registering a receipt's record, {rounds} receipts each");
    report(
        "XCCSP register over HTTP (loopback)",
        registrations(&xccsp, 1, rounds).await,
        "p99 ≤ 5 ms",
    );
    report(
        "CCSP register over a pseudo-terminal",
        registrations(&ccsp, 1_000_000, rounds).await,
        "none (a real line: ~100 ms at 9600 baud)",
    );
    assert_eq!(
        sim.registration_count("1"),
        1,
        "one registration per receipt"
    );
}

async fn registrations(unit: &dyn ControlUnit, first: u64, rounds: u64) -> Vec<Duration> {
    // Warm up: connections, the pty, the allocator.
    for n in 0..5 {
        unit.register(&record(first + rounds + n))
            .await
            .expect("warm-up");
    }
    let mut samples = Vec::with_capacity(rounds as usize);
    for n in 0..rounds {
        let record = record(first + n);
        let started = Instant::now();
        unit.register(&record).await.expect("registered");
        samples.push(started.elapsed());
    }
    samples
}
