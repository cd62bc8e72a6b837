use jiff::civil::date;
use kassa::cart::{Cart, CartLine, Discount, MAX_QUANTITY, spread};
use kassa::vat::{VatRate, VatTable};
use kassa::{ErrorCode, Ore, Product, VatClass};
use proptest::prelude::*;

use crate::temp_db;

fn product(id: i64, price: i64, class: VatClass) -> Product {
    Product {
        id,
        name: format!("Vara {id}"),
        price: Ore::new(price),
        vat_class: class,
        category_id: None,
        barcode: None,
        sku: Some(format!("SKU-{id}")),
        active: true,
        sort_order: 0,
        article: Default::default(),
    }
}

const SALE_DAY: jiff::civil::Date = date(2026, 6, 15);

#[test]
fn totals_per_vat_rate_follow_the_sale_date() {
    let vat = VatTable::sweden();
    let mut cart = Cart::new();
    cart.add_product(&product(1, 12_500, VatClass::Standard), 2)
        .unwrap();
    cart.add_product(&product(2, 10_600, VatClass::Food), 1)
        .unwrap();
    cart.add_product(&product(3, 5_000, VatClass::Exempt), 1)
        .unwrap();
    let t = cart.totals(&vat, SALE_DAY).unwrap();
    assert_eq!(t.total, Ore::new(25_000 + 10_600 + 5_000));
    let rates: Vec<(VatRate, i64, i64)> = t
        .per_rate
        .iter()
        .map(|r| (r.rate, r.total.get(), r.tax.get()))
        .collect();
    assert_eq!(
        rates,
        [
            (VatRate::percent(25), 25_000, 5_000),
            (VatRate::percent(6), 10_600, 600),
            (VatRate::percent(0), 5_000, 0)
        ]
    );
    assert_eq!(t.tax, Ore::new(5_600));
    // Before the food reduction the same cart has food at 12 %.
    let before = cart.totals(&vat, date(2026, 3, 31)).unwrap();
    assert_eq!(before.per_rate[1].rate, VatRate::percent(12));
    assert_eq!(
        before.per_rate[1].tax,
        VatRate::percent(12).tax_of(Ore::new(10_600))
    );
}

#[test]
fn quantity_changes_and_removal() {
    let mut cart = Cart::new();
    let bulle = product(1, 3_200, VatClass::Food);
    let line = cart.add_product(&bulle, 1).unwrap();
    assert_eq!(
        cart.add_product(&bulle, 2).unwrap(),
        line,
        "same product counts up"
    );
    assert_eq!(cart.lines()[0].quantity, 3);
    cart.set_quantity(line, 10).unwrap();
    assert_eq!(cart.lines()[0].quantity, 10);
    cart.remove(line).unwrap();
    assert!(cart.is_empty());
    assert_eq!(cart.remove(line).unwrap_err().code(), ErrorCode::NotFound);
    assert_eq!(
        cart.totals(&VatTable::sweden(), SALE_DAY)
            .unwrap_err()
            .code(),
        ErrorCode::EmptySale
    );
}

#[test]
fn refuses_bad_quantities_prices_and_totals_and_keeps_the_cart() {
    let mut cart = Cart::new();
    let p = product(1, 1_000, VatClass::Standard);
    assert_eq!(
        cart.add_product(&p, 0).unwrap_err().code(),
        ErrorCode::InvalidQuantity
    );
    assert_eq!(
        cart.add_product(&p, MAX_QUANTITY + 1).unwrap_err().code(),
        ErrorCode::InvalidQuantity
    );
    let line = cart.add_product(&p, MAX_QUANTITY).unwrap();
    assert_eq!(
        cart.add_product(&p, 1).unwrap_err().code(),
        ErrorCode::InvalidQuantity
    );
    assert_eq!(
        cart.set_quantity(line, 0).unwrap_err().code(),
        ErrorCode::InvalidQuantity
    );
    let err = cart
        .add_product(&product(2, -100, VatClass::Food), 1)
        .unwrap_err();
    assert_eq!(err.code(), ErrorCode::AmountOutOfRange);
    // 9 999 × 250 000 kr is beyond Kronor's 32-bit amounts.
    let err = cart
        .add_product(&product(3, 25_000_000, VatClass::Standard), 9_999)
        .unwrap_err();
    assert_eq!(err.code(), ErrorCode::AmountOutOfRange);
    assert!(
        err.to_string().contains("more than a single payment"),
        "{err}"
    );
    // Lines each fine, sum too big.
    let big = product(4, 2_000_000_000, VatClass::Standard);
    let mut two = Cart::new();
    two.add_product(&big, 1).unwrap();
    let err = two
        .add_line(CartLine {
            id: 0,
            product_id: None,
            name: "Till".into(),
            sku: None,
            unit_price: Ore::new(500_000_000),
            vat_class: VatClass::Standard,
            quantity: 1,
            discount: None,
        })
        .unwrap_err();
    assert_eq!(err.code(), ErrorCode::AmountOutOfRange);
    assert_eq!(
        two.lines().len(),
        1,
        "refused change left the cart as it was"
    );
    assert_eq!(cart.lines().len(), 1);
    assert_eq!(cart.lines()[0].quantity, MAX_QUANTITY);
}

