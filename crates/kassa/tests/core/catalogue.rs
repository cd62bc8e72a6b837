use kassa::{Barcode, ErrorCode, NewProduct, Ore, VatClass};

use crate::temp_db;

#[test]
fn validates_ean8_ean13_and_upca_check_digits() {
    for good in ["4006381333931", "96385074", "036000291452", "7310865004703"] {
        assert_eq!(Barcode::parse(good).unwrap().as_str(), good);
    }
    for bad in [
        "4006381333932",
        "96385075",
        "036000291453",
        "12345",
        "40063813339a1",
        "",
    ] {
        let err = Barcode::parse(bad).unwrap_err();
        assert_eq!(err.code(), ErrorCode::InvalidBarcode, "{bad}");
    }
    assert_eq!(
        Barcode::with_check_digit("400638133393").unwrap().as_str(),
        "4006381333931"
    );
}

#[test]
fn adds_and_reads_back_products() {
    let (_dir, db) = temp_db();
    let cat = db.catalogue();
    let fika = cat.add_category("Fika", 1).unwrap();
    assert_eq!(
        cat.add_category("Fika", 5).unwrap().id,
        fika.id,
        "same name, same category"
    );
    let p = cat
        .add_product(NewProduct {
            category_id: Some(fika.id),
            barcode: Some(Barcode::parse("7310865004703").unwrap()),
            sku: Some("  BULLE-1 ".into()),
            sort_order: 3,
            ..NewProduct::new("  Kanelbulle ", Ore::new(3_200), VatClass::Food)
        })
        .unwrap();
    assert_eq!(p.name, "Kanelbulle");
    assert_eq!(p.sku.as_deref(), Some("BULLE-1"));
    assert_eq!(cat.product(p.id).unwrap(), p);
    assert_eq!(cat.products_in(fika.id).unwrap(), vec![p.clone()]);
    assert_eq!(cat.categories().unwrap(), vec![fika]);
}

#[test]
fn refuses_bad_products_with_clear_errors() {
    let (_dir, db) = temp_db();
    let cat = db.catalogue();
    let code = |r: kassa::Result<kassa::Product>| r.unwrap_err().code();
    assert_eq!(
        code(cat.add_product(NewProduct::new(" ", Ore::kr(1), VatClass::Food))),
        ErrorCode::InvalidProduct
    );
    assert_eq!(
        code(cat.add_product(NewProduct::new("Minus", Ore::new(-1), VatClass::Food))),
        ErrorCode::AmountOutOfRange
    );
    assert_eq!(
        code(cat.add_product(NewProduct::new("x".repeat(101), Ore::kr(1), VatClass::Food))),
        ErrorCode::InvalidProduct
    );
    let with_code = |name: &str, sku: &str| NewProduct {
        barcode: Some(Barcode::parse("96385074").unwrap()),
        sku: Some(sku.into()),
        ..NewProduct::new(name, Ore::kr(1), VatClass::Standard)
    };
    cat.add_product(with_code("Först", "A")).unwrap();
    let err = cat.add_product(with_code("Andra", "B")).unwrap_err();
    assert_eq!(err.code(), ErrorCode::Duplicate);
    assert!(err.to_string().contains("96385074"), "{err}");
    let err = cat
        .add_product(NewProduct {
            sku: Some("A".into()),
            ..NewProduct::new("Tredje", Ore::kr(1), VatClass::Standard)
        })
        .unwrap_err();
    assert_eq!(err.code(), ErrorCode::Duplicate);
    let err = cat
        .add_product(NewProduct {
            category_id: Some(999),
            ..NewProduct::new("Ingen kategori", Ore::kr(1), VatClass::Standard)
        })
        .unwrap_err();
    assert_eq!(err.code(), ErrorCode::NotFound);
    assert_eq!(cat.count().unwrap(), 1, "nothing half-written");
}

#[test]
fn finds_by_exact_barcode_including_upc_as_ean13() {
    let (_dir, db) = temp_db();
    let cat = db.catalogue();
    let cola = cat
        .add_product(NewProduct {
            barcode: Some(Barcode::parse("036000291452").unwrap()),
            ..NewProduct::new("Läsk", Ore::kr(20), VatClass::Food)
        })
        .unwrap();
    assert_eq!(cat.by_barcode("036000291452").unwrap(), Some(cola.clone()));
    assert_eq!(cat.by_barcode("0036000291452").unwrap(), Some(cola.clone()));
    assert_eq!(cat.by_barcode("4006381333931").unwrap(), None);
    assert_eq!(
        cat.by_barcode("4006381333932").unwrap_err().code(),
        ErrorCode::InvalidBarcode
    );
    // Inactive products are not sold.
    cat.update_product(
        cola.id,
        NewProduct {
            active: false,
            barcode: cola.barcode.clone(),
            ..NewProduct::new("Läsk", Ore::kr(20), VatClass::Food)
        },
    )
    .unwrap();
    assert_eq!(cat.by_barcode("036000291452").unwrap(), None);
}

fn names(found: &[kassa::Product]) -> Vec<&str> {
    found.iter().map(|p| p.name.as_str()).collect()
}

