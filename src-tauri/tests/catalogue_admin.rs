//! The Catalogue screen's commands through `tauri::test::mock_builder()` with the app's real
//! context and capabilities (so `capabilities/catalogue.json` is exercised), on a real SQLite
//! file in a temp folder, in training mode with the demo catalogue.

mod common;

use common::{app, invoke, window};
use kassa_app::commands::catalogue_admin::ExportFolder;
use serde_json::{Value, json};
use tauri::Manager;
use tauri::test::MockRuntime;
use tauri::{App, WebviewWindow};

fn till(service: &str) -> (App<MockRuntime>, WebviewWindow<MockRuntime>) {
    let app = app(service);
    let main = window(&app, "main");
    (app, main)
}

fn product(name: &str, price: &str, barcode: &str) -> Value {
    json!({
        "name": name,
        "price": price,
        "vat_class": "food",
        "category_id": null,
        "barcode": barcode,
        "sku": "",
        "active": true,
    })
}

fn names(found: &Value) -> Vec<String> {
    found
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["name"].as_str().unwrap().to_owned())
        .collect()
}

#[test]
fn a_bad_barcode_is_answered_at_its_field_and_the_fixed_product_can_be_sold_then_put_away() {
    let (_app, main) = till("se.kassa.test.catalogue.product");

    let bad = product("Saffransbulle", "12,50", "7310865004704");
    let answer = invoke(
        &main,
        "catalogue_save_product",
        json!({"id": null, "product": bad}),
    )
    .unwrap();
    assert_eq!(answer["product"], Value::Null, "nothing saved");
    assert_eq!(
        answer["problems"],
        json!([{"field": "barcode", "problem": {
            "kind": "barcode_check_digit", "typed": "7310865004704", "expected": 3
        }}])
    );
    let listed = invoke(&main, "catalogue_products", json!({"query": "saffran"})).unwrap();
    assert_eq!(listed, json!([]));

    let good = product("Saffransbulle", "12,50", "7310865004703");
    let answer = invoke(
        &main,
        "catalogue_save_product",
        json!({"id": null, "product": good}),
    )
    .unwrap();
    assert_eq!(answer["problems"], json!([]));
    let saved = &answer["product"];
    assert_eq!(saved["price"]["ore"], 1250);
    assert_eq!(saved["price_typed"], "12,50");
    assert_eq!(saved["vat_class"], "food");
    let id = saved["id"].as_i64().unwrap();

    // The sale screen finds it, by name and by barcode, and it goes into the cart.
    let found = invoke(&main, "search_products", json!({"query": "saffran"})).unwrap();
    assert_eq!(names(&found), ["Saffransbulle"]);
    let cart = invoke(&main, "cart_add_barcode", json!({"code": "7310865004703"})).unwrap();
    assert_eq!(cart["total"]["ore"], 1250);

    // A second product may not take the same barcode; the answer names the owner.
    let copy = product("Annan bulle", "10", "7310865004703");
    let answer = invoke(
        &main,
        "catalogue_save_product",
        json!({"id": null, "product": copy}),
    )
    .unwrap();
    assert_eq!(answer["problems"][0]["field"], "barcode");
    assert_eq!(answer["problems"][0]["problem"]["kind"], "taken");
    assert_eq!(answer["problems"][0]["problem"]["by"], "Saffransbulle");

    // Put away: gone from search and the scanner, still on the Catalogue screen.
    let off = invoke(
        &main,
        "catalogue_set_product_active",
        json!({"id": id, "active": false}),
    )
    .unwrap();
    assert_eq!(off["active"], false);
    let found = invoke(&main, "search_products", json!({"query": "saffran"})).unwrap();
    assert_eq!(found, json!([]));
    let scanned = invoke(
        &main,
        "product_by_barcode",
        json!({"code": "7310865004703"}),
    )
    .unwrap_err();
    assert_eq!(scanned["code"], "not_found");
    let listed = invoke(&main, "catalogue_products", json!({"query": "saffran"})).unwrap();
    assert_eq!(listed[0]["active"], false);

    // Edited back on sale with a new price.
    let mut edit = product("Saffransbulle", "14", "7310865004703");
    edit["active"] = json!(true);
    let answer = invoke(
        &main,
        "catalogue_save_product",
        json!({"id": id, "product": edit}),
    )
    .unwrap();
    assert_eq!(answer["product"]["price"]["ore"], 1400);
    let found = invoke(&main, "search_products", json!({"query": "saffran"})).unwrap();
    assert_eq!(found[0]["price"]["ore"], 1400);

    let missing = invoke(
        &main,
        "catalogue_set_product_active",
        json!({"id": 999_999, "active": false}),
    )
    .unwrap_err();
    assert_eq!(missing["code"], "not_found");
}

#[test]
fn vat_classes_carry_todays_rate() {
    let (_app, main) = till("se.kassa.test.catalogue.vat");
    let classes = invoke(&main, "catalogue_vat_classes", json!({})).unwrap();
    let rate = |class: &str| {
        classes
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["class"] == class)
            .unwrap()["rate"]
            .clone()
    };
    assert_eq!(classes.as_array().unwrap().len(), 5);
    assert_eq!(rate("standard"), "25 %");
    let today = kassa::vat::sale_date(jiff::Timestamp::now());
    let food = kassa::VatTable::sweden()
        .rate(kassa::VatClass::Food, today)
        .unwrap();
    assert_eq!(rate("food"), food.to_string(), "the dated food rate");
}

