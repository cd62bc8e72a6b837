use kassa::error::Error;
use kassa::{ErrorCode, Ore, VatClass};

use crate::temp_db;

const GOOD_SEMICOLON: &str = "\u{feff}namn;pris;moms;kategori;streckkod;sku;aktiv;sortering
Kanelbulle;32,00;food;Bageri;7310865004703;B-1;ja;1
\"Kaffe; stort\";1 234,50;reduced;Kafé;;K-1;1;2
Presentkort;100;exempt;;;;;
";

#[test]
fn imports_semicolon_files_with_swedish_decimal_comma() {
    let (_dir, db) = temp_db();
    let cat = db.catalogue();
    let summary = cat.import_csv(GOOD_SEMICOLON.as_bytes()).unwrap();
    assert_eq!(summary.products, 3);
    assert_eq!(summary.new_categories, 2);
    let bulle = cat.by_barcode("7310865004703").unwrap().unwrap();
    assert_eq!(bulle.price, Ore::new(3_200));
    assert_eq!(bulle.vat_class, VatClass::Food);
    let kaffe = cat.search("kaffe stort", 5).unwrap();
    assert_eq!(kaffe[0].name, "Kaffe; stort");
    assert_eq!(kaffe[0].price, Ore::new(123_450));
    assert_eq!(cat.count().unwrap(), 3);
}

#[test]
fn imports_comma_files_and_updates_known_skus() {
    let (_dir, db) = temp_db();
    let cat = db.catalogue();
    cat.import_csv(GOOD_SEMICOLON.as_bytes()).unwrap();
    let comma =
        "name,price,vat_class,sku\nKanelbulle stor,\"35,50\",food,B-1\nSemla,49.00,food,S-1\n";
    let summary = cat.import_csv(comma.as_bytes()).unwrap();
    assert_eq!(summary.products, 2);
    assert_eq!(cat.count().unwrap(), 4, "B-1 updated, S-1 added");
    let updated = cat.search("kanelbulle stor", 1).unwrap();
    assert_eq!(updated[0].price, Ore::new(3_550));
    assert_eq!(updated[0].sku.as_deref(), Some("B-1"));
}

#[test]
fn reports_every_bad_row_and_imports_nothing() {
    let (_dir, db) = temp_db();
    let cat = db.catalogue();
    cat.import_csv("name;price;vat_class;barcode\nBefintlig;10;food;96385074\n".as_bytes())
        .unwrap();
    let file = "name;price;vat_class;barcode;sku
Bra rad;10,00;food;;A
;10,00;food;;B
Dyr;12,505;food;;C
Konstig moms;10;lyx;;D
Fel kod;10;food;4006381333932;E
Dubbel sku;10;food;;A
Upptagen kod;10;food;96385074;F
Negativ;-5;food;;G
";
    let err = cat.import_csv(file.as_bytes()).unwrap_err();
    assert_eq!(err.code(), ErrorCode::CsvImport);
    let Error::CsvImport(rows) = err else {
        unreachable!()
    };
    let lines: Vec<u64> = rows.iter().map(|r| r.line).collect();
    assert_eq!(lines, [3, 4, 5, 6, 7, 8, 9], "{rows:#?}");
    assert!(rows[0].reason.contains("name"));
    assert!(rows[1].reason.contains("12,505"));
    assert!(rows[2].reason.contains("lyx"));
    assert!(rows[3].reason.contains("check digit"));
    assert!(rows[4].reason.contains("twice"));
    assert!(rows[5].reason.contains("96385074"));
    assert!(rows[6].reason.contains("negative"));
    assert_eq!(
        cat.count().unwrap(),
        1,
        "the good row was not imported either"
    );
    assert!(cat.search("bra rad", 5).unwrap().is_empty());
}

#[test]
fn refuses_bad_headers_and_non_utf8() {
    let (_dir, db) = temp_db();
    let cat = db.catalogue();
    let err = cat.import_csv("name;price\nx;1\n".as_bytes()).unwrap_err();
    assert!(err.to_string().contains("vat_class"), "{err}");
    let err = cat
        .import_csv("name;price;vat_class;color\n".as_bytes())
        .unwrap_err();
    assert!(err.to_string().contains("color"), "{err}");
    let latin1: &[u8] = b"name;price;vat_class\nK\xe4rna;1;food\n";
    let Error::CsvImport(rows) = cat.import_csv(latin1).unwrap_err() else {
        panic!()
    };
    assert_eq!(rows[0].line, 2);
    assert!(rows[0].reason.contains("UTF-8"));
}

