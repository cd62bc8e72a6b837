//! TypeScript types for every command payload, generated from the Rust types with ts-rs.
//!
//! ts-rs over tauri-specta: ts-rs is stable (tauri-specta 2 is still a release candidate),
//! derives from the same serde attributes the IPC uses, and leaves the command functions
//! plain Tauri commands. The generated files are committed in `ui/src/lib/bindings`; the
//! test below fails when they drift. Regenerate with
//! `KASSA_WRITE_BINDINGS=1 cargo test -p kassa-app bindings`.

use std::path::{Path, PathBuf};

use ts_rs::{Config, ExportError, TS};

use crate::checkout_view::{CheckoutView, CustomerInput, CustomerProblem, TimelineEntry};
use crate::customer_display::CustomerDisplayView;
use crate::error::{AppError, ErrorCode};
use crate::history::{
    HistoryPage, HistoryQuery, ReceiptBlock, ReceiptDoc, ReceiptKind, ReceiptRow,
};
use crate::lan::TrainingLan;
use crate::payload::{
    AppInfo, CheckoutChanged, CredentialsStatus, KronorEnvironment, Mode, StartupProblem,
};
use crate::sale_view::{
    CartLineView, CartView, CategoryView, DiscountInput, DiscountView, Money, ParkedView,
    ProductView, RateView,
};

/// Where the UI keeps the generated files, relative to this crate.
pub const UI_BINDINGS_DIR: &str = "../ui/src/lib/bindings";

