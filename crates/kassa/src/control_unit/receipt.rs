//! The record of a receipt in the journal: what the till sends the control unit for a sale, a
//! return, a copy or a training receipt (the observed practice in
//! `../shared/notes/swedish-till-rules.md`: sales and returns are separate records, a copy is
//! registered again as `kopia`, training as `ovning`, a zero-total receipt is not sent).

use super::record::{NewRecord, ReceiptType, Record, RecordError, VatSlot};
use crate::cart::RateTotal;
use crate::journal::{Entry, EntryKind};
use crate::money::Ore;
use crate::vat::swedish_time;

/// Which print of the receipt is registered: the original or its one copy (KOPIA), which
/// gets a control code of its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Print {
    Original,
    Copy,
}

impl Record {
    /// The record of `entry` as the register `register_designation` of the seller
    /// `organisation_number` sends it; `None` for what is not sent (a cancellation, a
    /// receipt of 0,00 kr). A receipt the unit cannot take (more than four VAT rates, a
    /// designation that is not 1–16 letters and digits) is refused with the field named.
    pub fn of_entry(
        entry: &Entry,
        organisation_number: &str,
        register_designation: &str,
        print: Print,
    ) -> Result<Option<Record>, RecordError> {
        if entry.kind == EntryKind::Cancellation || entry.total == Ore::ZERO {
            return Ok(None);
        }
        let receipt_type = match (entry.training, print) {
            (true, _) => ReceiptType::Ovning,
            (false, Print::Copy) => ReceiptType::Kopia,
            (false, Print::Original) => ReceiptType::Normal,
        };
        let returned: i64 = entry
            .lines
            .iter()
            .map(|line| line.total.get())
            .filter(|total| *total < 0)
            .sum();
        let receipt_number =
            u64::try_from(entry.receipt_number).map_err(|_| RecordError::ReceiptNumber(0))?;
        let at = swedish_time(entry.registered_at);
        Record::new(NewRecord {
            // The record knows the minute, no more.
            time: at.date().at(at.hour(), at.minute(), 0, 0),
            organisation_number: organisation_number.to_owned(),
            register_designation: register_designation.to_owned(),
            receipt_number,
            receipt_type,
            return_amount: Ore::new(-returned),
            sale_amount: entry.total,
            vat: VatSlot::per_rate(&entry.per_rate),
        })
        .map(Some)
    }
}