#[test]
fn export_then_import_round_trips() {
    let (_dir, db) = temp_db();
    kassa::demo::load(&db).unwrap();
    let mut out = Vec::new();
    assert_eq!(db.catalogue().export_csv(&mut out).unwrap(), 60);
    let text = String::from_utf8(out.clone()).unwrap();
    assert!(
        text.starts_with("name;price;vat_class;category;barcode;sku;active;sort_order;article\n")
    );
    assert!(text.contains("Kanelbulle;32,00;food;Bageri;"), "{text}");

    let (_dir2, other) = temp_db();
    other.catalogue().import_csv(out.as_slice()).unwrap();
    let strip = |mut ps: Vec<kassa::Product>| {
        ps.iter_mut().for_each(|p| {
            p.id = 0;
            p.category_id = None;
        });
        ps.sort_by(|a, b| a.sku.cmp(&b.sku));
        ps
    };
    assert_eq!(
        strip(other.catalogue().products().unwrap()),
        strip(db.catalogue().products().unwrap())
    );
    assert_eq!(other.catalogue().categories().unwrap().len(), 5);
}

#[test]
fn a_failed_big_import_leaves_search_working() {
    let (_dir, db) = temp_db();
    let cat = db.catalogue();
    let mut file = String::from("name;price;vat_class\n");
    for i in 0..3_000 {
        file.push_str(&format!("Vara {i};10;food\n"));
    }
    file.push_str("Trasig;tio;food\n");
    let Error::CsvImport(rows) = cat.import_csv(file.as_bytes()).unwrap_err() else {
        panic!()
    };
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].line, 3_002);
    assert_eq!(cat.count().unwrap(), 0);
    // The search index is still kept up to date row by row.
    cat.add_product(kassa::NewProduct::new(
        "Lingonsylt",
        Ore::kr(59),
        VatClass::Food,
    ))
    .unwrap();
    assert_eq!(cat.search("lingon", 5).unwrap().len(), 1);
    // And a big import that succeeds is searchable.
    file.truncate(file.len() - "Trasig;tio;food\n".len());
    assert_eq!(cat.import_csv(file.as_bytes()).unwrap().products, 3_000);
    assert_eq!(cat.search("vara 2999", 5).unwrap()[0].name, "Vara 2999");
    cat.add_product(kassa::NewProduct::new(
        "Blåbärssylt",
        Ore::kr(59),
        VatClass::Food,
    ))
    .unwrap();
    assert_eq!(cat.search("blabar", 5).unwrap().len(), 1);
}

#[test]
fn goods_or_service_per_product_is_a_column_goods_when_left_out() {
    let (_dir, db) = temp_db();
    let cat = db.catalogue();
    let file = "namn;pris;moms;sku;typ\nPresentinslagning;25;standard;S-1;tjänst\nKanelbulle;32;food;B-1;\n";
    cat.import_csv(file.as_bytes()).unwrap();
    let by_sku = |sku: &str| {
        cat.products()
            .unwrap()
            .into_iter()
            .find(|p| p.sku.as_deref() == Some(sku))
            .unwrap()
    };
    assert_eq!(
        by_sku("S-1").article,
        kassa::catalogue::ArticleKind::Service
    );
    assert_eq!(by_sku("B-1").article, kassa::catalogue::ArticleKind::Goods);
    // A file without the column (the old export) keeps everything goods.
    cat.import_csv(GOOD_SEMICOLON.as_bytes()).unwrap();
    assert_eq!(by_sku("K-1").article, kassa::catalogue::ArticleKind::Goods);

    let mut out = Vec::new();
    cat.export_csv(&mut out).unwrap();
    let text = String::from_utf8(out).unwrap();
    assert!(
        text.lines().next().unwrap().ends_with(";article")
            || text.lines().next().unwrap().ends_with(",article"),
        "{text}"
    );
    assert!(
        text.contains("Presentinslagning") && text.contains("service"),
        "{text}"
    );
    // The export reads back as it was.
    let (_dir2, other) = temp_db();
    other.catalogue().import_csv(text.as_bytes()).unwrap();
    let again = other.catalogue().products().unwrap();
    assert!(
        again.iter().any(|p| p.sku.as_deref() == Some("S-1")
            && p.article == kassa::catalogue::ArticleKind::Service)
    );

    let bad = "namn;pris;moms;typ\nX;1;standard;kanske\n";
    let Err(Error::CsvImport(rows)) = cat.import_csv(bad.as_bytes()) else {
        panic!("a kind that is neither is refused");
    };
    assert!(rows[0].reason.contains("neither goods"), "{:?}", rows);
}
