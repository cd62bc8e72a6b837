//! Finding products: search as you type, barcode lookup, the category grid.

use std::sync::Arc;

use tauri::State;

use super::blocking;
use crate::error::AppError;
use crate::sale_view::{CategoryView, ProductView};
use crate::till::Till;

/// How many search results the screen shows under the field.
pub const SEARCH_LIMIT: usize = 12;

/// Active products matching what was typed (name, SKU or barcode), best first.
#[tauri::command]
pub async fn search_products(
    till: State<'_, Arc<Till>>,
    query: String,
) -> Result<Vec<ProductView>, AppError> {
    let till = till.inner().clone();
    blocking(move || {
        let found = till.db()?.catalogue().search(&query, SEARCH_LIMIT)?;
        Ok(found.into_iter().map(ProductView::from).collect())
    })
    .await
}

/// The product with this barcode; `not_found` when there is none, `invalid_barcode` when the
/// code cannot be one.
#[tauri::command]
pub async fn product_by_barcode(
    till: State<'_, Arc<Till>>,
    code: String,
) -> Result<ProductView, AppError> {
    let till = till.inner().clone();
    blocking(move || {
        let product = till.db()?.catalogue().by_barcode(&code)?.ok_or_else(|| {
            kassa::Error::NotFound(format!("No product has barcode {}.", code.trim()))
        })?;
        Ok(product.into())
    })
    .await
}

#[tauri::command]
pub async fn categories(till: State<'_, Arc<Till>>) -> Result<Vec<CategoryView>, AppError> {
    let till = till.inner().clone();
    blocking(move || {
        let found = till.db()?.catalogue().categories()?;
        Ok(found.into_iter().map(CategoryView::from).collect())
    })
    .await
}

/// The active products of one category, in their sort order, for the touch grid.
#[tauri::command]
pub async fn category_products(
    till: State<'_, Arc<Till>>,
    category_id: i64,
) -> Result<Vec<ProductView>, AppError> {
    let till = till.inner().clone();
    blocking(move || {
        let found = till.db()?.catalogue().products_in(category_id)?;
        Ok(found
            .into_iter()
            .filter(|p| p.active)
            .map(ProductView::from)
            .collect())
    })
    .await
}
