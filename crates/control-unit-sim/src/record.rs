//! The record a control unit signs (SKVFS 2009:2) and the page's field rules. Both protocols
//! hand their fields here as text, so XCCSP and CCSP refuse exactly the same things.

use serde::Serialize;

/// One receipt's record as the unit received it, every field as its text on the wire.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Record {
    /// `YYYYMMDDhhmm`.
    pub date: String,
    pub org_no: String,
    /// The register designation (kassabeteckning).
    pub pos_id: String,
    pub receipt_id: String,
    pub receipt_type: String,
    /// The return amount, `0,00` on a sale.
    pub negative_total: String,
    /// The sale amount, negative on a return receipt.
    pub receipt_total: String,
    /// 1..4 VAT slots in the order written.
    pub vat: Vec<Vat>,
}

/// One VAT slot: rate and VAT amount, both in the page's amount format.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Vat {
    pub rate: String,
    pub amount: String,
}

/// The field that broke the page's rules (answered as Fault 3 / `NAK#003`).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid {field}: {value:?}")]
pub struct InvalidField {
    pub field: &'static str,
    pub value: String,
}

const RECEIPT_TYPES: [&str; 4] = ["normal", "kopia", "ovning", "profo"];

fn all_digits(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())
}

/// Kronor with a decimal comma and exactly two decimals, an optional leading `-`, at most
/// 14 characters, no thousands separator.
pub fn is_amount(s: &str) -> bool {
    if s.is_empty() || s.len() > 14 {
        return false;
    }
    let unsigned = s.strip_prefix('-').unwrap_or(s);
    match unsigned.split_once(',') {
        Some((kronor, ore)) => all_digits(kronor) && ore.len() == 2 && all_digits(ore),
        None => false,
    }
}

fn check(field: &'static str, value: &str, ok: bool) -> Result<(), InvalidField> {
    if ok {
        Ok(())
    } else {
        Err(InvalidField {
            field,
            value: value.to_owned(),
        })
    }
}

impl Record {
    /// Checks every field against the page's table.
    pub fn validate(&self) -> Result<(), InvalidField> {
        let d = &self.date;
        check("Date", d, d.len() == 12 && all_digits(d))?;
        let o = &self.org_no;
        check("OrgNo", o, o.len() == 10 && all_digits(o))?;
        let p = &self.pos_id;
        check(
            "PosId",
            p,
            (1..=16).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_alphanumeric()),
        )?;
        let r = &self.receipt_id;
        check(
            "ReceiptId",
            r,
            (1..=12).contains(&r.len()) && all_digits(r) && !(r.len() > 1 && r.starts_with('0')),
        )?;
        let t = &self.receipt_type;
        check("ReceiptType", t, RECEIPT_TYPES.contains(&t.as_str()))?;
        let n = &self.negative_total;
        check("NegativeTotal", n, is_amount(n) && !n.starts_with('-'))?;
        let s = &self.receipt_total;
        check("ReceiptTotal", s, is_amount(s))?;
        check(
            "VatList",
            &self.vat.len().to_string(),
            (1..=4).contains(&self.vat.len()),
        )?;
        for v in &self.vat {
            check(
                "Vat rate",
                &v.rate,
                is_amount(&v.rate) && !v.rate.starts_with('-'),
            )?;
            check("Vat amount", &v.amount, is_amount(&v.amount))?;
        }
        Ok(())
    }

    /// The fields joined by `;` in the page's table order, VAT slots as `rate;amount`: what
    /// the simulator's control code signs.
    pub fn signed_text(&self) -> String {
        let mut parts: Vec<&str> = vec![
            &self.date,
            &self.org_no,
            &self.pos_id,
            &self.receipt_id,
            &self.receipt_type,
            &self.negative_total,
            &self.receipt_total,
        ];
        for v in &self.vat {
            parts.push(&v.rate);
            parts.push(&v.amount);
        }
        parts.join(";")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    pub(crate) fn example() -> Record {
        Record {
            date: "202612071130".into(),
            org_no: "5566778899".into(),
            pos_id: "KASSA1".into(),
            receipt_id: "42".into(),
            receipt_type: "normal".into(),
            negative_total: "0,00".into(),
            receipt_total: "149,00".into(),
            vat: vec![Vat {
                rate: "25,00".into(),
                amount: "29,80".into(),
            }],
        }
    }

    #[test]
    fn the_pages_example_is_valid_and_signs_the_pages_text() {
        let r = example();
        assert_eq!(r.validate(), Ok(()));
        assert_eq!(
            r.signed_text(),
            "202612071130;5566778899;KASSA1;42;normal;0,00;149,00;25,00;29,80"
        );
    }

    #[test]
    fn amounts_follow_the_page() {
        for ok in ["0,00", "-149,00", "1234567,50", "99999999999,99"] {
            assert!(is_amount(ok), "{ok}");
        }
        for bad in [
            "",
            "149",
            "149.00",
            "149,0",
            "149,000",
            "1 234,00",
            "+1,00",
            "-",
            ",00",
            "999999999999,99",
        ] {
            assert!(!is_amount(bad), "{bad}");
        }
    }

    type Breaker = fn(&mut Record);

    #[test]
    fn each_field_is_checked() {
        let cases: [(Breaker, &str); 12] = [
            (|r| r.date = "20261207113".into(), "Date"),
            (|r| r.org_no = "556677-8899".into(), "OrgNo"),
            (|r| r.pos_id = "KASSA-1".into(), "PosId"),
            (|r| r.pos_id = "A".repeat(17), "PosId"),
            (|r| r.receipt_id = "042".into(), "ReceiptId"),
            (|r| r.receipt_id = "1234567890123".into(), "ReceiptId"),
            (|r| r.receipt_type = "retur".into(), "ReceiptType"),
            (|r| r.negative_total = "-1,00".into(), "NegativeTotal"),
            (|r| r.receipt_total = "149.00".into(), "ReceiptTotal"),
            (|r| r.vat.clear(), "VatList"),
            (|r| r.vat = vec![r.vat[0].clone(); 5], "VatList"),
            (|r| r.vat[0].amount = "29,8".into(), "Vat amount"),
        ];
        for (break_it, field) in cases {
            let mut r = example();
            break_it(&mut r);
            assert_eq!(r.validate().map_err(|e| e.field), Err(field));
        }
    }
}
