//! The sale screen's commands through `tauri::test::mock_builder()` with the app's real
//! context and capabilities, on a real SQLite file in a temp folder. No token is configured
//! under the test's keyring service, so the till opens in training mode with the demo
//! catalogue (a Swedish café and market stall).

mod common;

use common::{app, app_on, invoke, window};
use kassa::Barcode;
use serde_json::{Value, json};
use tauri::test::MockRuntime;
use tauri::{App, WebviewWindow};

/// Demo barcodes are 7350000 + category (2 digits) + product (3 digits) + check digit.
fn demo_barcode(category: u32, product: u32) -> String {
    Barcode::with_check_digit(&format!("7350000{category:02}{product:03}"))
        .unwrap()
        .to_string()
}

/// Bryggkaffe, 35,00 kr, café service: 12 %.
fn bryggkaffe() -> String {
    demo_barcode(1, 1)
}
/// Dagstidning, 40,00 kr, newspapers: 6 %.
fn dagstidning() -> String {
    demo_barcode(4, 2)
}
/// Kaffekopp, keramik, 149,00 kr, goods: 25 %.
fn kaffekopp() -> String {
    demo_barcode(5, 1)
}

fn till(service: &str) -> (App<MockRuntime>, WebviewWindow<MockRuntime>) {
    let app = app(service);
    let main = window(&app, "main");
    (app, main)
}

fn scan(main: &WebviewWindow<MockRuntime>, code: &str) -> Value {
    invoke(main, "cart_add_barcode", json!({"code": code})).unwrap()
}

fn per_rate(cart: &Value) -> Vec<(String, i64, i64)> {
    cart["per_rate"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["rate"].as_str().unwrap().to_owned(),
                r["total"]["ore"].as_i64().unwrap(),
                r["vat"]["ore"].as_i64().unwrap(),
            )
        })
        .collect()
}

#[test]
fn search_as_you_type_and_barcode_lookup_find_demo_products() {
    let (_app, main) = till("se.kassa.test.sell.search");

    // Prefix, any case, no diacritics: "kaff" finds "Kaffé latte" and "Kaffekopp".
    let found = invoke(&main, "search_products", json!({"query": "kaff"})).unwrap();
    let names: Vec<&str> = found
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["name"].as_str().unwrap())
        .collect();
    assert!(names.contains(&"Kaffé latte"), "{names:?}");
    assert!(names.contains(&"Kaffekopp, keramik"), "{names:?}");
    assert!(names.len() <= 12, "the screen shows at most 12: {names:?}");

    let empty = invoke(&main, "search_products", json!({"query": "zzqx"})).unwrap();
    assert_eq!(empty, json!([]));

    let product = invoke(&main, "product_by_barcode", json!({"code": kaffekopp()})).unwrap();
    assert_eq!(product["name"], "Kaffekopp, keramik");
    assert_eq!(product["price"]["ore"], 14900);
    assert_eq!(product["price"]["sv"], "149,00 kr");
    assert_eq!(product["price"]["en"], "SEK 149.00");
}

#[test]
fn the_category_grid_lists_the_demo_categories_and_their_products() {
    let (_app, main) = till("se.kassa.test.sell.categories");
    let categories = invoke(&main, "categories", json!({})).unwrap();
    let names: Vec<&str> = categories
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        [
            "Kafé",
            "Bageri",
            "Torgstånd",
            "Böcker & tidningar",
            "Presenter"
        ]
    );
    let cafe = categories[0]["id"].clone();
    let products = invoke(&main, "category_products", json!({"categoryId": cafe})).unwrap();
    assert_eq!(products[0]["name"], "Bryggkaffe");
    assert_eq!(products.as_array().unwrap().len(), 12);
}

