//! Kassa's control-unit clients against the control-unit simulator: the two sides of the wire
//! were written apart from each other against `docs/control-unit-wire.md`, so these tests are
//! where a misreading of the page on either side shows. Both protocols: XCCSP over real HTTP
//! on 127.0.0.1 port 0, CCSP over a real pseudo-terminal. Each fault the simulator can play
//! reaches the till as the action the page's failure table gives, and a failed registration is
//! never counted as registered.

mod control_unit_support;

use std::time::Duration;

use control_unit_sim::{Fault, SimConfig, Simulator};
use control_unit_support::example_record;
use hmac::{Hmac, KeyInit, Mac};
use kassa::control_unit::{
    self, Action, ControlUnit, ReceiptType, Record, ccsp::CcspClient, xccsp::XccspClient,
};
use sha2::Sha256;

/// A short limit so that "no answer" is seen quickly; the simulator never answers at all.
const QUICK: Duration = Duration::from_millis(300);

fn record(receipt_number: u64, receipt_type: ReceiptType) -> Record {
    example_record(receipt_number, receipt_type)
}

async fn simulator() -> Simulator {
    Simulator::start(SimConfig::default())
        .await
        .expect("the simulator starts")
}

fn xccsp(sim: &Simulator) -> Box<dyn ControlUnit> {
    Box::new(XccspClient::from_address(&sim.xccsp_url(), QUICK).expect("client"))
}

/// The simulator's control code as the wire page defines it, computed here on its own.
fn expected_code(fields: &str) -> String {
    let mut mac = <Hmac<Sha256> as KeyInit>::new_from_slice(b"kassa-simulator").expect("key");
    mac.update(fields.as_bytes());
    let hex: String = mac
        .finalize()
        .into_bytes()
        .iter()
        .map(|b| format!("{b:02X}"))
        .collect();
    hex[..59].to_owned()
}

fn ccsp(sim: &Simulator) -> Box<dyn ControlUnit> {
    let port = sim.open_serial().expect("a pty");
    Box::new(CcspClient::new(
        port.path.to_string_lossy().into_owned(),
        9600,
        QUICK,
    ))
}

/// Both transports of one simulator, by name.
fn both(sim: &Simulator) -> [(&'static str, Box<dyn ControlUnit>); 2] {
    [("XCCSP", xccsp(sim)), ("CCSP", ccsp(sim))]
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn identity_status_and_a_signed_receipt_over_both_protocols() {
    let sim = simulator().await;
    for (receipt, (name, unit)) in (1u64..).zip(both(&sim)) {
        let identity = unit.identity().await.expect(name);
        assert_eq!(identity.unit_id, "CCSIM000000000001", "{name}");
        let status = unit.status().await.expect(name);
        assert!(status.is_operational(), "{name}: {status:?}");

        let record = record(receipt, ReceiptType::Normal);
        let registered = unit.register(&record).await.expect(name);
        assert_eq!(registered.unit_id, "CCSIM000000000001", "{name}");
        // The code the simulator's formula gives for exactly the fields Kassa sent.
        let fields =
            format!("202612071130;5566778899;KASSA1;{receipt};normal;0,00;149,00;25,00;29,80");
        assert_eq!(
            registered.control_code,
            expected_code(&fields),
            "{name}: the unit signed the record Kassa meant"
        );
        assert_eq!(sim.registration_count(&receipt.to_string()), 1, "{name}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn copies_and_training_receipts_are_registered_as_their_own_type() {
    let sim = simulator().await;
    let unit = xccsp(&sim);
    let first = unit
        .register(&record(7, ReceiptType::Normal))
        .await
        .expect("sale");
    let copy = unit
        .register(&record(7, ReceiptType::Kopia))
        .await
        .expect("copy");
    assert_ne!(
        first.control_code, copy.control_code,
        "a copy gets its own code"
    );
    let training = unit
        .register(&record(1, ReceiptType::Ovning))
        .await
        .expect("training");
    assert_eq!(training.control_code.len(), 59);
    let types: Vec<String> = sim
        .registrations()
        .iter()
        .map(|r| r.record.receipt_type.clone())
        .collect();
    assert_eq!(types, ["normal", "kopia", "ovning"]);
}

/// Every fault the simulator plays, and what the till must do about it.
const FAULTS: [(Fault, Action); 10] = [
    (Fault::NoAnswer, Action::Retry),
    (Fault::Busy, Action::Retry),
    (Fault::Garbage, Action::Retry),
    (Fault::HalfFrame, Action::Retry),
    (Fault::BadLrc, Action::Retry),
    (Fault::Http500, Action::Retry),
    (Fault::NotOperational, Action::StopSelling),
    (Fault::StorageFull, Action::StopSelling),
    (Fault::LicenceExceeded, Action::StopSelling),
    (Fault::InvalidPosId, Action::FixData),
];

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_fault_reaches_the_till_as_its_action_and_registers_nothing() {
    let sim = simulator().await;
    let units = both(&sim);
    for (fault, action) in FAULTS {
        for (name, unit) in &units {
            sim.set_fault(Some(fault));
            let refused = unit
                .register(&record(42, ReceiptType::Normal))
                .await
                .expect_err(&format!("{name}: {fault:?} must fail"));
            assert_eq!(
                refused.action(),
                action,
                "{name}: {fault:?} → {refused:?} ({})",
                refused.en()
            );
            assert!(!refused.sv().is_empty() && !refused.en().is_empty());
            sim.set_fault(None);
        }
    }
    assert_eq!(sim.registration_count("42"), 0, "no failed attempt counts");

    // After the fault: the same record, the same receipt number, registered once per
    // transport.
    for (name, unit) in &units {
        unit.register(&record(42, ReceiptType::Normal))
            .await
            .unwrap_or_else(|e| panic!("{name} after recovery: {e}"));
    }
    assert_eq!(sim.registration_count("42"), 2);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_unit_that_is_not_operational_says_so_in_its_status() {
    let sim = simulator().await;
    for (name, unit) in both(&sim) {
        sim.set_fault(Some(Fault::NotOperational));
        let status = unit.status().await.expect(name);
        assert!(!status.is_operational(), "{name}: {status:?}");
        assert_eq!(
            status.check().expect_err(name).action(),
            Action::StopSelling,
            "{name}"
        );
        sim.set_fault(None);
        assert!(unit.status().await.expect(name).is_operational(), "{name}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn connect_picks_the_protocol_from_the_address() {
    let sim = simulator().await;
    let port = sim.open_serial().expect("a pty");
    for address in [sim.xccsp_url(), port.url()] {
        let unit = control_unit::connect(&address).expect("connects");
        assert_eq!(
            unit.identity().await.expect("identity").unit_id,
            "CCSIM000000000001",
            "{}",
            address.split('@').next_back().unwrap_or_default()
        );
    }
    drop(port);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_wrong_password_is_for_someone_to_correct_not_to_retry() {
    let sim = simulator().await;
    let wrong = sim.xccsp_url().replacen("kassa:kassa@", "kassa:wrong@", 1);
    let unit = XccspClient::from_address(&wrong, QUICK).expect("client");
    let refused = unit
        .register(&record(5, ReceiptType::Normal))
        .await
        .expect_err("401");
    assert_eq!(refused.action(), Action::FixData, "{refused:?}");
    assert!(refused.sv().contains("lösenordet"), "{}", refused.sv());
    assert!(
        !format!("{refused:?}{refused}").contains("wrong"),
        "no password in the error"
    );
    assert_eq!(sim.registration_count("5"), 0);
}
