//! Keeping the catalogue: drafts with problems by field, deactivation, category admin, the
//! import report and the export file.

use jiff::Timestamp;
use kassa::Ore;
use kassa::catalogue::{CategorySaved, Problem, ProductDraft, ProductField, Saved};

use crate::temp_db;

fn draft(name: &str, price: &str, barcode: &str) -> ProductDraft {
    ProductDraft {
        name: name.into(),
        price: price.into(),
        vat_class: "food".into(),
        category_id: None,
        barcode: barcode.into(),
        sku: String::new(),
        active: true,
        article: Default::default(),
    }
}

fn saved(s: Saved) -> kassa::Product {
    match s {
        Saved::Product(p) => p,
        Saved::Invalid(problems) => panic!("not saved: {problems:?}"),
    }
}

fn problems(s: Saved) -> Vec<(ProductField, Problem)> {
    match s {
        Saved::Invalid(problems) => problems.into_iter().map(|p| (p.field, p.problem)).collect(),
        Saved::Product(p) => panic!("saved {p:?}"),
    }
}

#[test]
fn a_draft_reports_every_bad_field_at_once_and_writes_nothing() {
    let (_dir, db) = temp_db();
    let cat = db.catalogue();
    let mut bad = draft("  ", "12,505", "4006381333932");
    bad.vat_class = "lyx".into();
    bad.sku = "x".repeat(65);
    let found = problems(cat.save_product(None, &bad).unwrap());
    assert_eq!(
        found,
        [
            (ProductField::Name, Problem::Empty),
            (
                ProductField::Price,
                Problem::NotAnAmount {
                    typed: "12,505".into()
                }
            ),
            (
                ProductField::VatClass,
                Problem::UnknownVatClass {
                    typed: "lyx".into()
                }
            ),
            (
                ProductField::Barcode,
                Problem::BarcodeCheckDigit {
                    typed: "4006381333932".into(),
                    expected: 1
                }
            ),
            (ProductField::Sku, Problem::TooLong { max: 64 }),
        ]
    );
    assert_eq!(cat.count().unwrap(), 0);

    let price = |typed: &str| problems(cat.save_product(None, &draft("Bulle", typed, "")).unwrap());
    assert_eq!(
        price("-5"),
        [(
            ProductField::Price,
            Problem::Negative { typed: "-5".into() }
        )]
    );
    assert_eq!(
        price("30 000 000"),
        [(
            ProductField::Price,
            Problem::TooLarge {
                typed: "30 000 000".into()
            }
        )]
    );
    assert_eq!(price(""), [(ProductField::Price, Problem::Empty)]);
    assert_eq!(
        price("tolv"),
        [(
            ProductField::Price,
            Problem::NotAnAmount {
                typed: "tolv".into()
            }
        )]
    );

    // The same product typed right is saved, price as the cashier typed it.
    let p = saved(
        cat.save_product(None, &draft(" Bulle ", "12,50", "4006381333931"))
            .unwrap(),
    );
    assert_eq!((p.name.as_str(), p.price), ("Bulle", Ore::new(1_250)));
    assert_eq!(ProductDraft::of(&p).price, "12,50");
}

#[test]
fn a_barcode_or_sku_of_another_product_is_named_and_an_edit_keeps_its_own() {
    let (_dir, db) = temp_db();
    let cat = db.catalogue();
    let mut first = draft("Kanelbulle", "32", "036000291452");
    first.sku = "B-1".into();
    let bulle = saved(cat.save_product(None, &first).unwrap());

    // The EAN-13 spelling of the same UPC-A is the same product.
    let mut second = draft("Semla", "49", "0036000291452");
    second.sku = "B-1".into();
    assert_eq!(
        problems(cat.save_product(None, &second).unwrap()),
        [
            (
                ProductField::Barcode,
                Problem::Taken {
                    value: "0036000291452".into(),
                    by: "Kanelbulle".into()
                }
            ),
            (
                ProductField::Sku,
                Problem::Taken {
                    value: "B-1".into(),
                    by: "Kanelbulle".into()
                }
            ),
        ]
    );
    assert_eq!(cat.count().unwrap(), 1);

    // Editing keeps the product's own barcode and SKU, and its place.
    cat.update_product(bulle.id, {
        let mut p = kassa::NewProduct::new("Kanelbulle", bulle.price, bulle.vat_class);
        p.barcode = bulle.barcode.clone();
        p.sku = bulle.sku.clone();
        p.sort_order = 7;
        p
    })
    .unwrap();
    first.price = "35,00".into();
    let edited = saved(cat.save_product(Some(bulle.id), &first).unwrap());
    assert_eq!(
        (edited.price, edited.sort_order),
        (Ore::new(3_500), 7),
        "new price, same place"
    );

    let mut gone = draft("X", "1", "");
    gone.category_id = Some(999);
    assert_eq!(
        problems(cat.save_product(None, &gone).unwrap()),
        [(ProductField::Category, Problem::UnknownCategory)]
    );
    let missing = cat.save_product(Some(999), &first).unwrap_err();
    assert_eq!(missing.code(), kassa::ErrorCode::NotFound);
}

