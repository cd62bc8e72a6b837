//! Customers chosen by `nationalIdentificationNumber`, the way payment test cards work: each
//! constant is a Luhn-valid 12-digit personnummer that makes the order take one fixed path.
//! Every other valid personnummer follows the normal flow and waits in `SCA_REQUIRED`.

/// Goes straight `PRE_FLIGHT_SCORING → RISK_SCORING → WAITING_FOR_CAPTURE`, no SCA.
pub const APPROVED_WITHOUT_SCA: &str = "199001010017";
/// SCA approves, then risk scoring answers `REJECTED`.
pub const REJECTED_AT_RISK_SCORING: &str = "199001010025";
/// Stays `SCA_REQUIRED` until cancelled or timed out; the SCA page cannot finish it.
pub const SCA_NEVER_FINISHES: &str = "199001010033";
/// An ordinary customer (Skatteverket's test person Tolvan Tolvansson): normal flow.
pub const NORMAL: &str = "191212121212";

/// Which path an order takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Scenario {
    Normal,
    ApprovedWithoutSca,
    RejectedAtRiskScoring,
    ScaNeverFinishes,
}

impl Scenario {
    pub(crate) fn of(personnummer: &str) -> Scenario {
        match normalise(personnummer).as_deref() {
            Some(APPROVED_WITHOUT_SCA) => Scenario::ApprovedWithoutSca,
            Some(REJECTED_AT_RISK_SCORING) => Scenario::RejectedAtRiskScoring,
            Some(SCA_NEVER_FINISHES) => Scenario::ScaNeverFinishes,
            _ => Scenario::Normal,
        }
    }
}

/// `YYYYMMDDNNNC` or `YYYYMMDD-NNNC` → the 12 digits, if the check digit is right.
pub(crate) fn normalise(personnummer: &str) -> Option<String> {
    let digits: String = personnummer.chars().filter(|c| *c != '-').collect();
    if digits.len() != 12 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    if personnummer.matches('-').count() > 1 {
        return None;
    }
    luhn_ok(&digits[2..]).then_some(digits)
}

/// Luhn over the 10-digit form, as Skatteverket defines the check digit.
fn luhn_ok(ten: &str) -> bool {
    let sum: u32 = ten
        .bytes()
        .enumerate()
        .map(|(i, b)| {
            let d = u32::from(b - b'0') * if i % 2 == 0 { 2 } else { 1 };
            d / 10 + d % 10
        })
        .sum();
    sum.is_multiple_of(10)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scenario_numbers_are_valid_personnummer() {
        for n in [
            APPROVED_WITHOUT_SCA,
            REJECTED_AT_RISK_SCORING,
            SCA_NEVER_FINISHES,
            NORMAL,
        ] {
            assert_eq!(normalise(n).as_deref(), Some(n));
        }
        assert_eq!(normalise("19121212-1212").as_deref(), Some(NORMAL));
        assert_eq!(normalise("191212121213"), None);
        assert_eq!(normalise("12121212"), None);
        assert_eq!(Scenario::of("19900101-0017"), Scenario::ApprovedWithoutSca);
        assert_eq!(Scenario::of(NORMAL), Scenario::Normal);
    }
}