impl VatSlot {
    /// One slot per VAT rate of a sale's totals: the rate and the VAT at it.
    pub fn per_rate(per_rate: &[RateTotal]) -> Vec<VatSlot> {
        per_rate
            .iter()
            .map(|rate| VatSlot {
                rate: rate.rate,
                amount: rate.tax,
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use jiff::Timestamp;
    use jiff::civil::date;

    use super::*;
    use crate::cart::RateTotal;
    use crate::journal::{JournalLine, PaymentMethod};
    use crate::vat::VatRate;

    fn line(total: i64, tax: i64, rate: u32) -> JournalLine {
        JournalLine {
            name: "Kaffe".into(),
            sku: None,
            quantity: total.signum(),
            unit_price: Ore::new(total.abs()),
            discount: Ore::ZERO,
            vat_rate: VatRate::percent(rate),
            total: Ore::new(total),
            tax: Ore::new(tax),
        }
    }

    fn entry(kind: EntryKind, lines: Vec<JournalLine>, per_rate: Vec<RateTotal>) -> Entry {
        let total = lines.iter().map(|l| l.total.get()).sum();
        let tax = lines.iter().map(|l| l.tax.get()).sum();
        Entry {
            id: 1,
            register_id: "KASSA-1".into(),
            training: false,
            receipt_number: 42,
            kind,
            // 10:30:59 UTC is 11:30 in Stockholm in winter; the unit gets the minute.
            registered_at: "2026-12-07T10:30:59Z".parse::<Timestamp>().expect("time"),
            sale_date: date(2026, 12, 7),
            cashier: "Anna".into(),
            payment_method: Some(PaymentMethod::Swish),
            kronor_purchase_id: None,
            merchant_reference: None,
            order_id: None,
            customer_id: None,
            original_entry_id: None,
            note: String::new(),
            lines,
            per_rate,
            total: Ore::new(total),
            tax: Ore::new(tax),
            discount: Ore::ZERO,
            payments: Vec::new(),
            hash: String::new(),
        }
    }

    fn rate(percent: u32, total: i64, tax: i64) -> RateTotal {
        RateTotal {
            rate: VatRate::percent(percent),
            total: Ore::new(total),
            tax: Ore::new(tax),
        }
    }

    fn sale() -> Entry {
        entry(
            EntryKind::Sale,
            vec![line(14_900, 2_980, 25)],
            vec![rate(25, 14_900, 2_980)],
        )
    }

    #[test]
    fn a_sale_is_a_normal_record_in_swedish_time_to_the_minute() {
        let record = Record::of_entry(&sale(), "556677-8899", "KASSA1", Print::Original)
            .expect("valid")
            .expect("sent");
        assert_eq!(record.time(), date(2026, 12, 7).at(11, 30, 0, 0));
        assert_eq!(record.organisation_number(), "5566778899");
        assert_eq!(record.receipt_number(), 42);
        assert_eq!(record.receipt_type(), ReceiptType::Normal);
        assert_eq!(record.sale_amount(), Ore::new(14_900));
        assert_eq!(record.return_amount(), Ore::ZERO);
        assert_eq!(
            record.vat(),
            [VatSlot {
                rate: VatRate::percent(25),
                amount: Ore::new(2_980)
            }]
        );
    }

    #[test]
    fn a_return_carries_its_amount_both_ways() {
        let returned = entry(
            EntryKind::Return,
            vec![line(-14_900, -2_980, 25)],
            vec![rate(25, -14_900, -2_980)],
        );
        let record = Record::of_entry(&returned, "5566778899", "KASSA1", Print::Original)
            .expect("valid")
            .expect("sent");
        assert_eq!(record.sale_amount(), Ore::new(-14_900));
        assert_eq!(record.return_amount(), Ore::new(14_900));
        assert_eq!(record.vat()[0].amount, Ore::new(-2_980));
    }

    #[test]
    fn copies_and_training_receipts_have_their_own_type() {
        let copy = Record::of_entry(&sale(), "5566778899", "KASSA1", Print::Copy)
            .expect("valid")
            .expect("sent");
        assert_eq!(copy.receipt_type(), ReceiptType::Kopia);
        let mut training = sale();
        training.training = true;
        for print in [Print::Original, Print::Copy] {
            let record = Record::of_entry(&training, "5566778899", "KASSA1", print)
                .expect("valid")
                .expect("sent");
            assert_eq!(record.receipt_type(), ReceiptType::Ovning);
        }
    }

    #[test]
    fn cancellations_and_zero_totals_are_not_sent() {
        let mut cancelled = sale();
        cancelled.kind = EntryKind::Cancellation;
        assert_eq!(
            Record::of_entry(&cancelled, "5566778899", "KASSA1", Print::Original),
            Ok(None)
        );
        let free = entry(EntryKind::Sale, vec![line(0, 0, 25)], vec![rate(25, 0, 0)]);
        assert_eq!(
            Record::of_entry(&free, "5566778899", "KASSA1", Print::Original),
            Ok(None)
        );
    }

    #[test]
    fn a_receipt_the_unit_cannot_take_is_refused_with_the_field() {
        let five_rates = entry(
            EntryKind::Sale,
            vec![line(100, 20, 25)],
            [25, 12, 6, 3, 0]
                .into_iter()
                .map(|p| rate(p, 20, 1))
                .collect(),
        );
        assert!(matches!(
            Record::of_entry(&five_rates, "5566778899", "KASSA1", Print::Original),
            Err(RecordError::TooManyVatRates(5))
        ));
        assert_eq!(
            Record::of_entry(&sale(), "5566778899", "KASSA-1", Print::Original),
            Err(RecordError::RegisterDesignation)
        );
    }
}