#[test]
fn a_deactivated_product_leaves_the_sale_screen_and_comes_back() {
    let (_dir, db) = temp_db();
    let cat = db.catalogue();
    let fika = cat.add_category("Fika", 0).unwrap();
    let mut d = draft("Lussekatt", "25", "96385074");
    d.category_id = Some(fika.id);
    let p = saved(cat.save_product(None, &d).unwrap());
    assert_eq!(cat.search("lusse", 5).unwrap().len(), 1);

    let off = cat.set_product_active(p.id, false).unwrap();
    assert!(!off.active);
    assert!(cat.search("lusse", 5).unwrap().is_empty(), "not in search");
    assert!(
        cat.search("9638", 5).unwrap().is_empty(),
        "not by barcode prefix"
    );
    assert_eq!(cat.by_barcode("96385074").unwrap(), None, "not scannable");
    assert!(
        cat.products_in(fika.id).unwrap().is_empty(),
        "not in the grid"
    );
    // The catalogue screen still lists it, by name or with nothing typed.
    assert_eq!(cat.find_products("lusse", 5).unwrap()[0].id, p.id);
    assert_eq!(cat.find_products("9638", 5).unwrap()[0].id, p.id);
    assert_eq!(cat.find_products("", 5).unwrap()[0].id, p.id);
    // And its barcode stays taken.
    assert!(matches!(
        cat.save_product(None, &draft("Annan", "1", "96385074"))
            .unwrap(),
        Saved::Invalid(_)
    ));

    cat.set_product_active(p.id, true).unwrap();
    assert_eq!(cat.by_barcode("96385074").unwrap().unwrap().id, p.id);
    assert_eq!(cat.products_in(fika.id).unwrap().len(), 1);
    assert_eq!(
        cat.set_product_active(999, false).unwrap_err().code(),
        kassa::ErrorCode::NotFound
    );
}

#[test]
fn categories_are_added_renamed_reordered_and_put_away() {
    let (_dir, db) = temp_db();
    let cat = db.catalogue();
    let add = |name: &str| match cat.create_category(name).unwrap() {
        CategorySaved::Category(c) => c,
        CategorySaved::Invalid(p) => panic!("{p:?}"),
    };
    let fika = add("Fika");
    let bröd = add("Bröd");
    let jul = add(" Jul ");
    assert_eq!(
        (jul.name.as_str(), jul.sort_order),
        ("Jul", 2),
        "at the end"
    );
    assert_eq!(
        cat.create_category("Fika").unwrap(),
        CategorySaved::Invalid(Problem::Taken {
            value: "Fika".into(),
            by: "Fika".into()
        })
    );
    assert_eq!(
        cat.create_category(" ").unwrap(),
        CategorySaved::Invalid(Problem::Empty)
    );

    assert_eq!(
        cat.rename_category(bröd.id, "Fika").unwrap(),
        CategorySaved::Invalid(Problem::Taken {
            value: "Fika".into(),
            by: "Fika".into()
        })
    );
    let CategorySaved::Category(renamed) = cat.rename_category(bröd.id, "Bageri").unwrap() else {
        panic!()
    };
    assert_eq!(renamed.name, "Bageri");

    let order = cat.reorder_categories(&[jul.id, fika.id, bröd.id]).unwrap();
    let names: Vec<&str> = order.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(names, ["Jul", "Fika", "Bageri"]);
    // A stale list (one category missing) changes nothing.
    assert!(cat.reorder_categories(&[fika.id, jul.id]).is_err());
    assert_eq!(cat.categories().unwrap()[0].name, "Jul");

    let off = cat.set_category_active(jul.id, false).unwrap();
    assert!(!off.active);
    let grid: Vec<String> = cat
        .categories()
        .unwrap()
        .into_iter()
        .map(|c| c.name)
        .collect();
    assert_eq!(grid, ["Fika", "Bageri"], "the sale screen's grid");
    assert_eq!(
        cat.all_categories().unwrap().len(),
        3,
        "the catalogue screen"
    );
    cat.set_category_active(jul.id, true).unwrap();
    assert_eq!(cat.categories().unwrap().len(), 3);
}

