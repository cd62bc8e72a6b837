//! The record a control unit signs (SKVFS 2009:2): one receipt's date, organisation number,
//! register designation, receipt number and type, return and sale amount and up to four VAT
//! slots. A [`Record`] only exists checked, so the clients never send data the unit must refuse;
//! the wire formats of its fields live here, each in one function, for both protocols.

use jiff::civil::DateTime;

use crate::money::Ore;
use crate::vat::VatRate;

/// The largest receipt number the record carries (12 digits).
pub const MAX_RECEIPT_NUMBER: u64 = 999_999_999_999;
/// A receipt carries at most four VAT rates.
pub const MAX_VAT_SLOTS: usize = 4;
/// An amount field is at most this many characters (`-` and `,` included).
pub const MAX_AMOUNT_CHARS: usize = 14;

/// The kind of receipt, as the control unit names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ReceiptType {
    /// A sale or a return receipt.
    Normal,
    /// A copy of a receipt already registered; it gets its own control code.
    Kopia,
    /// A training receipt.
    Ovning,
    /// A pro forma receipt.
    Profo,
}

impl ReceiptType {
    /// The name on the wire: `normal`, `kopia`, `ovning`, `profo`.
    pub fn wire_name(self) -> &'static str {
        match self {
            ReceiptType::Normal => "normal",
            ReceiptType::Kopia => "kopia",
            ReceiptType::Ovning => "ovning",
            ReceiptType::Profo => "profo",
        }
    }
}

/// One VAT rate of the receipt and the VAT at that rate (negative on a return receipt).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct VatSlot {
    pub rate: VatRate,
    pub amount: Ore,
}

/// What a record is made from; [`Record::new`] checks it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewRecord {
    /// When the receipt was made, Swedish local time; seconds are dropped.
    pub time: DateTime,
    /// The seller's organisation number, 10 digits, with or without the hyphen.
    pub organisation_number: String,
    /// The register designation (kassabeteckning): 1–16 of `A-Z a-z 0-9`.
    pub register_designation: String,
    pub receipt_number: u64,
    pub receipt_type: ReceiptType,
    /// The absolute sum of the return lines, never negative.
    pub return_amount: Ore,
    /// The amount to pay; negative on a return receipt, never zero.
    pub sale_amount: Ore,
    /// At most four distinct rates; empty means no VAT (one 0 % slot is sent).
    pub vat: Vec<VatSlot>,
}

/// Why a record was refused before anything was sent. Each names the field.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RecordError {
    #[error("time: the year {0} does not fit the record's four digits")]
    Time(i16),
    #[error("organisation number: must be 10 digits (a hyphen after the sixth is allowed)")]
    OrganisationNumber,
    #[error("register designation: must be 1 to 16 of A-Z, a-z, 0-9")]
    RegisterDesignation,
    #[error("receipt number: must be 1 to 999999999999, got {0}")]
    ReceiptNumber(u64),
    #[error("return amount: must not be negative")]
    NegativeReturnAmount,
    #[error(
        "sale amount: a zero-total receipt is not sent to the control unit, so it has no record"
    )]
    ZeroTotal,
    #[error("{field}: the amount does not fit the record's 14 characters")]
    AmountTooLarge { field: &'static str },
    #[error("VAT: a receipt carries at most 4 VAT rates, this one has {0}")]
    TooManyVatRates(usize),
    #[error("VAT: the rate {0} appears twice; one slot per rate")]
    DuplicateVatRate(String),
}

/// A checked record, ready for either protocol. Build it with [`Record::new`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Record {
    time: DateTime,
    organisation_number: String,
    register_designation: String,
    receipt_number: u64,
    receipt_type: ReceiptType,
    return_amount: Ore,
    sale_amount: Ore,
    vat: Vec<VatSlot>,
}

