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