#[test]
fn the_import_report_names_line_and_column_and_imports_nothing_until_fixed() {
    let (_dir, db) = temp_db();
    let cat = db.catalogue();
    let bad = "namn;pris;moms;streckkod
Kanelbulle;32,00;food;7310865004703
Semla;49,00;food;7310865004704
Kaffe;tio;food;
";
    let report = cat.import_csv_report(bad.as_bytes()).unwrap();
    assert_eq!(report.rows, 3);
    assert_eq!(report.good_rows(), 1);
    assert_eq!(report.imported, None);
    let found: Vec<(u64, Option<&str>, Option<ProductField>)> = report
        .problems
        .iter()
        .map(|p| (p.line, p.column.as_deref(), p.field))
        .collect();
    assert_eq!(
        found,
        [
            (3, Some("streckkod"), Some(ProductField::Barcode)),
            (4, Some("pris"), Some(ProductField::Price)),
        ]
    );
    assert_eq!(cat.count().unwrap(), 0, "nothing imported");

    let fixed = bad
        .replace("7310865004704", "96385074")
        .replace("tio", "10");
    let report = cat.import_csv_report(fixed.as_bytes()).unwrap();
    assert!(report.problems.is_empty(), "{:?}", report.problems);
    assert_eq!(report.imported.map(|s| s.products), Some(3));
    assert_eq!(cat.count().unwrap(), 3);

    let header = cat
        .import_csv_report("namn;pris;färg\n".as_bytes())
        .unwrap();
    assert_eq!(header.problems[0].line, 1);
    assert_eq!(
        header.problems[0].problem,
        Problem::UnknownColumn {
            name: "färg".into()
        }
    );
}

#[test]
fn export_to_a_file_includes_inactive_products_and_categories() {
    let (dir, db) = temp_db();
    kassa::demo::load(&db).unwrap();
    let cat = db.catalogue();
    let first = cat.all_categories().unwrap()[0].clone();
    cat.set_category_active(first.id, false).unwrap();
    let product = cat.products_in(first.id).unwrap()[0].clone();
    cat.set_product_active(product.id, false).unwrap();

    let folder = dir.path().join("Hämtade filer");
    let at: Timestamp = "2026-11-27T17:05:09Z".parse().unwrap();
    let (path, rows) = cat.export_csv_file(&folder, at).unwrap();
    assert_eq!(rows, 60);
    assert_eq!(
        path.file_name().unwrap().to_str().unwrap(),
        "kassa-katalog-2026-11-27-180509.csv",
        "Swedish time in the name"
    );
    let names: Vec<_> = std::fs::read_dir(&folder).unwrap().collect();
    assert_eq!(names.len(), 1, "no temporary file left behind");
    let text = std::fs::read_to_string(&path).unwrap();
    let line = format!("{};", product.name);
    let row = text.lines().find(|l| l.starts_with(&line)).unwrap();
    assert!(row.contains(&format!(";{};", first.name)), "{row}");
    assert!(
        row.ends_with(&format!(";0;{};goods", product.sort_order)),
        "{row}"
    );
}

#[test]
fn a_receipt_keeps_a_product_that_was_renamed_repriced_and_put_away() {
    use kassa::journal::{NewEntry, PaymentMethod};
    use kassa::{Cart, VatTable};

    let (_dir, db) = temp_db();
    let cat = db.catalogue();
    let p = saved(
        cat.save_product(None, &draft("Lussekatt", "25,00", "96385074"))
            .unwrap(),
    );
    let at: Timestamp = "2026-12-13T09:00:00Z".parse().unwrap();
    let mut cart = Cart::new();
    cart.add_product(&p, 2).unwrap();
    let totals = cart
        .totals(&VatTable::sweden(), kassa::vat::sale_date(at))
        .unwrap();
    let mut sale = NewEntry::sale("kassa-1", false, at, "Kim", PaymentMethod::Swish, &totals);
    sale.order_id = Some("order-lucia".into());
    let registered = db.journal().register(sale).unwrap();

    saved(
        cat.save_product(Some(p.id), &draft("Lussebulle", "30,00", "96385074"))
            .unwrap(),
    );
    cat.set_product_active(p.id, false).unwrap();

    let receipt = db.journal().entry(registered.id).unwrap();
    assert_eq!(receipt.lines.len(), 1);
    assert_eq!(receipt.lines[0].name, "Lussekatt");
    assert_eq!(receipt.lines[0].unit_price, Ore::new(2_500));
    assert_eq!(receipt.lines[0].total, Ore::new(5_000));
}
