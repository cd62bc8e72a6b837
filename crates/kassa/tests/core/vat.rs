use jiff::civil::date;
use kassa::money::Ore;
use kassa::vat::{VatClass, VatRate, VatTable, sale_date};

#[test]
fn food_is_six_percent_only_during_the_reduction() {
    let vat = VatTable::sweden();
    let food = |d| vat.rate(VatClass::Food, d).unwrap();
    assert_eq!(food(date(2026, 3, 31)), VatRate::percent(12));
    assert_eq!(food(date(2026, 4, 1)), VatRate::percent(6));
    assert_eq!(food(date(2027, 12, 31)), VatRate::percent(6));
    assert_eq!(food(date(2028, 1, 1)), VatRate::percent(12));
}

#[test]
fn other_classes_keep_their_rates() {
    let vat = VatTable::sweden();
    for day in [date(2025, 1, 1), date(2026, 6, 1), date(2030, 1, 1)] {
        assert_eq!(
            vat.rate(VatClass::Standard, day).unwrap(),
            VatRate::percent(25)
        );
        assert_eq!(
            vat.rate(VatClass::Reduced, day).unwrap(),
            VatRate::percent(12)
        );
        assert_eq!(
            vat.rate(VatClass::Culture, day).unwrap(),
            VatRate::percent(6)
        );
        assert_eq!(
            vat.rate(VatClass::Exempt, day).unwrap(),
            VatRate::percent(0)
        );
    }
}

#[test]
fn the_date_is_swedish() {
    // 23:30 UTC on 31 March 2026 is already 1 April in Stockholm (CEST, +2).
    let late = "2026-03-31T22:30:00Z".parse().unwrap();
    assert_eq!(sale_date(late), date(2026, 4, 1));
    let earlier = "2026-03-31T21:59:59Z".parse().unwrap();
    assert_eq!(sale_date(earlier), date(2026, 3, 31));
}

#[test]
fn a_missing_rule_is_an_error() {
    let vat = VatTable::new(vec![]);
    let err = vat.rate(VatClass::Food, date(2026, 1, 1)).unwrap_err();
    assert_eq!(err.code(), kassa::ErrorCode::NoVatRate);
}

#[test]
fn tax_follows_kronors_rule() {
    // 125,00 kr at 25 % holds exactly 25,00 kr VAT.
    assert_eq!(
        VatRate::percent(25).tax_of(Ore::new(12_500)),
        Ore::new(2_500)
    );
    assert_eq!(
        VatRate::percent(12).tax_of(Ore::new(11_200)),
        Ore::new(1_200)
    );
    assert_eq!(VatRate::percent(0).tax_of(Ore::new(9_999)), Ore::ZERO);
    assert_eq!(
        VatRate::percent(25).tax_of(Ore::new(-12_500)),
        Ore::new(-2_500)
    );
    for total in 0..5_000i64 {
        for rate in [0u32, 600, 1200, 2500] {
            let tax = VatRate::from_basis(rate).tax_of(Ore::new(total)).get();
            let kronor = total - total * 10_000 / (10_000 + i64::from(rate));
            assert!((tax - kronor).abs() <= 1, "{total} at {rate}");
        }
    }
}
