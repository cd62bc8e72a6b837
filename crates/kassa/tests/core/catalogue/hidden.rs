//! Control, bidi and zero-width characters are refused wherever the catalogue screen saves
//! text: product names and SKUs (new and edited), category names, and the core's own
//! `add_product` / `add_category`.

use kassa::catalogue::{CategorySaved, Problem, ProductDraft, ProductField, Saved};
use kassa::{ErrorCode, NewProduct, Ore, VatClass};

use crate::injection::{DRAWER_PULSE, FORMULAS, HIDDEN};
use crate::temp_db;

fn draft(name: &str) -> ProductDraft {
    ProductDraft {
        name: name.into(),
        price: "20,00".into(),
        vat_class: "food".into(),
        active: true,
        article: Default::default(),
        ..ProductDraft::default()
    }
}

/// The one problem of a refused save, by field.
fn refused(s: Saved) -> (ProductField, Problem) {
    match s {
        Saved::Invalid(problems) if problems.len() == 1 => {
            (problems[0].field, problems[0].problem.clone())
        }
        other => panic!("expected one problem, got {other:?}"),
    }
}

fn is_control(p: &Problem) -> bool {
    matches!(p, Problem::ControlCharacter { .. })
}

#[test]
fn a_product_name_or_sku_with_a_hidden_character_is_refused_new_or_edited() {
    let (_dir, db) = temp_db();
    let cat = db.catalogue();
    let kept = match cat.save_product(None, &draft("Kaffe")).unwrap() {
        Saved::Product(p) => p,
        other => panic!("{other:?}"),
    };
    for text in HIDDEN {
        let (field, problem) = refused(cat.save_product(None, &draft(text)).unwrap());
        assert_eq!(field, ProductField::Name, "{text:?}");
        assert!(is_control(&problem), "{text:?}: {problem:?}");

        let edit = cat.save_product(Some(kept.id), &draft(text)).unwrap();
        assert_eq!(refused(edit).0, ProductField::Name, "{text:?}");

        let mut with_sku = draft("Te");
        with_sku.sku = text.into();
        let (field, problem) = refused(cat.save_product(None, &with_sku).unwrap());
        assert_eq!(field, ProductField::Sku, "{text:?}");
        assert!(is_control(&problem), "{text:?}: {problem:?}");
    }
    assert_eq!(
        cat.count().unwrap(),
        1,
        "nothing but the first product saved"
    );
    assert_eq!(cat.product(kept.id).unwrap().name, "Kaffe");
    // Letters beyond ASCII and formula-like text are names like any other.
    for name in [
        "Kafé Ängen – åäö €",
        "Crème brûlée",
        FORMULAS[0],
        FORMULAS[3],
    ] {
        let saved = cat.save_product(None, &draft(name)).unwrap();
        assert!(matches!(saved, Saved::Product(_)), "{name:?}");
    }
}

#[test]
fn the_problem_names_the_character_by_its_code_point() {
    let (_dir, db) = temp_db();
    let (_, problem) = refused(
        db.catalogue()
            .save_product(None, &draft(DRAWER_PULSE))
            .unwrap(),
    );
    assert_eq!(
        problem,
        Problem::ControlCharacter {
            code: "U+001B".into()
        }
    );
    assert!(problem.message("name").contains("U+001B"));
}

#[test]
fn a_category_name_with_a_hidden_character_is_refused_new_or_renamed() {
    let (_dir, db) = temp_db();
    let cat = db.catalogue();
    let fika = match cat.create_category("Fika").unwrap() {
        CategorySaved::Category(c) => c,
        other => panic!("{other:?}"),
    };
    for text in HIDDEN {
        for saved in [
            cat.create_category(text).unwrap(),
            cat.rename_category(fika.id, text).unwrap(),
        ] {
            match saved {
                CategorySaved::Invalid(problem) => assert!(is_control(&problem), "{text:?}"),
                other => panic!("{text:?} saved: {other:?}"),
            }
        }
    }
    assert_eq!(
        cat.all_categories().unwrap(),
        [fika],
        "unchanged, none added"
    );
}

#[test]
fn the_cores_own_add_functions_refuse_hidden_characters_too() {
    let (_dir, db) = temp_db();
    let cat = db.catalogue();
    for text in HIDDEN {
        let product = NewProduct::new(text, Ore::new(2_000), VatClass::Food);
        let err = cat.add_product(product).unwrap_err();
        assert_eq!(err.code(), ErrorCode::InvalidProduct, "{text:?}");
        let mut with_sku = NewProduct::new("Te", Ore::new(2_000), VatClass::Food);
        with_sku.sku = Some(text.into());
        assert_eq!(
            cat.add_product(with_sku).unwrap_err().code(),
            ErrorCode::InvalidProduct
        );
        let err = cat.add_category(text, 0).unwrap_err();
        assert_eq!(err.code(), ErrorCode::InvalidProduct, "{text:?}");
    }
    assert_eq!(cat.count().unwrap(), 0);
    assert!(cat.all_categories().unwrap().is_empty());
}
