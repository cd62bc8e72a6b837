//! The Catalogue screen: products and categories added, edited, put away; CSV in and out.
//! Problems the cashier can fix come back as data (see [`crate::catalogue_admin`]).

use std::path::PathBuf;
use std::sync::Arc;

use kassa::catalogue::{Catalogue, CategorySaved, ProductDraft};
use tauri::{AppHandle, Manager, Runtime, State};

use super::blocking;
use crate::catalogue_admin::{
    CatalogueCategory, CatalogueProduct, CategorySaveResult, ExportDone, ImportResult,
    ProductInput, ProductSaveResult, VatClassOption,
};
use crate::error::AppError;
use crate::till::Till;

/// How many products the screen lists at once; the search narrows it.
pub const LIST_LIMIT: usize = 200;

/// Where exports go instead of the user's Downloads folder, when managed (the tests).
pub struct ExportFolder(pub PathBuf);

/// Products for the list, inactive ones too: by name with nothing typed, else as searched.
#[tauri::command]
pub async fn catalogue_products(
    till: State<'_, Arc<Till>>,
    query: String,
) -> Result<Vec<CatalogueProduct>, AppError> {
    let till = till.inner().clone();
    blocking(move || {
        let found = till.db()?.catalogue().find_products(&query, LIST_LIMIT)?;
        Ok(found.into_iter().map(CatalogueProduct::from).collect())
    })
    .await
}

/// The VAT classes with the rate in force today, for the form's list.
#[tauri::command]
pub async fn catalogue_vat_classes(
    till: State<'_, Arc<Till>>,
) -> Result<Vec<VatClassOption>, AppError> {
    VatClassOption::all(till.vat(), till.today())
}

/// Adds (`id` null) or changes a product as typed. A typing problem or a barcode/SKU another
/// product has is answered field by field, with nothing written.
#[tauri::command]
pub async fn catalogue_save_product(
    till: State<'_, Arc<Till>>,
    id: Option<i64>,
    product: ProductInput,
) -> Result<ProductSaveResult, AppError> {
    let till = till.inner().clone();
    blocking(move || {
        let draft = ProductDraft::from(product);
        Ok(till.db()?.catalogue().save_product(id, &draft)?.into())
    })
    .await
}

/// Takes a product off sale or puts it back; receipts that have it keep it.
#[tauri::command]
pub async fn catalogue_set_product_active(
    till: State<'_, Arc<Till>>,
    id: i64,
    active: bool,
) -> Result<CatalogueProduct, AppError> {
    let till = till.inner().clone();
    blocking(move || {
        Ok(till
            .db()?
            .catalogue()
            .set_product_active(id, active)?
            .into())
    })
    .await
}

fn every_category(catalogue: &Catalogue<'_>) -> Result<Vec<CatalogueCategory>, AppError> {
    Ok(catalogue
        .all_categories()?
        .into_iter()
        .map(CatalogueCategory::from)
        .collect())
}

/// Every category, inactive ones too, in the grid's order.
#[tauri::command]
pub async fn catalogue_categories(
    till: State<'_, Arc<Till>>,
) -> Result<Vec<CatalogueCategory>, AppError> {
    let till = till.inner().clone();
    blocking(move || every_category(&till.db()?.catalogue())).await
}

/// Adds a category (`id` null, at the end of the grid) or renames one.
#[tauri::command]
pub async fn catalogue_save_category(
    till: State<'_, Arc<Till>>,
    id: Option<i64>,
    name: String,
) -> Result<CategorySaveResult, AppError> {
    let till = till.inner().clone();
    blocking(move || {
        let db = till.db()?;
        let catalogue = db.catalogue();
        let saved = match id {
            Some(id) => catalogue.rename_category(id, &name)?,
            None => catalogue.create_category(&name)?,
        };
        let (saved_id, problem) = match saved {
            CategorySaved::Category(c) => (Some(c.id), None),
            CategorySaved::Invalid(p) => (None, Some(p)),
        };
        Ok(CategorySaveResult {
            categories: every_category(&catalogue)?,
            saved_id,
            problem,
        })
    })
    .await
}

/// Puts the categories in this order; `ids` must list every category once.
#[tauri::command]
pub async fn catalogue_reorder_categories(
    till: State<'_, Arc<Till>>,
    ids: Vec<i64>,
) -> Result<Vec<CatalogueCategory>, AppError> {
    let till = till.inner().clone();
    blocking(move || {
        let found = till.db()?.catalogue().reorder_categories(&ids)?;
        Ok(found.into_iter().map(CatalogueCategory::from).collect())
    })
    .await
}

/// Takes a category off the sale screen's grid or puts it back.
#[tauri::command]
pub async fn catalogue_set_category_active(
    till: State<'_, Arc<Till>>,
    id: i64,
    active: bool,
) -> Result<Vec<CatalogueCategory>, AppError> {
    let till = till.inner().clone();
    blocking(move || {
        let db = till.db()?;
        db.catalogue().set_category_active(id, active)?;
        every_category(&db.catalogue())
    })
    .await
}

/// Imports a CSV file the webview read with `File.text()`. All or nothing: the answer lists
/// every bad row with line and column, or how many products were written.
#[tauri::command]
pub async fn catalogue_import_csv(
    till: State<'_, Arc<Till>>,
    text: String,
) -> Result<ImportResult, AppError> {
    let till = till.inner().clone();
    blocking(move || {
        let report = till.db()?.catalogue().import_csv_report(text.as_bytes())?;
        Ok(report.into())
    })
    .await
}

/// Writes the catalogue as CSV into the user's Downloads folder (else Documents, else home)
/// and answers with the path for the screen to show.
///
/// Why not a Blob URL and `<a download>` in the webview: the CSP allows no `blob:` URLs, and
/// widening it for one button is the wrong trade; also WebKitGTK under Tauri saves nothing
/// for a download link unless the app handles downloads. Writing from Rust keeps the CSP
/// strict and the file where the merchant looks for it, and the path can be shown.
#[tauri::command]
pub async fn catalogue_export_csv<R: Runtime>(
    app: AppHandle<R>,
    till: State<'_, Arc<Till>>,
) -> Result<ExportDone, AppError> {
    let folder = match app.try_state::<ExportFolder>() {
        Some(f) => f.0.clone(),
        None => kassa::catalogue::export_folder()?,
    };
    let till = till.inner().clone();
    blocking(move || {
        let (path, rows) = till
            .db()?
            .catalogue()
            .export_csv_file(&folder, till.now())?;
        Ok(ExportDone {
            path: path.display().to_string(),
            rows: u32::try_from(rows).unwrap_or(u32::MAX),
        })
    })
    .await
}

/// How many of the training demo's products are still for sale (Settings offers to take them
/// off sale once the till is live).
#[tauri::command]
pub async fn demo_products_for_sale(till: State<'_, Arc<Till>>) -> Result<usize, AppError> {
    let till = till.inner().clone();
    blocking(move || Ok(kassa::demo::products_for_sale(&*till.db()?)?)).await
}

/// Takes the demo products off sale (deactivated, not deleted); answers how many.
#[tauri::command]
pub async fn take_demo_products_off_sale(till: State<'_, Arc<Till>>) -> Result<usize, AppError> {
    let till = till.inner().clone();
    blocking(move || Ok(kassa::demo::take_off_sale(&*till.db()?)?)).await
}
