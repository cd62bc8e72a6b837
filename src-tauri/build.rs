// Declares the app's own commands so capabilities can grant them per window
// (`allow-app-info`, ...); a command not listed here cannot be invoked at all.
const COMMANDS: &[&str] = &[
    "app_info",
    "credentials_status",
    "save_token",
    "remove_token",
    "search_products",
    "product_by_barcode",
    "categories",
    "category_products",
    "cart",
    "cart_add_product",
    "cart_add_barcode",
    "cart_set_quantity",
    "cart_set_discount",
    "cart_remove_line",
    "cart_set_note",
    "cart_clear",
    "cart_park",
    "parked_sales",
    "cart_recall",
    "charge",
    "cancel_checkout",
    "checkout_view",
];

fn main() {
    tauri_build::try_build(
        tauri_build::Attributes::new()
            .app_manifest(tauri_build::AppManifest::new().commands(COMMANDS)),
    )
    .expect("tauri build script failed");
}
