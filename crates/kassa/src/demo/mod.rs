//! The demo catalogue: a Swedish café with a market stall, for training mode and trying Kassa
//! out. About 60 products in 5 categories, using every VAT class; and [`trade`], days of sales
//! at it through the journal's own API.

mod days;

pub use days::{DemoDays, DemoMade, trade};

use crate::catalogue::{Barcode, NewProduct};
use crate::error::{Error, Result};
use crate::money::Ore;
use crate::receipt::{AfterSale, Shop, ShopError};
use crate::storage::Db;
use crate::vat::VatClass::{self, Culture, Exempt, Food, Reduced, Standard};

/// (category, VAT class of its products, products as (name, price in öre)).
type DemoCategory = (&'static str, VatClass, &'static [(&'static str, i64)]);

const CATEGORIES: [DemoCategory; 5] = [
    (
        "Kafé",
        Reduced,
        &[
            ("Bryggkaffe", 3500),
            ("Kaffé latte", 4900),
            ("Cappuccino", 4700),
            ("Espresso", 3200),
            ("Chai latte", 5200),
            ("Varm choklad", 4500),
            ("Te, svart", 3000),
            ("Smörgås ost & skinka", 6500),
            ("Räkmacka", 11900),
            ("Dagens soppa", 9500),
            ("Kanelbulle med kaffe", 5500),
            ("Påtår", 1500),
        ],
    ),
    (
        "Bageri",
        Food,
        &[
            ("Kanelbulle", 3200),
            ("Kardemummabulle", 3400),
            ("Surdegsbröd", 6900),
            ("Rågbröd", 5900),
            ("Chokladboll", 2500),
            ("Prinsesstårta, bit", 5900),
            ("Mazarin", 2900),
            ("Semla", 4900),
            ("Knäckebröd", 4500),
            ("Lussekatt", 2900),
            ("Dammsugare", 2700),
            ("Kaka, havre", 1900),
        ],
    ),
    (
        "Torgstånd",
        Food,
        &[
            ("Äpplen, Ingrid Marie 1 kg", 3900),
            ("Jordgubbar 1 liter", 6500),
            ("Nypotatis 1 kg", 4500),
            ("Honung 350 g", 8900),
            ("Lingonsylt", 5900),
            ("Västerbottensost 200 g", 9900),
            ("Getost", 7900),
            ("Kantareller 250 g", 8900),
            ("Ägg 6-pack", 4200),
            ("Saft, fläder", 6900),
            ("Rökt lax 200 g", 11900),
            ("Kaffe, hela bönor 500 g", 10900),
        ],
    ),
    (
        "Böcker & tidningar",
        Culture,
        &[
            ("Kokbok: Fika", 24900),
            ("Dagstidning", 4000),
            ("Kvällstidning", 3500),
            ("Månadsmagasin", 8900),
            ("Barnbok", 12900),
            ("Korsordstidning", 4900),
            ("Karta, Stockholm", 9900),
            ("Vykort", 1500),
            ("Almanacka", 7900),
            ("Pocketbok", 12900),
            ("Bussbiljett, enkel", 3900),
            ("Recepthäfte", 4900),
        ],
    ),
    (
        "Presenter",
        Standard,
        &[
            ("Kaffekopp, keramik", 14900),
            ("Tygkasse", 9900),
            ("Dalahäst, liten", 19900),
            ("Ljus, 4-pack", 6900),
            ("Termos", 29900),
            ("Kaffefilter", 3900),
            ("Servetter", 3500),
            ("Grytlapp", 7900),
            ("Kylskåpsmagnet", 4900),
            ("Nyckelring", 5900),
            ("Presentkort 100 kr", 10000),
            ("Presentkort 250 kr", 25000),
        ],
    ),
];

/// Adds the demo catalogue; products already there (by SKU) are left alone. Returns how many
/// products were added. All or nothing.
pub fn load(db: &Db) -> Result<usize> {
    let tx = db.write_tx()?;
    let catalogue = db.catalogue();
    let mut added = 0;
    for (c, (category, class, products)) in CATEGORIES.iter().enumerate() {
        let category = catalogue.add_category(category, c as i64)?;
        for (p, (name, price)) in products.iter().enumerate() {
            let (sku, barcode) = demo_key(c, p)?;
            let exists: bool = tx.query_row(
                "SELECT EXISTS (SELECT 1 FROM product WHERE sku = ?1)",
                [&sku],
                |r| r.get(0),
            )?;
            if exists {
                continue;
            }
            // Multi-purpose gift cards carry no VAT when sold.
            let vat_class = if name.starts_with("Presentkort") {
                Exempt
            } else {
                *class
            };
            catalogue.add_product(NewProduct {
                category_id: Some(category.id),
                barcode: Some(barcode),
                sku: Some(sku),
                sort_order: p as i64,
                ..NewProduct::new(*name, Ore::new(*price), vat_class)
            })?;
            added += 1;
        }
    }
    tx.commit()?;
    Ok(added)
}

/// The SKU and barcode of product `p` in category `c` (both from 0).
fn demo_key(c: usize, p: usize) -> Result<(String, Barcode)> {
    Ok((
        format!("DEMO-{}{:02}", c + 1, p + 1),
        Barcode::with_check_digit(&format!("7350000{:02}{:03}", c + 1, p + 1))?,
    ))
}

/// Every demo product's (SKU, barcode), as [`load`] makes them.
fn demo_keys() -> Result<Vec<(String, String)>> {
    let mut keys = Vec::new();
    for (c, (_, _, products)) in CATEGORIES.iter().enumerate() {
        for p in 0..products.len() {
            let (sku, barcode) = demo_key(c, p)?;
            keys.push((sku, barcode.as_str().to_owned()));
        }
    }
    Ok(keys)
}

/// How many of the demo catalogue's products are for sale: a product counts when both its SKU
/// and its barcode are still the demo's, so one the merchant made their own is not counted.
pub fn products_for_sale(db: &Db) -> Result<usize> {
    let mut count = 0;
    let mut stmt = db.conn().prepare_cached(
        "SELECT EXISTS (SELECT 1 FROM product WHERE sku = ?1 AND barcode = ?2 AND active = 1)",
    )?;
    for (sku, barcode) in demo_keys()? {
        if stmt.query_row([&sku, &barcode], |r| r.get::<_, bool>(0))? {
            count += 1;
        }
    }
    Ok(count)
}

/// Takes the demo catalogue off sale once the till takes real payments: its made-up products
/// (and their GS1 Sweden barcodes, which a real product may share) would otherwise still be
/// found by search and by the scanner. Products are deactivated, not deleted, and so are the
/// categories left with nothing for sale; receipts keep their own lines. All or nothing;
/// returns how many products it took off sale.
pub fn take_off_sale(db: &Db) -> Result<usize> {
    let tx = db.write_tx()?;
    let mut taken = 0;
    {
        let mut off = tx.prepare_cached(
            "UPDATE product SET active = 0 WHERE sku = ?1 AND barcode = ?2 AND active = 1",
        )?;
        for (sku, barcode) in demo_keys()? {
            taken += off.execute([&sku, &barcode])?;
        }
    }
    tx.execute(
        "UPDATE category SET active = 0
         WHERE active = 1
           AND id IN (SELECT category_id FROM product WHERE sku LIKE 'DEMO-%')
           AND NOT EXISTS (SELECT 1 FROM product p WHERE p.category_id = category.id
                                                      AND p.active = 1)",
        [],
    )?;
    tx.commit()?;
    Ok(taken)
}

/// The demo shop printed on training receipts: a made-up café with a valid organisation
/// number (Luhn check digit), so receipts render in a fresh training till.
pub fn demo_shop() -> Shop {
    Shop {
        name: "Kafé Kassa (övning)".into(),
        org_number: "559900-1236".into(),
        address: "Storgatan 1, 111 22 Stockholm".into(),
        after_sale: AfterSale::None,
    }
}

/// Whether `shop` is still the training demo shop (its made-up organisation number), which
/// must never be printed on a real receipt.
pub fn is_demo_shop(shop: &Shop) -> bool {
    shop.org_number == demo_shop().org_number
}

/// Sets [`demo_shop`] when no shop details were ever saved; details already set are kept.
/// Returns whether it set them.
pub fn shop_if_unset(db: &Db) -> Result<bool> {
    match db.shop() {
        Ok(_) => Ok(false),
        Err(Error::NotFound(_)) => {
            db.set_shop(demo_shop()).map_err(|e| match e {
                ShopError::Storage(e) => e,
                other => Error::NotFound(other.to_string()),
            })?;
            Ok(true)
        }
        Err(e) => Err(e),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_fresh_till_gets_the_demo_shop_and_a_set_shop_is_kept() {
        let dir = tempfile::tempdir().expect("dir");
        let db = Db::open(dir.path().join("kassa.sqlite")).expect("db");
        assert!(db.shop().is_err(), "no shop before");
        assert!(shop_if_unset(&db).expect("set"));
        let shop = db.shop().expect("the demo shop");
        assert_eq!(shop, demo_shop().validated().expect("valid"));

        let own = Shop {
            name: "Eget kafé".into(),
            ..demo_shop()
        };
        db.set_shop(own).expect("own shop");
        assert!(!shop_if_unset(&db).expect("kept"));
        assert_eq!(db.shop().expect("shop").name, "Eget kafé");
    }
}