impl Record {
    /// Checks every field; the VAT slots are put highest rate first (the order the wire
    /// numbers them), and a receipt with no VAT gets one 0 % slot of 0,00.
    pub fn new(new: NewRecord) -> Result<Record, RecordError> {
        let year = new.time.year();
        if !(0..=9999).contains(&year) {
            return Err(RecordError::Time(year));
        }
        let organisation_number = check_organisation_number(&new.organisation_number)?;
        check_register_designation(&new.register_designation)?;
        if !(1..=MAX_RECEIPT_NUMBER).contains(&new.receipt_number) {
            return Err(RecordError::ReceiptNumber(new.receipt_number));
        }
        if new.return_amount.is_negative() {
            return Err(RecordError::NegativeReturnAmount);
        }
        if new.sale_amount == Ore::ZERO {
            return Err(RecordError::ZeroTotal);
        }
        check_amount_fits("return amount", new.return_amount)?;
        check_amount_fits("sale amount", new.sale_amount)?;
        let mut vat = new.vat;
        if vat.len() > MAX_VAT_SLOTS {
            return Err(RecordError::TooManyVatRates(vat.len()));
        }
        vat.sort_by_key(|slot| std::cmp::Reverse(slot.rate.basis()));
        for pair in vat.windows(2) {
            if pair[0].rate == pair[1].rate {
                return Err(RecordError::DuplicateVatRate(rate_field(pair[0].rate)));
            }
        }
        for slot in &vat {
            check_amount_fits("VAT amount", slot.amount)?;
            check_amount_fits("VAT rate", Ore::new(i64::from(slot.rate.basis())))?;
        }
        if vat.is_empty() {
            vat.push(VatSlot {
                rate: VatRate::from_basis(0),
                amount: Ore::ZERO,
            });
        }
        Ok(Record {
            time: new.time,
            organisation_number,
            register_designation: new.register_designation,
            receipt_number: new.receipt_number,
            receipt_type: new.receipt_type,
            return_amount: new.return_amount,
            sale_amount: new.sale_amount,
            vat,
        })
    }

    pub fn time(&self) -> DateTime {
        self.time
    }
    /// 10 digits, no hyphen.
    pub fn organisation_number(&self) -> &str {
        &self.organisation_number
    }
    pub fn register_designation(&self) -> &str {
        &self.register_designation
    }
    pub fn receipt_number(&self) -> u64 {
        self.receipt_number
    }
    pub fn receipt_type(&self) -> ReceiptType {
        self.receipt_type
    }
    pub fn return_amount(&self) -> Ore {
        self.return_amount
    }
    pub fn sale_amount(&self) -> Ore {
        self.sale_amount
    }
    /// One to four slots, highest rate first.
    pub fn vat(&self) -> &[VatSlot] {
        &self.vat
    }

    /// The record's fields in Skatteverket's order, `;`-separated, as the wire fields write
    /// them (`202612071130;5566778899;KASSA1;42;normal;0,00;149,00;25,00;29,80`): what the
    /// till keeps of what it sent.
    pub fn fields(&self) -> String {
        let mut fields = vec![
            date_field(self.time),
            self.organisation_number.clone(),
            self.register_designation.clone(),
            self.receipt_number.to_string(),
            self.receipt_type.wire_name().to_owned(),
            amount_field(self.return_amount),
            amount_field(self.sale_amount),
        ];
        fields.extend(self.vat.iter().map(vat_slot_field));
        fields.join(";")
    }
}

fn check_organisation_number(raw: &str) -> Result<String, RecordError> {
    // The hyphen people write (556677-8899) is accepted and dropped; nothing else is.
    let digits: String = match raw.as_bytes().get(6) {
        Some(b'-') if raw.len() == 11 => raw.chars().filter(|c| *c != '-').collect(),
        _ => raw.to_owned(),
    };
    if digits.len() == 10 && digits.bytes().all(|b| b.is_ascii_digit()) {
        Ok(digits)
    } else {
        Err(RecordError::OrganisationNumber)
    }
}

fn check_amount_fits(field: &'static str, amount: Ore) -> Result<(), RecordError> {
    if amount_field(amount).len() > MAX_AMOUNT_CHARS {
        Err(RecordError::AmountTooLarge { field })
    } else {
        Ok(())
    }
}