#[test]
fn line_and_order_discounts() {
    let vat = VatTable::sweden();
    let mut cart = Cart::new();
    let a = cart
        .add_product(&product(1, 10_000, VatClass::Standard), 1)
        .unwrap();
    let b = cart
        .add_product(&product(2, 5_000, VatClass::Food), 2)
        .unwrap();
    cart.set_line_discount(a, Some(Discount::Amount(Ore::new(2_000))))
        .unwrap();
    cart.set_line_discount(b, Some(Discount::percent(10)))
        .unwrap();
    let t = cart.totals(&vat, SALE_DAY).unwrap();
    assert_eq!(t.lines[0].total, Ore::new(8_000));
    assert_eq!(t.lines[1].total, Ore::new(9_000));
    // 17 kr off 170 kr, spread 80:90.
    cart.set_order_discount(Some(Discount::Amount(Ore::new(1_700))))
        .unwrap();
    let t = cart.totals(&vat, SALE_DAY).unwrap();
    assert_eq!(t.lines[0].discount, Ore::new(2_000 + 800));
    assert_eq!(t.lines[1].discount, Ore::new(1_000 + 900));
    assert_eq!(t.total, Ore::new(15_300));
    assert_eq!(t.discount, Ore::new(4_700));

    let err = cart
        .set_line_discount(a, Some(Discount::Amount(Ore::new(10_001))))
        .unwrap_err();
    assert_eq!(err.code(), ErrorCode::InvalidDiscount);
    let err = cart
        .set_order_discount(Some(Discount::Percent(10_001)))
        .unwrap_err();
    assert_eq!(err.code(), ErrorCode::InvalidDiscount);
    let err = cart
        .set_order_discount(Some(Discount::Amount(Ore::new(-1))))
        .unwrap_err();
    assert_eq!(err.code(), ErrorCode::InvalidDiscount);
    assert_eq!(
        cart.order_discount(),
        Some(Discount::Amount(Ore::new(1_700)))
    );
    cart.set_note("Kunden väntar vid fönstret");
    assert_eq!(cart.note(), "Kunden väntar vid fönstret");
}

#[test]
fn adds_by_barcode_from_the_catalogue() {
    let (_dir, db) = temp_db();
    kassa::demo::load(&db).unwrap();
    let cat = db.catalogue();
    let code = cat.search("kanelbulle", 1).unwrap()[0]
        .barcode
        .clone()
        .unwrap();
    let mut cart = Cart::new();
    cart.add_barcode(&cat, code.as_str()).unwrap();
    cart.add_barcode(&cat, code.as_str()).unwrap();
    assert_eq!(cart.lines().len(), 1);
    assert_eq!(cart.lines()[0].quantity, 2);
    let err = cart.add_barcode(&cat, "4006381333931").unwrap_err();
    assert_eq!(err.code(), ErrorCode::NotFound);
    assert_eq!(
        cart.add_barcode(&cat, "123").unwrap_err().code(),
        ErrorCode::InvalidBarcode
    );
}

#[test]
fn parks_and_recalls_a_sale() {
    let (_dir, db) = temp_db();
    let parked = db.parked_sales();
    let mut cart = Cart::new();
    assert_eq!(
        parked
            .park(&cart, "tom", jiff::Timestamp::UNIX_EPOCH)
            .unwrap_err()
            .code(),
        ErrorCode::EmptySale
    );
    let line = cart
        .add_product(&product(1, 3_200, VatClass::Food), 3)
        .unwrap();
    cart.set_line_discount(line, Some(Discount::percent(50)))
        .unwrap();
    cart.set_note("Bord 4");
    let at: jiff::Timestamp = "2026-06-15T10:00:00Z".parse().unwrap();
    let p = parked.park(&cart, " Bord 4 ", at).unwrap();
    assert_eq!(p.label, "Bord 4");
    assert_eq!(parked.list().unwrap(), vec![p.clone()]);
    let back = parked.recall(p.id, at).unwrap();
    assert_eq!(back, cart);
    assert!(parked.list().unwrap().is_empty());
    assert_eq!(
        parked.recall(p.id, at).unwrap_err().code(),
        ErrorCode::NotFound
    );
}

#[derive(Debug, Clone)]
struct RandomLine {
    price: i64,
    quantity: u32,
    class: VatClass,
    discount: Option<(bool, u32)>,
}