#[test]
fn search_ignores_case_and_diacritics_and_ranks_best_first() {
    let (_dir, db) = temp_db();
    let cat = db.catalogue();
    for (name, sku, code) in [
        ("Kaffé latte", "KAF-002", "7350000001011"),
        ("Kaffe", "KAF-001", "7350000001028"),
        ("Bryggkaffe stor", "KAF-003", "7350000001035"),
        ("Te med kaffesmak", "TE-001", "7350000001042"),
        ("Kanelbulle", "BAK-001", "7350000001059"),
    ] {
        cat.add_product(NewProduct {
            sku: Some(sku.into()),
            barcode: Some(Barcode::with_check_digit(&code[..12]).unwrap()),
            ..NewProduct::new(name, Ore::kr(30), VatClass::Reduced)
        })
        .unwrap();
    }
    let found = cat.search("kaffe", 10).unwrap();
    assert_eq!(
        names(&found)[..2],
        ["Kaffe", "Kaffé latte"],
        "exact, then name prefix"
    );
    assert!(names(&found).contains(&"Te med kaffesmak"));
    assert!(!names(&found).contains(&"Kanelbulle"));
    assert_eq!(
        names(&cat.search("KAFFÉ LAT", 10).unwrap()),
        ["Kaffé latte"]
    );
    assert_eq!(
        names(&cat.search("kaf-003", 10).unwrap()),
        ["Bryggkaffe stor"]
    );
    assert_eq!(
        names(&cat.search("7350000001", 10).unwrap()).len(),
        5,
        "barcode prefix"
    );
    // Few matches: ranked, names that start with the text before SKU-only matches.
    let short_found = cat.search("ka", 10).unwrap();
    let short = names(&short_found);
    assert_eq!(short.len(), 5);
    let mut last_two = short[3..].to_vec();
    last_two.sort();
    assert_eq!(last_two, ["Bryggkaffe stor", "Te med kaffesmak"]);
    let mut first_three = short[..3].to_vec();
    first_three.sort();
    assert_eq!(first_three, ["Kaffe", "Kaffé latte", "Kanelbulle"]);
    let kaffe_code = Barcode::with_check_digit("735000000102").unwrap();
    let by_code = cat.search(kaffe_code.as_str(), 10).unwrap();
    assert_eq!(names(&by_code), ["Kaffe"], "whole barcode");
    assert_eq!(cat.search("kaffe", 1).unwrap().len(), 1, "limit");
}

#[test]
fn no_keystroke_makes_search_fail() {
    let (_dir, db) = temp_db();
    let cat = db.catalogue();
    cat.add_product(NewProduct::new(
        "Kaffe \"special\"",
        Ore::kr(30),
        VatClass::Reduced,
    ))
    .unwrap();
    for typed in [
        "",
        " ",
        "\"",
        "\"\"",
        "*",
        "kaffe*",
        "AND",
        "kaffe OR",
        "NOT kaffe",
        "(",
        ")",
        "kaffe)",
        "-kaffe",
        "^",
        "name:kaffe",
        "'; DROP TABLE product; --",
        "NEAR(kaffe",
        "{",
        "%",
        "_",
        "\\",
        "kaffe \"spec",
        "ÅÄÖ",
        "😀",
    ] {
        cat.search(typed, 10)
            .unwrap_or_else(|e| panic!("{typed:?} failed: {e}"));
    }
    assert_eq!(
        names(&cat.search("\"special", 10).unwrap()),
        ["Kaffe \"special\""]
    );
    assert_eq!(cat.count().unwrap(), 1);
}

#[test]
fn search_follows_updates_and_skips_inactive_products() {
    let (_dir, db) = temp_db();
    let cat = db.catalogue();
    let p = cat
        .add_product(NewProduct::new("Mjölk", Ore::kr(15), VatClass::Food))
        .unwrap();
    cat.update_product(
        p.id,
        NewProduct::new("Havredryck", Ore::kr(25), VatClass::Food),
    )
    .unwrap();
    assert!(cat.search("mjölk", 10).unwrap().is_empty());
    assert_eq!(names(&cat.search("havre", 10).unwrap()), ["Havredryck"]);
    cat.update_product(
        p.id,
        NewProduct {
            active: false,
            ..NewProduct::new("Havredryck", Ore::kr(25), VatClass::Food)
        },
    )
    .unwrap();
    assert!(cat.search("havre", 10).unwrap().is_empty());
    assert_eq!(
        cat.update_product(999, NewProduct::new("x", Ore::kr(1), VatClass::Food))
            .unwrap_err()
            .code(),
        ErrorCode::NotFound
    );
}

#[test]
fn exact_and_prefix_names_come_first_even_among_thousands_of_matches() {
    let (_dir, db) = temp_db();
    let cat = db.catalogue();
    let mut csv = String::from("name;price;vat_class\n");
    for i in 0..2_500 {
        csv.push_str(&format!("Bryggkaffe sort {i};10;food\n"));
    }
    csv.push_str("Kaffe;10;food\nKaffebryggare;10;standard\n");
    cat.import_csv(csv.as_bytes()).unwrap();
    // "kaffe" is in 2 502 names (as a prefix of a word); the exact name still comes first.
    let found = cat.search("kaffe", 5).unwrap();
    assert_eq!(names(&found)[..2], ["Kaffe", "Kaffebryggare"]);
    assert_eq!(names(&cat.search("kaffeb", 5).unwrap()), ["Kaffebryggare"]);
    assert_eq!(
        cat.search("sort 247", 50).unwrap().len(),
        11,
        "247 and 2470..2479"
    );
}

mod admin;
mod csv_injection;
mod hidden;
