// Declares the app's own commands so capabilities can grant them per window
// (`allow-app-info`, ...); a command not listed here cannot be invoked at all.
const COMMANDS: &[&str] = &[
    "app_info",
    "startup_problem",
    "integrity_report",
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

// One list per area so parallel work on different screens does not edit the same lines.
// Each area grants its own commands in its own file under `capabilities/`.
const HISTORY_COMMANDS: &[&str] = &[
    "history_search",
    "receipt_view",
    "receipt_copy",
    "receipt_original",
    "return_sale",
];
const CATALOGUE_ADMIN_COMMANDS: &[&str] = &[
    "catalogue_products",
    "catalogue_vat_classes",
    "catalogue_save_product",
    "catalogue_set_product_active",
    "catalogue_categories",
    "catalogue_save_category",
    "catalogue_reorder_categories",
    "catalogue_set_category_active",
    "catalogue_import_csv",
    "catalogue_export_csv",
    "demo_products_for_sale",
    "take_demo_products_off_sale",
];
const SETTINGS_COMMANDS: &[&str] = &[
    "settings",
    "save_settings",
    "set_language",
    "print_test_page",
    "receipt_after_sale",
    "receipt_output",
];
const REPORTS_COMMANDS: &[&str] = &[
    "x_report",
    "z_report",
    "z_reports",
    "z_report_view",
    "report_output",
];
const PAY_EXTRA_COMMANDS: &[&str] = &[
    "check_customer",
    "open_customer_display",
    "customer_display_view",
    "set_training_lan",
    "training_lan",
];
const CUSTOMER_DISPLAY_COMMANDS: &[&str] = &["close_customer_display"];

fn main() {
    let commands: Vec<&str> = [
        COMMANDS,
        HISTORY_COMMANDS,
        CATALOGUE_ADMIN_COMMANDS,
        SETTINGS_COMMANDS,
        REPORTS_COMMANDS,
        PAY_EXTRA_COMMANDS,
        CUSTOMER_DISPLAY_COMMANDS,
    ]
    .concat();
    // tauri-build wants a `'static` slice; the build script runs once, so leaking is fine.
    let commands: &'static [&'static str] = Vec::leak(commands);
    tauri_build::try_build(
        tauri_build::Attributes::new()
            .app_manifest(tauri_build::AppManifest::new().commands(commands)),
    )
    .expect("tauri build script failed");
}
