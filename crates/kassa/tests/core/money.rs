use kassa::{ErrorCode, Locale, Ore};

#[test]
fn formats_swedish_and_english() {
    let amount = Ore::new(123_450);
    assert_eq!(amount.format(Locale::Swedish), "1 234,50 kr");
    assert_eq!(amount.format(Locale::English), "SEK 1,234.50");
    assert_eq!(Ore::new(5).format(Locale::Swedish), "0,05 kr");
    assert_eq!(
        Ore::new(-100_000_000).format(Locale::Swedish),
        "-1 000 000,00 kr"
    );
    assert_eq!(Ore::new(-150).format(Locale::English), "-SEK 1.50");
}

#[test]
fn parses_what_a_cashier_types() {
    for (typed, ore) in [
        ("12,50", 1250),
        ("12.50", 1250),
        ("12", 1200),
        ("1 234,50", 123_450),
        ("  7,5 ", 750),
        ("0", 0),
        ("1 000 000", 100_000_000),
        ("1\u{a0}234,50", 123_450),
    ] {
        assert_eq!(Ore::parse(typed).unwrap(), Ore::new(ore), "{typed}");
    }
}

#[test]
fn rejects_anything_else_with_a_message() {
    for typed in [
        "", "abc", "12,505", "-5", "1.234,50", "12 34", "1,2,3", "12,", ",5", "1e3", "12 kr", "½",
        "1234 567",
    ] {
        let err = Ore::parse(typed).unwrap_err();
        assert_eq!(err.code(), ErrorCode::InvalidAmount, "{typed}");
        assert!(
            err.to_string().contains("12,50"),
            "message shows an example: {err}"
        );
    }
    let err = Ore::parse("99 999 999").unwrap_err();
    assert_eq!(err.code(), ErrorCode::AmountOutOfRange);
}

#[test]
fn kronor_amounts_are_32_bit() {
    assert_eq!(Ore::new(i32::MAX as i64).to_kronor().unwrap(), i32::MAX);
    let err = Ore::new(i32::MAX as i64 + 1).to_kronor().unwrap_err();
    assert_eq!(err.code(), ErrorCode::AmountOutOfRange);
}

#[test]
fn error_body_serializes_code_and_message() {
    let err = Ore::parse("x").unwrap_err();
    let json = serde_json::to_value(err.body()).unwrap();
    assert_eq!(json["code"], "invalid_amount");
    assert!(json["message"].as_str().unwrap().contains("\"x\""));
}