/// An amount on the wire: kronor, decimal comma, two decimals, `-` when negative, no
/// thousands separator (`-149,00`, `0,00`, `1234567,50`).
pub fn amount_field(amount: Ore) -> String {
    let ore = amount.get();
    let sign = if ore < 0 { "-" } else { "" };
    let abs = ore.unsigned_abs();
    format!("{sign}{},{:02}", abs / 100, abs % 100)
}

/// A VAT rate on the wire, written like an amount: 25 % is `25,00`.
pub fn rate_field(rate: VatRate) -> String {
    amount_field(Ore::new(i64::from(rate.basis())))
}

/// One VAT slot as CCSP carries it: `rate;amount` (`25,00;29,80`).
pub fn vat_slot_field(slot: &VatSlot) -> String {
    format!("{};{}", rate_field(slot.rate), amount_field(slot.amount))
}

/// The date field: `YYYYMMDDhhmm`, to the minute.
pub fn date_field(time: DateTime) -> String {
    format!(
        "{:04}{:02}{:02}{:02}{:02}",
        time.year(),
        time.month(),
        time.day(),
        time.hour(),
        time.minute()
    )
}

/// A register designation (kassabeteckning) as the unit takes it: 1 to 16 of A-Z, a-z, 0-9.
pub fn check_register_designation(designation: &str) -> Result<(), RecordError> {
    if designation.is_empty()
        || designation.len() > 16
        || !designation.bytes().all(|b| b.is_ascii_alphanumeric())
    {
        return Err(RecordError::RegisterDesignation);
    }
    Ok(())
}

#[cfg(test)]
pub(crate) fn example() -> Record {
    // The wire page's example record; its seconds are dropped on the wire.
    let mut new = tests::new_record();
    new.time = jiff::civil::date(2026, 12, 7).at(11, 30, 59, 0);
    Record::new(new).unwrap()
}

#[cfg(test)]
mod tests {
    use super::*;

    pub(super) fn new_record() -> NewRecord {
        NewRecord {
            time: jiff::civil::date(2026, 12, 7).at(11, 30, 0, 0),
            organisation_number: "5566778899".into(),
            register_designation: "KASSA1".into(),
            receipt_number: 42,
            receipt_type: ReceiptType::Normal,
            return_amount: Ore::ZERO,
            sale_amount: Ore::new(14_900),
            vat: vec![VatSlot {
                rate: VatRate::percent(25),
                amount: Ore::new(2_980),
            }],
        }
    }

    #[test]
    fn amounts_are_written_with_a_decimal_comma_and_two_decimals() {
        assert_eq!(amount_field(Ore::new(-14_900)), "-149,00");
        assert_eq!(amount_field(Ore::new(0)), "0,00");
        assert_eq!(amount_field(Ore::new(123_456_750)), "1234567,50");
        assert_eq!(amount_field(Ore::new(5)), "0,05");
        assert_eq!(amount_field(Ore::new(-5)), "-0,05");
        assert_eq!(amount_field(Ore::new(2_980)), "29,80");
        assert_eq!(amount_field(Ore::new(i64::MIN)), "-92233720368547758,08");
    }

    #[test]
    fn rates_slots_and_dates_have_their_wire_form() {
        assert_eq!(rate_field(VatRate::percent(25)), "25,00");
        assert_eq!(rate_field(VatRate::percent(6)), "6,00");
        assert_eq!(rate_field(VatRate::from_basis(0)), "0,00");
        let slot = VatSlot {
            rate: VatRate::percent(25),
            amount: Ore::new(2_980),
        };
        assert_eq!(vat_slot_field(&slot), "25,00;29,80");
        let t = jiff::civil::date(2026, 1, 2).at(3, 4, 59, 999);
        assert_eq!(date_field(t), "202601020304");
        assert_eq!(date_field(example().time()), "202612071130");
    }

    #[test]
    fn a_good_record_is_accepted_and_the_hyphen_dropped() {
        let mut n = new_record();
        n.organisation_number = "556677-8899".into();
        let r = Record::new(n).unwrap();
        assert_eq!(r.organisation_number(), "5566778899");
        assert_eq!(r.vat().len(), 1);
    }

    type Change = fn(&mut NewRecord);

