//! What the control-unit tests share: the wire page's example record and the golden files.

#![allow(dead_code)] // each test binary uses its own part

use std::path::PathBuf;

use kassa::control_unit::{NewRecord, ReceiptType, Record, VatSlot};
use kassa::{Ore, VatRate};

/// A file of `tests/golden/control_unit/`, as bytes.
pub fn golden(name: &str) -> Vec<u8> {
    let path: PathBuf = [
        env!("CARGO_MANIFEST_DIR"),
        "tests/golden/control_unit",
        name,
    ]
    .iter()
    .collect();
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The wire page's example: 149,00 kr at 25 % (VAT 29,80), 7 Dec 2026 11:30, register KASSA1
/// of 5566778899, as receipt `receipt_number` of `receipt_type`.
pub fn example_record(receipt_number: u64, receipt_type: ReceiptType) -> Record {
    Record::new(NewRecord {
        time: jiff::civil::date(2026, 12, 7).at(11, 30, 0, 0),
        organisation_number: "5566778899".into(),
        register_designation: "KASSA1".into(),
        receipt_number,
        receipt_type,
        return_amount: Ore::ZERO,
        sale_amount: Ore::new(14_900),
        vat: vec![VatSlot {
            rate: VatRate::percent(25),
            amount: Ore::new(2_980),
        }],
    })
    .expect("the example record is valid")
}
