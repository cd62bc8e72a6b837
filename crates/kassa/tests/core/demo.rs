use std::collections::HashSet;

use kassa::VatClass;

use crate::temp_db;

#[test]
fn demo_catalogue_is_a_realistic_cafe_using_every_vat_class() {
    let (_dir, db) = temp_db();
    assert_eq!(kassa::demo::load(&db).unwrap(), 60);
    let cat = db.catalogue();
    assert_eq!(cat.categories().unwrap().len(), 5);
    let products = cat.products().unwrap();
    let classes: HashSet<VatClass> = products.iter().map(|p| p.vat_class).collect();
    assert_eq!(classes.len(), VatClass::ALL.len());
    assert!(
        products
            .iter()
            .all(|p| p.barcode.is_some() && p.category_id.is_some())
    );
    assert!(!cat.search("kanel", 5).unwrap().is_empty());
    // Loading again adds nothing.
    assert_eq!(kassa::demo::load(&db).unwrap(), 0);
    assert_eq!(cat.count().unwrap(), 60);
}

#[test]
fn going_live_takes_the_demo_products_off_sale_and_keeps_the_merchants_own() {
    let (_dir, db) = temp_db();
    kassa::demo::load(&db).unwrap();
    let cat = db.catalogue();
    // The merchant made one demo product their own (new barcode) and added one of theirs.
    let mugg = cat.search("Kaffekopp", 1).unwrap().remove(0);
    let own = kassa::NewProduct {
        barcode: Some(kassa::Barcode::parse("7310865004703").unwrap()),
        sku: mugg.sku.clone(),
        category_id: mugg.category_id,
        ..kassa::NewProduct::new("Kaffekopp Ängen", mugg.price, mugg.vat_class)
    };
    cat.update_product(mugg.id, own).unwrap();
    let category = cat.categories().unwrap()[0].id;
    cat.add_product(kassa::NewProduct {
        category_id: Some(category),
        ..kassa::NewProduct::new("Husets bulle", kassa::Ore::new(3_000), VatClass::Food)
    })
    .unwrap();
    assert_eq!(kassa::demo::products_for_sale(&db).unwrap(), 59);

    assert_eq!(kassa::demo::take_off_sale(&db).unwrap(), 59);
    assert_eq!(kassa::demo::products_for_sale(&db).unwrap(), 0);
    // Neither search nor the scanner finds a demo product any more.
    assert!(cat.search("kanelbulle", 5).unwrap().is_empty());
    let demo_code = kassa::Barcode::with_check_digit("735000001001").unwrap();
    assert!(cat.by_barcode(demo_code.as_str()).unwrap().is_none());
    // The merchant's products stay, and so do the categories they are in.
    assert_eq!(cat.search("Kaffekopp", 5).unwrap().len(), 1);
    assert_eq!(cat.search("Husets bulle", 5).unwrap().len(), 1);
    let left: Vec<i64> = cat.categories().unwrap().iter().map(|c| c.id).collect();
    assert_eq!(left.len(), 2, "the first and the mug's category: {left:?}");
    assert!(left.contains(&category));
    assert!(left.contains(&mugg.category_id.unwrap()));
    // Nothing was deleted: the catalogue screen can put them back.
    assert_eq!(cat.count().unwrap(), 61);
    assert_eq!(
        kassa::demo::take_off_sale(&db).unwrap(),
        0,
        "twice is harmless"
    );
}