    #[test]
    fn bad_fields_are_refused_by_name() {
        let cases: Vec<(Change, RecordError)> = vec![
            (
                |n| n.organisation_number = "55667788".into(),
                RecordError::OrganisationNumber,
            ),
            (
                |n| n.organisation_number = "55667788x9".into(),
                RecordError::OrganisationNumber,
            ),
            (
                |n| n.organisation_number = "5566-778899".into(),
                RecordError::OrganisationNumber,
            ),
            (
                |n| n.register_designation = String::new(),
                RecordError::RegisterDesignation,
            ),
            (
                |n| n.register_designation = "KASSA-1".into(),
                RecordError::RegisterDesignation,
            ),
            (
                |n| n.register_designation = "KÅSSA".into(),
                RecordError::RegisterDesignation,
            ),
            (
                |n| n.register_designation = "A".repeat(17),
                RecordError::RegisterDesignation,
            ),
            (|n| n.receipt_number = 0, RecordError::ReceiptNumber(0)),
            (
                |n| n.receipt_number = 1_000_000_000_000,
                RecordError::ReceiptNumber(1_000_000_000_000),
            ),
            (
                |n| n.return_amount = Ore::new(-1),
                RecordError::NegativeReturnAmount,
            ),
            (|n| n.sale_amount = Ore::ZERO, RecordError::ZeroTotal),
            (
                |n| n.sale_amount = Ore::new(100_000_000_000_000),
                RecordError::AmountTooLarge {
                    field: "sale amount",
                },
            ),
            (
                |n| n.time = jiff::civil::date(-1, 1, 1).at(0, 0, 0, 0),
                RecordError::Time(-1),
            ),
            (
                |n| {
                    n.vat = [25, 12, 6, 0, 1]
                        .iter()
                        .map(|p| VatSlot {
                            rate: VatRate::percent(*p),
                            amount: Ore::new(1),
                        })
                        .collect()
                },
                RecordError::TooManyVatRates(5),
            ),
            (
                |n| {
                    n.vat = vec![
                        VatSlot {
                            rate: VatRate::percent(12),
                            amount: Ore::new(1),
                        },
                        VatSlot {
                            rate: VatRate::percent(12),
                            amount: Ore::new(2),
                        },
                    ]
                },
                RecordError::DuplicateVatRate("12,00".into()),
            ),
        ];
        for (change, want) in cases {
            let mut n = new_record();
            change(&mut n);
            assert_eq!(Record::new(n), Err(want));
        }
        // The largest amount that fits 14 characters does fit.
        let mut n = new_record();
        n.sale_amount = Ore::new(9_999_999_999_999);
        assert!(Record::new(n).is_ok());
        let mut n = new_record();
        n.sale_amount = Ore::new(-999_999_999_999);
        assert!(Record::new(n).is_ok());
        let mut n = new_record();
        n.sale_amount = Ore::new(-9_999_999_999_999);
        assert!(Record::new(n).is_err());
    }

    #[test]
    fn zero_total_error_says_why() {
        let mut n = new_record();
        n.sale_amount = Ore::ZERO;
        let e = Record::new(n).unwrap_err().to_string();
        assert!(e.contains("zero-total receipt is not sent"), "{e}");
    }

    #[test]
    fn vat_slots_go_highest_rate_first_and_none_means_one_zero_slot() {
        let mut n = new_record();
        n.vat = vec![
            VatSlot {
                rate: VatRate::percent(6),
                amount: Ore::new(100),
            },
            VatSlot {
                rate: VatRate::percent(25),
                amount: Ore::new(200),
            },
            VatSlot {
                rate: VatRate::percent(12),
                amount: Ore::new(300),
            },
        ];
        let r = Record::new(n).unwrap();
        let rates: Vec<u32> = r.vat().iter().map(|s| s.rate.basis()).collect();
        assert_eq!(rates, [2500, 1200, 600]);
        let mut n = new_record();
        n.vat = vec![];
        let r = Record::new(n).unwrap();
        assert_eq!(
            r.vat(),
            [VatSlot {
                rate: VatRate::from_basis(0),
                amount: Ore::ZERO
            }]
        );
    }
}