#[test]
fn the_cart_totals_vat_per_rate_with_quantities_and_discounts() {
    let (_app, main) = till("se.kassa.test.sell.totals");
    let empty = invoke(&main, "cart", json!({})).unwrap();
    assert_eq!(empty["total"]["ore"], 0);
    assert_eq!(empty["lines"], json!([]));

    scan(&main, &bryggkaffe());
    scan(&main, &bryggkaffe()); // the same product again counts the line up
    scan(&main, &dagstidning());
    let cart = scan(&main, &kaffekopp());

    assert_eq!(cart["lines"].as_array().unwrap().len(), 3);
    assert_eq!(cart["lines"][0]["quantity"], 2);
    assert_eq!(cart["lines"][0]["total"]["ore"], 7000);
    assert_eq!(cart["items"], 4);
    // 70,00 + 40,00 + 149,00; VAT inside each, highest rate first as on a receipt.
    assert_eq!(cart["total"]["ore"], 25900);
    assert_eq!(cart["total"]["sv"], "259,00 kr");
    assert_eq!(cart["total"]["en"], "SEK 259.00");
    assert_eq!(
        per_rate(&cart),
        [
            ("25 %".to_owned(), 14900, 2980),
            ("12 %".to_owned(), 7000, 750),
            ("6 %".to_owned(), 4000, 226),
        ]
    );
    assert_eq!(cart["vat"]["ore"], 2980 + 750 + 226);
    assert_eq!(cart["per_rate"][0]["net"]["ore"], 14900 - 2980);

    // 10 % off the cup, 5,50 kr off the coffee, three newspapers.
    let cup = cart["lines"][2]["id"].clone();
    let coffee = cart["lines"][0]["id"].clone();
    let paper = cart["lines"][1]["id"].clone();
    invoke(
        &main,
        "cart_set_discount",
        json!({"lineId": cup, "discount": {"kind": "percent", "percent": 10}}),
    )
    .unwrap();
    invoke(
        &main,
        "cart_set_discount",
        json!({"lineId": coffee, "discount": {"kind": "amount", "amount": "5,50"}}),
    )
    .unwrap();
    let cart = invoke(
        &main,
        "cart_set_quantity",
        json!({"lineId": paper, "quantity": 3}),
    )
    .unwrap();
    assert_eq!(
        cart["lines"][2]["discount"],
        json!({"kind": "percent", "basis": 1000})
    );
    assert_eq!(cart["lines"][2]["total"]["ore"], 13410);
    assert_eq!(cart["lines"][0]["discount_amount"]["ore"], 550);
    assert_eq!(cart["discount"]["ore"], 1490 + 550);
    assert_eq!(cart["total"]["ore"], 13410 + 6450 + 12000);
    assert_eq!(
        per_rate(&cart),
        [
            ("25 %".to_owned(), 13410, 2682),
            ("12 %".to_owned(), 6450, 691),
            ("6 %".to_owned(), 12000, 679),
        ]
    );

    // Removing the discount, a line, a note, then clearing for the next customer.
    invoke(
        &main,
        "cart_set_discount",
        json!({"lineId": coffee, "discount": null}),
    )
    .unwrap();
    let cart = invoke(&main, "cart_remove_line", json!({"lineId": paper})).unwrap();
    assert_eq!(cart["total"]["ore"], 13410 + 7000);
    let cart = invoke(&main, "cart_set_note", json!({"note": "Till Anna"})).unwrap();
    assert_eq!(cart["note"], "Till Anna");
    let cart = invoke(&main, "cart_clear", json!({})).unwrap();
    assert_eq!(cart["lines"], json!([]));
    assert_eq!(cart["total"]["ore"], 0);
    assert_eq!(cart["note"], "");
}

#[test]
fn a_product_picked_from_search_or_the_grid_is_added_by_id() {
    let (_app, main) = till("se.kassa.test.sell.by_id");
    let found = invoke(&main, "search_products", json!({"query": "räkmacka"})).unwrap();
    let id = found[0]["id"].clone();
    invoke(&main, "cart_add_product", json!({"productId": id})).unwrap();
    let cart = invoke(
        &main,
        "cart_add_product",
        json!({"productId": id, "quantity": 2}),
    )
    .unwrap();
    assert_eq!(cart["lines"][0]["name"], "Räkmacka");
    assert_eq!(cart["lines"][0]["quantity"], 3);
    assert_eq!(cart["total"]["ore"], 3 * 11900);
}

