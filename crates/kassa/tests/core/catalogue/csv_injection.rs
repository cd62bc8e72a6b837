//! The CSV file as a way in: hidden characters and over-long categories are refused with
//! their line, as on the screens; exported text never starts a spreadsheet formula and
//! imports back unchanged.

use kassa::catalogue::{Problem, ProductField};

use crate::injection::{FORMULAS, HIDDEN};
use crate::temp_db;

/// A one-row file with `name` and `category` quoted as a spreadsheet would write them.
fn one_row(name: &str, category: &str, sku: &str) -> String {
    let q = |s: &str| format!("\"{}\"", s.replace('"', "\"\""));
    format!(
        "namn;pris;moms;kategori;sku\n{};20,00;food;{};{}\n",
        q(name),
        q(category),
        q(sku)
    )
}

fn sorted<T: Ord>(items: impl Iterator<Item = T>) -> Vec<T> {
    let mut items: Vec<T> = items.collect();
    items.sort();
    items
}

/// Line, column and problem of each problem of an import that must import nothing.
fn refused(db: &kassa::Db, file: &str) -> Vec<(u64, Option<ProductField>, Problem)> {
    let report = db.catalogue().import_csv_report(file.as_bytes()).unwrap();
    assert_eq!(report.imported, None, "{file:?}");
    report
        .problems
        .into_iter()
        .map(|p| (p.line, p.field, p.problem))
        .collect()
}

#[test]
fn hidden_characters_in_name_category_or_sku_are_refused_with_their_line() {
    let (_dir, db) = temp_db();
    for text in HIDDEN {
        for (file, field) in [
            (one_row(text, "Fika", ""), ProductField::Name),
            (one_row("Te", text, ""), ProductField::Category),
            (one_row("Te", "Fika", text), ProductField::Sku),
        ] {
            let found = refused(&db, &file);
            assert_eq!(found.len(), 1, "{text:?}: {found:?}");
            let (line, at, problem) = &found[0];
            assert_eq!((*line, *at), (2, Some(field)), "{text:?}");
            assert!(
                matches!(problem, Problem::ControlCharacter { .. }),
                "{text:?}: {problem:?}"
            );
        }
    }
    assert_eq!(db.catalogue().count().unwrap(), 0);
    assert!(db.catalogue().all_categories().unwrap().is_empty());
}

#[test]
fn the_import_keeps_the_category_limit_of_the_screen() {
    let (_dir, db) = temp_db();
    let huge = "K".repeat(1_000_000);
    let found = refused(&db, &one_row("Te", &huge, ""));
    assert_eq!(
        found,
        [(
            2,
            Some(ProductField::Category),
            Problem::TooLong { max: 40 }
        )]
    );
    let err = db
        .catalogue()
        .import_csv(one_row("Te", &"K".repeat(41), "").as_bytes())
        .unwrap_err();
    assert!(err.to_string().contains("line 2"), "{err}");
    assert!(db.catalogue().all_categories().unwrap().is_empty());
    db.catalogue()
        .import_csv(one_row("Te", &"K".repeat(40), "").as_bytes())
        .unwrap();
}

#[test]
fn exported_text_never_starts_a_formula_and_imports_back_unchanged() {
    let (_dir, db) = temp_db();
    let mut file = "namn;pris;moms;kategori;sku;sortering\n".to_owned();
    for (i, formula) in FORMULAS.iter().enumerate() {
        let q = |s: &str| format!("\"{}\"", s.replace('"', "\"\""));
        // A hand-made guard, as a spreadsheet user would type it, is taken off too.
        let guarded = format!("'{formula}");
        file += &format!(
            "{};20,00;food;{};{};-{i}\n",
            q(formula),
            q(&guarded),
            q(&format!("{formula}{i}"))
        );
    }
    let cat = db.catalogue();
    cat.import_csv(file.as_bytes()).unwrap();
    let expected = sorted(FORMULAS.iter().map(|f| f.to_string()));
    assert_eq!(
        sorted(cat.products().unwrap().into_iter().map(|p| p.name)),
        expected
    );
    let categories = sorted(cat.all_categories().unwrap().into_iter().map(|c| c.name));
    assert_eq!(categories, expected, "the leading quote was taken off");

    let mut out = Vec::new();
    cat.export_csv(&mut out).unwrap();
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(b';')
        .from_reader(out.as_slice());
    let mut rows = 0;
    for record in reader.records() {
        let record = record.unwrap();
        rows += 1;
        for text_column in [0, 3, 5] {
            let cell = &record[text_column];
            assert!(cell.starts_with('\''), "column {text_column}: {cell:?}");
        }
        assert!(
            record[7].parse::<i64>().is_ok(),
            "numbers are not guarded: {:?}",
            &record[7]
        );
    }
    assert_eq!(rows, FORMULAS.len());

    let (_dir2, copy) = temp_db();
    copy.catalogue().import_csv(out.as_slice()).unwrap();
    let key = |p: &kassa::Product| (p.name.clone(), p.sku.clone(), p.sort_order, p.price);
    let before = sorted(cat.products().unwrap().iter().map(key));
    let after = sorted(copy.catalogue().products().unwrap().iter().map(key));
    assert_eq!(after, before);
}