/// Writes one `.ts` file per payload type into `dir`, returning the file names.
pub fn export_bindings(dir: &Path) -> Result<Vec<PathBuf>, ExportError> {
    let cfg = Config::new().with_out_dir(dir);
    AppInfo::export_all(&cfg)?;
    CredentialsStatus::export_all(&cfg)?;
    AppError::export_all(&cfg)?;
    ProductView::export_all(&cfg)?;
    CategoryView::export_all(&cfg)?;
    CartView::export_all(&cfg)?;
    DiscountInput::export_all(&cfg)?;
    ParkedView::export_all(&cfg)?;
    CustomerInput::export_all(&cfg)?;
    CheckoutView::export_all(&cfg)?;
    CheckoutChanged::export_all(&cfg)?;
    // Start-up
    StartupProblem::export_all(&cfg)?;
    crate::integrity::IntegrityReport::export_all(&cfg)?;
    // History
    HistoryQuery::export_all(&cfg)?;
    HistoryPage::export_all(&cfg)?;
    ReceiptDoc::export_all(&cfg)?;
    crate::history::ReceiptGivenOut::export_all(&cfg)?;
    kassa::export::ExportSummary::export_all(&cfg)?;
    kassa::export::destination::Destination::export_all(&cfg)?;
    // Catalogue admin
    crate::catalogue_admin::VatClassOption::export_all(&cfg)?;
    crate::catalogue_admin::CatalogueProduct::export_all(&cfg)?;
    crate::catalogue_admin::ProductInput::export_all(&cfg)?;
    crate::catalogue_admin::ProductSaveResult::export_all(&cfg)?;
    crate::catalogue_admin::CategorySaveResult::export_all(&cfg)?;
    crate::catalogue_admin::ImportResult::export_all(&cfg)?;
    crate::catalogue_admin::ExportDone::export_all(&cfg)?;
    // Settings
    crate::settings::SettingsView::export_all(&cfg)?;
    crate::control_unit::ControlUnitHealth::export_all(&cfg)?;
    crate::settings::SaveSettingsOutcome::export_all(&cfg)?;
    // Reports
    crate::documents::ReportView::export_all(&cfg)?;
    crate::documents::ZReportSummary::export_all(&cfg)?;
    crate::documents::OutputChoice::export_all(&cfg)?;
    crate::documents::OutputDone::export_all(&cfg)?;
    crate::documents::ReceiptOutcome::export_all(&cfg)?;
    // Pay extras
    CustomerProblem::export_all(&cfg)?;
    CustomerDisplayView::export_all(&cfg)?;
    TrainingLan::export_all(&cfg)?;
    // Cash
    kassa::cash::view::CashOffer::export_all(&cfg)?;
    kassa::cash::view::CashDayView::export_all(&cfg)?;
    crate::commands::cash::CashCharged::export_all(&cfg)?;
    kassa::cash::CashEventInput::export_all(&cfg)?;
    // Who is at the till
    crate::commands::cashier::CashierStatus::export_all(&cfg)?;
    // A sale paid in parts
    kassa::till::SplitView::export_all(&cfg)?;
    crate::commands::split::PartTaken::export_all(&cfg)?;
    Ok([
        AppInfo::output_path(),
        Mode::output_path(),
        CredentialsStatus::output_path(),
        KronorEnvironment::output_path(),
        AppError::output_path(),
        ErrorCode::output_path(),
        Money::output_path(),
        ProductView::output_path(),
        CategoryView::output_path(),
        CartView::output_path(),
        CartLineView::output_path(),
        RateView::output_path(),
        DiscountView::output_path(),
        DiscountInput::output_path(),
        ParkedView::output_path(),
        CustomerInput::output_path(),
        CheckoutView::output_path(),
        kassa::checkout::Tender::output_path(),
        kassa::identity::RegisterIdentity::output_path(),
        kassa::export::ExportSummary::output_path(),
        kassa::export::destination::Destination::output_path(),
        TimelineEntry::output_path(),
        CheckoutChanged::output_path(),
        // Start-up
        StartupProblem::output_path(),
        crate::integrity::IntegrityReport::output_path(),
        // History
        HistoryQuery::output_path(),
        HistoryPage::output_path(),
        ReceiptRow::output_path(),
        ReceiptKind::output_path(),
        ReceiptDoc::output_path(),
        crate::history::ReceiptGivenOut::output_path(),
        ReceiptBlock::output_path(),
        // Cash
        kassa::cash::view::CashOffer::output_path(),
        kassa::cash::view::CashDayView::output_path(),
        kassa::cash::view::CashTally::output_path(),
        kassa::cash::view::CashPaid::output_path(),
        crate::commands::cash::CashCharged::output_path(),
        kassa::cash::CashEventInput::output_path(),
        // Who is at the till
        crate::commands::cashier::CashierStatus::output_path(),
        kassa::cashier::Cashier::output_path(),
        kassa::cashier::Role::output_path(),
        // A sale paid in parts
        kassa::till::SplitView::output_path(),
        kassa::till::SplitPart::output_path(),
        kassa::till::PartStatus::output_path(),
        kassa::checkout::SplitState::output_path(),
        crate::commands::split::PartTaken::output_path(),
        // Catalogue admin
        crate::catalogue_admin::VatClassKey::output_path(),
        kassa::catalogue::ArticleKind::output_path(),
        crate::catalogue_admin::VatClassOption::output_path(),
        crate::catalogue_admin::CatalogueProduct::output_path(),
        crate::catalogue_admin::ProductInput::output_path(),
        crate::catalogue_admin::ProductFieldKey::output_path(),
        crate::catalogue_admin::CatalogueProblem::output_path(),
        crate::catalogue_admin::FieldProblemView::output_path(),
        crate::catalogue_admin::ProductSaveResult::output_path(),
        crate::catalogue_admin::CatalogueCategory::output_path(),
        crate::catalogue_admin::CategorySaveResult::output_path(),
        crate::catalogue_admin::ImportRowProblem::output_path(),
        crate::catalogue_admin::ImportResult::output_path(),
        crate::catalogue_admin::ExportDone::output_path(),
        // Settings
        crate::settings::AfterSaleChoice::output_path(),
        crate::settings::LanguageChoice::output_path(),
        crate::settings::PrinterKind::output_path(),
        crate::settings::DrawerKind::output_path(),
        crate::settings::SettingsForm::output_path(),
        crate::settings::SettingsView::output_path(),
        crate::settings::SettingsProblem::output_path(),
        crate::settings::SaveSettingsOutcome::output_path(),
        crate::control_unit::ControlUnitHealth::output_path(),
        crate::control_unit::ControlUnitSource::output_path(),
        // Reports
        crate::documents::DocLine::output_path(),
        crate::documents::ReportView::output_path(),
        crate::documents::ZReportSummary::output_path(),
        crate::documents::OutputChoice::output_path(),
        crate::documents::OutputDone::output_path(),
        crate::documents::ReceiptOutcome::output_path(),
        // Pay extras
        CustomerProblem::output_path(),
        CustomerDisplayView::output_path(),
        crate::customer_display::DisplayPhase::output_path(),
        crate::customer_display::DisplayCart::output_path(),
        crate::customer_display::DisplayLine::output_path(),
        crate::customer_display::DisplayCheckout::output_path(),
        TrainingLan::output_path(),
    ]
    .into_iter()
    .flatten()
    .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn committed_typescript_bindings_match_the_rust_types() {
        let committed = Path::new(env!("CARGO_MANIFEST_DIR")).join(UI_BINDINGS_DIR);
        if std::env::var_os("KASSA_WRITE_BINDINGS").is_some() {
            export_bindings(&committed).unwrap();
        }
        let fresh = tempfile::tempdir().unwrap();
        let files = export_bindings(fresh.path()).unwrap();
        assert!(
            files.len() >= 18,
            "every payload type has a file: {files:?}"
        );
        for file in &files {
            let generated = std::fs::read_to_string(fresh.path().join(file)).unwrap();
            let on_disk = std::fs::read_to_string(committed.join(file)).unwrap_or_default();
            assert_eq!(
                on_disk,
                generated,
                "ui/src/lib/bindings/{} is stale: run KASSA_WRITE_BINDINGS=1 cargo test -p kassa-app bindings",
                file.display()
            );
        }
        // A committed file no Rust type produces any more is a stale type the UI may still use.
        for entry in std::fs::read_dir(&committed).unwrap() {
            let name = PathBuf::from(entry.unwrap().file_name());
            assert!(
                files.contains(&name),
                "ui/src/lib/bindings/{} has no Rust type behind it: delete it",
                name.display()
            );
        }
    }
}