#[test]
fn bad_input_gets_a_code_and_a_message_and_leaves_the_cart_as_it_was() {
    let (_app, main) = till("se.kassa.test.sell.bad_input");
    let before = scan(&main, &kaffekopp());
    let line = before["lines"][0]["id"].clone();

    let refused = |cmd: &str, args: Value| -> (String, String) {
        let error = invoke(&main, cmd, args).unwrap_err();
        (
            error["code"]
                .as_str()
                .unwrap_or_else(|| panic!("{error}"))
                .to_owned(),
            error["message"].as_str().unwrap().to_owned(),
        )
    };

    let (code, message) = refused("cart_add_barcode", json!({"code": "7350000050012"}));
    assert_eq!(code, "invalid_barcode", "{message}");
    let (code, message) = refused("cart_add_barcode", json!({"code": "12345670"}));
    assert_eq!(code, "not_found");
    assert!(message.contains("12345670"), "{message}");
    let (code, _) = refused("product_by_barcode", json!({"code": "12345670"}));
    assert_eq!(code, "not_found");

    for quantity in [0, -1, 10_000] {
        let (code, message) = refused(
            "cart_set_quantity",
            json!({"lineId": line, "quantity": quantity}),
        );
        assert_eq!(code, "invalid_quantity", "{quantity}");
        assert!(message.contains("between 1 and 9 999"), "{message}");
    }
    let (code, _) = refused("cart_set_quantity", json!({"lineId": 999, "quantity": 2}));
    assert_eq!(code, "not_found");
    let (code, message) = refused(
        "cart_set_discount",
        json!({"lineId": line, "discount": {"kind": "amount", "amount": "tio"}}),
    );
    assert_eq!(code, "invalid_amount");
    assert!(message.contains("12,50"), "says what to type: {message}");
    let (code, _) = refused(
        "cart_set_discount",
        json!({"lineId": line, "discount": {"kind": "amount", "amount": "200"}}),
    );
    assert_eq!(code, "invalid_discount");
    let (code, _) = refused(
        "cart_set_discount",
        json!({"lineId": line, "discount": {"kind": "percent", "percent": 150}}),
    );
    assert_eq!(code, "invalid_discount");
    let (code, _) = refused("cart_remove_line", json!({"lineId": 999}));
    assert_eq!(code, "not_found");
    let (code, _) = refused("cart_add_product", json!({"productId": 999_999}));
    assert_eq!(code, "not_found");

    // Nothing of the refused changes stuck.
    assert_eq!(invoke(&main, "cart", json!({})).unwrap(), before);

    invoke(&main, "cart_clear", json!({})).unwrap();
    let (code, _) = refused("cart_park", json!({}));
    assert_eq!(code, "empty_sale");
}

#[test]
fn a_parked_sale_survives_a_restart_and_is_recalled_whole() {
    let data = tempfile::tempdir().unwrap();
    let db = data.path().join("kassa.sqlite");
    let service = "se.kassa.test.sell.park";
    let parked_cart;
    {
        let app = app_on(service, &db);
        let main = window(&app, "main");
        scan(&main, &bryggkaffe());
        let cart = scan(&main, &kaffekopp());
        let cup = cart["lines"][1]["id"].clone();
        parked_cart = invoke(
            &main,
            "cart_set_discount",
            json!({"lineId": cup, "discount": {"kind": "amount", "amount": "20"}}),
        )
        .unwrap();
        let after = invoke(&main, "cart_park", json!({"label": "Bord 4"})).unwrap();
        assert_eq!(after["lines"], json!([]), "parking starts an empty sale");
    }

    // A new app on the same file: the parked sale is there.
    let app = app_on(service, &db);
    let main = window(&app, "main");
    let parked = invoke(&main, "parked_sales", json!({})).unwrap();
    assert_eq!(parked.as_array().unwrap().len(), 1, "{parked}");
    assert_eq!(parked[0]["label"], "Bord 4");
    let id = parked[0]["id"].clone();

    // Not over a sale in progress: that one would be lost.
    scan(&main, &dagstidning());
    let refused = invoke(&main, "cart_recall", json!({"parkedId": id})).unwrap_err();
    assert_eq!(refused["code"], "sale_in_progress", "{refused}");
    invoke(&main, "cart_clear", json!({})).unwrap();

    let recalled = invoke(&main, "cart_recall", json!({"parkedId": id})).unwrap();
    assert_eq!(
        recalled, parked_cart,
        "lines, discount and totals come back"
    );
    assert_eq!(invoke(&main, "parked_sales", json!({})).unwrap(), json!([]));
    invoke(&main, "cart_clear", json!({})).unwrap();
    let again = invoke(&main, "cart_recall", json!({"parkedId": id})).unwrap_err();
    assert_eq!(
        again["code"], "not_found",
        "a parked sale is recalled once: {again}"
    );
}