#[test]
fn categories_are_added_renamed_reordered_and_leave_the_sale_grid() {
    let (_app, main) = till("se.kassa.test.catalogue.categories");
    let sale_grid =
        |main: &WebviewWindow<MockRuntime>| names(&invoke(main, "categories", json!({})).unwrap());
    let before = sale_grid(&main);
    assert_eq!(before.len(), 5, "the demo's categories");

    let added = invoke(
        &main,
        "catalogue_save_category",
        json!({"id": null, "name": "Jul"}),
    )
    .unwrap();
    assert_eq!(added["problem"], Value::Null);
    let jul = added["saved_id"].as_i64().unwrap();
    assert_eq!(added["categories"].as_array().unwrap().len(), 6);

    let taken = invoke(
        &main,
        "catalogue_save_category",
        json!({"id": jul, "name": before[0]}),
    )
    .unwrap();
    assert_eq!(taken["problem"]["kind"], "taken");
    assert_eq!(taken["saved_id"], Value::Null);
    let empty = invoke(
        &main,
        "catalogue_save_category",
        json!({"id": null, "name": "  "}),
    )
    .unwrap();
    assert_eq!(empty["problem"], json!({"kind": "empty"}));

    let renamed = invoke(
        &main,
        "catalogue_save_category",
        json!({"id": jul, "name": "Julbord"}),
    )
    .unwrap();
    assert_eq!(renamed["saved_id"], jul);

    // Julbord first.
    let mut ids: Vec<i64> = renamed["categories"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_i64().unwrap())
        .collect();
    ids.retain(|id| *id != jul);
    ids.insert(0, jul);
    let ordered = invoke(&main, "catalogue_reorder_categories", json!({"ids": ids})).unwrap();
    assert_eq!(ordered[0]["name"], "Julbord");
    assert_eq!(sale_grid(&main)[0], "Julbord");

    let after = invoke(
        &main,
        "catalogue_set_category_active",
        json!({"id": jul, "active": false}),
    )
    .unwrap();
    assert_eq!(
        after[0]["active"], false,
        "still listed on the Catalogue screen"
    );
    assert_eq!(sale_grid(&main), before, "gone from the sale screen's grid");
}

#[test]
fn a_csv_with_a_bad_row_imports_nothing_and_says_where_then_the_fixed_file_imports() {
    let (_app, main) = till("se.kassa.test.catalogue.import");
    let count = |main: &WebviewWindow<MockRuntime>| {
        invoke(main, "catalogue_products", json!({"query": ""}))
            .unwrap()
            .as_array()
            .unwrap()
            .len()
    };
    let before = count(&main);
    let bad = "namn;pris;moms;kategori;streckkod\n\
               Pepparkaka;5,00;food;Jul;\n\
               Glögg;tjugo;food;Jul;\n\
               Julmust;25,00;food;Jul;\n";
    let result = invoke(&main, "catalogue_import_csv", json!({"text": bad})).unwrap();
    assert_eq!(result["imported"], Value::Null);
    assert_eq!(result["rows"], 3);
    assert_eq!(result["good_rows"], 2);
    assert_eq!(
        result["problems"],
        json!([{"line": 3, "column": "pris", "field": "price",
                "problem": {"kind": "not_an_amount", "typed": "tjugo"}}])
    );
    assert_eq!(count(&main), before, "nothing imported");

    let fixed = bad.replace("tjugo", "20");
    let result = invoke(&main, "catalogue_import_csv", json!({"text": fixed})).unwrap();
    assert_eq!(result["problems"], json!([]));
    assert_eq!(result["imported"], 3);
    assert_eq!(result["new_categories"], 1);
    assert_eq!(count(&main), before + 3);
    let found = invoke(&main, "search_products", json!({"query": "glögg"})).unwrap();
    assert_eq!(found[0]["price"]["ore"], 2000);
}

#[test]
fn export_writes_the_whole_catalogue_into_the_export_folder() {
    let (app, main) = till("se.kassa.test.catalogue.export");
    let folder = tempfile::tempdir().unwrap();
    app.manage(ExportFolder(folder.path().to_path_buf()));
    let done = invoke(&main, "catalogue_export_csv", json!({})).unwrap();
    assert_eq!(done["rows"], 60);
    let path = std::path::PathBuf::from(done["path"].as_str().unwrap());
    assert_eq!(path.parent().unwrap(), folder.path());
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(
        text.starts_with("name;price;vat_class;category;barcode;sku;active;sort_order;article\n")
    );
    assert_eq!(text.lines().count(), 61);
}

#[test]
fn the_demo_products_can_be_taken_off_sale_and_the_scanner_no_longer_finds_them() {
    let (_app, main) = till("se.kassa.test.catalogue.demo-off");
    assert_eq!(
        invoke(&main, "demo_products_for_sale", json!({})).unwrap(),
        60
    );
    // Bryggkaffe's demo barcode, as a scanner sends it.
    let bryggkaffe = json!({"code": "7350000010015"});
    invoke(&main, "product_by_barcode", bryggkaffe.clone()).unwrap();

    let taken = invoke(&main, "take_demo_products_off_sale", json!({})).unwrap();
    assert_eq!(taken, 60);
    assert_eq!(
        invoke(&main, "demo_products_for_sale", json!({})).unwrap(),
        0
    );
    let scanned = invoke(&main, "product_by_barcode", bryggkaffe).unwrap_err();
    assert_eq!(scanned["code"], "not_found");
    let found = invoke(&main, "search_products", json!({"query": "kaffe"})).unwrap();
    assert_eq!(found, json!([]));
    let grid = invoke(&main, "categories", json!({})).unwrap();
    assert_eq!(grid, json!([]), "no empty demo categories left in the grid");
    // Put away, not deleted: the Catalogue screen still lists them.
    let listed = invoke(&main, "catalogue_products", json!({"query": "bryggkaffe"})).unwrap();
    assert_eq!(listed[0]["active"], false);
}
