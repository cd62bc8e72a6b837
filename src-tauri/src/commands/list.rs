// Every command of the app, declared once. The app's invoke handler (`app.rs`), the build
// script's app manifest (so that `capabilities/` can grant each one per window as
// `allow-<name>`), and the test that each has a grant and a UI wrapper all read this list.
// Included as source by `build.rs` and `lib.rs`, so it holds nothing but the macro.

/// Calls macro `$then` with every command as `module::function` (modules of
/// `src/commands/`); the function's name is the command's.
macro_rules! with_commands {
    ($then:ident) => {
        $then! {
            app_info::app_info,
            app_info::startup_problem,
            app_info::integrity_report,
            credentials::credentials_status,
            credentials::save_token,
            credentials::remove_token,
            catalogue::search_products,
            catalogue::product_by_barcode,
            catalogue::categories,
            catalogue::category_products,
            cart::cart,
            cart::cart_add_product,
            cart::cart_add_barcode,
            cart::cart_set_quantity,
            cart::cart_set_discount,
            cart::cart_remove_line,
            cart::cart_set_note,
            cart::cart_clear,
            cart::cart_park,
            cart::parked_sales,
            cart::cart_recall,
            pay::charge,
            pay::cancel_checkout,
            pay::checkout_view,
            // Cash
            cash::cash_offer,
            cash::charge_cash,
            cash::open_drawer,
            cash::cash_day,
            cash::record_cash,
            // Who is at the till
            cashier::cashier_status,
            cashier::first_manager,
            cashier::log_in,
            cashier::lock_till,
            // A sale paid in parts
            split::split_view,
            split::pay_part,
            split::cancel_split,
            // History
            history::history_search,
            history::receipt_view,
            history::receipt_copy,
            history::receipt_original,
            history::return_sale,
            history::export_destinations,
            history::export_journal,
            // Catalogue admin
            catalogue_admin::catalogue_products,
            catalogue_admin::catalogue_vat_classes,
            catalogue_admin::catalogue_save_product,
            catalogue_admin::catalogue_set_product_active,
            catalogue_admin::demo_products_for_sale,
            catalogue_admin::take_demo_products_off_sale,
            catalogue_admin::catalogue_categories,
            catalogue_admin::catalogue_save_category,
            catalogue_admin::catalogue_reorder_categories,
            catalogue_admin::catalogue_set_category_active,
            catalogue_admin::catalogue_import_csv,
            catalogue_admin::catalogue_export_csv,
            // Settings
            settings::settings,
            settings::save_settings,
            settings::set_language,
            settings::print_test_page,
            control_unit::control_unit_status,
            control_unit::test_control_unit,
            control_unit::save_control_unit_password,
            receipt_output::receipt_after_sale,
            receipt_output::receipt_output,
            // Reports
            reports::x_report,
            reports::z_report,
            reports::z_reports,
            reports::z_report_view,
            reports::report_output,
            // Pay extras
            pay::check_customer,
            pay::open_customer_display,
            pay::customer_display_view,
            pay::set_training_lan,
            pay::training_lan,
            // Customer display
            customer_display::close_customer_display,
        }
    };
}