fn random_line() -> impl Strategy<Value = RandomLine> {
    (
        0i64..200_000,
        1u32..100,
        prop::sample::select(VatClass::ALL.to_vec()),
        prop::option::of((any::<bool>(), 0u32..=10_000)),
    )
        .prop_map(|(price, quantity, class, discount)| RandomLine {
            price,
            quantity,
            class,
            discount,
        })
}

fn build(lines: &[RandomLine], order: Option<(bool, u32)>) -> Cart {
    let mut cart = Cart::new();
    for (i, l) in lines.iter().enumerate() {
        let id = cart.add_line(CartLine {
            id: 0,
            product_id: Some(i as i64),
            name: format!("Vara {i}"),
            sku: None,
            unit_price: Ore::new(l.price),
            vat_class: l.class,
            quantity: l.quantity,
            discount: None,
        });
        let id = id.unwrap();
        if let Some((amount, n)) = l.discount {
            let gross = l.price * i64::from(l.quantity);
            let d = if amount {
                Discount::Amount(Ore::new(gross * i64::from(n) / 10_000))
            } else {
                Discount::Percent(n)
            };
            cart.set_line_discount(id, Some(d)).unwrap();
        }
    }
    if let Some((amount, n)) = order {
        let d = if amount {
            let sub: i64 = cart
                .totals(&VatTable::sweden(), SALE_DAY)
                .unwrap()
                .total
                .get();
            Discount::Amount(Ore::new(sub * i64::from(n) / 10_000))
        } else {
            Discount::Percent(n)
        };
        cart.set_order_discount(Some(d)).unwrap();
    }
    cart
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn random_carts_obey_kronors_amount_rules(
        lines in prop::collection::vec(random_line(), 1..30),
        order in prop::option::of((any::<bool>(), 0u32..=10_000)),
        day in 0i64..1_500,
    ) {
        let on = date(2025, 6, 1).checked_add(jiff::Span::new().days(day)).unwrap();
        let cart = build(&lines, None);
        let before_order = cart.totals(&VatTable::sweden(), on).unwrap();
        let cart = build(&lines, order);
        let t = cart.totals(&VatTable::sweden(), on).unwrap();
        for l in &t.lines {
            let gross = l.unit_price.get() * i64::from(l.quantity);
            prop_assert_eq!(l.total.get(), gross - l.discount.get());
            prop_assert!(l.total.get() >= 0);
            let total = l.total.get();
            let kronor = total - total * 10_000 / (10_000 + i64::from(l.vat_rate.basis()));
            prop_assert!((l.tax.get() - kronor).abs() <= 1, "tax {} vs {}", l.tax.get(), kronor);
        }
        prop_assert_eq!(t.total.get(), t.lines.iter().map(|l| l.total.get()).sum::<i64>());
        prop_assert_eq!(t.tax.get(), t.lines.iter().map(|l| l.tax.get()).sum::<i64>());
        prop_assert_eq!(t.discount.get(), t.lines.iter().map(|l| l.discount.get()).sum::<i64>());
        for r in &t.per_rate {
            let of_rate = t.lines.iter().filter(|l| l.vat_rate == r.rate);
            let (sum_total, sum_tax) = of_rate.fold((0, 0), |(a, b), l| (a + l.total.get(), b + l.tax.get()));
            prop_assert_eq!((r.total.get(), r.tax.get()), (sum_total, sum_tax));
        }
        prop_assert_eq!(t.per_rate.iter().map(|r| r.total.get()).sum::<i64>(), t.total.get());
        // The order discount is spread exactly: it is what the total went down by.
        let order_off = before_order.total.get() - t.total.get();
        let expected = match cart.order_discount() {
            None => 0,
            Some(Discount::Amount(a)) => a.get(),
            Some(Discount::Percent(p)) => (before_order.total.get() * i64::from(p) + 5_000) / 10_000,
        };
        prop_assert_eq!(order_off, expected);
    }

    #[test]
    fn spread_is_exact_and_proportional(
        weights in prop::collection::vec(0i64..1_000_000, 1..50),
        share in 0u32..=10_000,
    ) {
        let sum: i64 = weights.iter().sum();
        let amount = sum * i64::from(share) / 10_000;
        let parts = spread(amount, &weights);
        prop_assert_eq!(parts.iter().sum::<i64>(), amount);
        for (p, w) in parts.iter().zip(&weights) {
            prop_assert!(*p >= 0 && p <= w);
            // Within one öre of the exact share amount × w / sum.
            let off = i128::from(*p) * i128::from(sum) - i128::from(amount) * i128::from(*w);
            prop_assert!(off.abs() < i128::from(sum.max(1)));
        }
    }
}
