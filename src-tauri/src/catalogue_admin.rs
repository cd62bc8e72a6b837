//! What the Catalogue screen sends and receives: products with everything the edit form
//! needs, categories with their state, VAT classes with today's rate, and every problem with
//! a product, a category name or a CSV row as data (field, kind, the typed value), so the
//! screen can put a translated message next to the field or under the row that caused it.
//! Problems the cashier can fix are answers, not errors: `AppError` stays for storage
//! failures and things that vanished meanwhile.

use jiff::civil::Date;
use kassa::VatClass;
use kassa::catalogue::{Category, ImportProblem, ImportReport, Product, ProductDraft};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::AppError;
use crate::sale_view::{CategoryView, ProductView};

/// A VAT class by its stored key.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export_to = "VatClassKey.ts")]
pub enum VatClassKey {
    Standard,
    Food,
    Reduced,
    Culture,
    Exempt,
}

impl From<VatClass> for VatClassKey {
    fn from(c: VatClass) -> Self {
        match c {
            VatClass::Standard => VatClassKey::Standard,
            VatClass::Food => VatClassKey::Food,
            VatClass::Reduced => VatClassKey::Reduced,
            VatClass::Culture => VatClassKey::Culture,
            VatClass::Exempt => VatClassKey::Exempt,
        }
    }
}

impl From<VatClassKey> for VatClass {
    fn from(c: VatClassKey) -> Self {
        match c {
            VatClassKey::Standard => VatClass::Standard,
            VatClassKey::Food => VatClass::Food,
            VatClassKey::Reduced => VatClass::Reduced,
            VatClassKey::Culture => VatClass::Culture,
            VatClassKey::Exempt => VatClass::Exempt,
        }
    }
}

/// A VAT class for the form's list: the screen writes "Livsmedel 6 %" from the class and
/// the rate in force today (food is 6 % from 2026-04-01 to 2027-12-31, else 12 %).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export_to = "VatClassOption.ts")]
pub struct VatClassOption {
    pub class: VatClassKey,
    /// `6 %`
    pub rate: String,
}

impl VatClassOption {
    pub fn all(vat: &kassa::VatTable, on: Date) -> Result<Vec<VatClassOption>, AppError> {
        VatClass::ALL
            .into_iter()
            .map(|class| {
                Ok(VatClassOption {
                    class: class.into(),
                    rate: vat.rate(class, on)?.to_string(),
                })
            })
            .collect()
    }
}

/// A product on the Catalogue screen: the sale screen's view plus what the form edits.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export_to = "CatalogueProduct.ts")]
pub struct CatalogueProduct {
    #[serde(flatten)]
    pub product: ProductView,
    /// The price as the form shows it: `12,50`.
    pub price_typed: String,
    pub vat_class: VatClassKey,
    #[ts(type = "number | null")]
    pub category_id: Option<i64>,
    pub active: bool,
    pub article: kassa::catalogue::ArticleKind,
}

impl From<Product> for CatalogueProduct {
    fn from(p: Product) -> Self {
        let draft = ProductDraft::of(&p);
        CatalogueProduct {
            price_typed: draft.price,
            vat_class: p.vat_class.into(),
            category_id: p.category_id,
            active: p.active,
            article: p.article,
            product: p.into(),
        }
    }
}

/// The edit form as sent: text as typed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export_to = "ProductInput.ts")]
pub struct ProductInput {
    pub name: String,
    /// Typed like `12,50`.
    pub price: String,
    pub vat_class: VatClassKey,
    #[ts(type = "number | null")]
    pub category_id: Option<i64>,
    /// Empty for none.
    pub barcode: String,
    /// Empty for none.
    pub sku: String,
    pub active: bool,
    /// Goods or a service (the day reports count each).
    #[serde(default)]
    pub article: kassa::catalogue::ArticleKind,
}

impl From<ProductInput> for ProductDraft {
    fn from(p: ProductInput) -> Self {
        ProductDraft {
            name: p.name,
            price: p.price,
            vat_class: VatClass::from(p.vat_class).key().to_owned(),
            category_id: p.category_id,
            barcode: p.barcode,
            sku: p.sku,
            active: p.active,
            article: p.article,
        }
    }
}

/// A field of the form, and a column of the CSV file; what is wrong with one; the two
/// together, next to that field: the core's own types.
pub use kassa::catalogue::{
    FieldProblem as FieldProblemView, Problem as CatalogueProblem, ProductField as ProductFieldKey,
};

fn small(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// Saving a product: the saved product, or nothing saved and every problem by field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export_to = "ProductSaveResult.ts")]
pub struct ProductSaveResult {
    pub product: Option<CatalogueProduct>,
    pub problems: Vec<FieldProblemView>,
}

impl From<kassa::catalogue::Saved> for ProductSaveResult {
    fn from(s: kassa::catalogue::Saved) -> Self {
        match s {
            kassa::catalogue::Saved::Product(p) => ProductSaveResult {
                product: Some(p.into()),
                problems: Vec::new(),
            },
            kassa::catalogue::Saved::Invalid(problems) => ProductSaveResult {
                product: None,
                problems,
            },
        }
    }
}

/// A category on the Catalogue screen, in the grid's order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export_to = "CatalogueCategory.ts")]
pub struct CatalogueCategory {
    #[serde(flatten)]
    pub category: CategoryView,
    pub active: bool,
}

impl From<Category> for CatalogueCategory {
    fn from(c: Category) -> Self {
        CatalogueCategory {
            active: c.active,
            category: c.into(),
        }
    }
}

/// Saving a category name: every category afterwards (in order), and what is wrong with the
/// name if nothing was saved.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export_to = "CategorySaveResult.ts")]
pub struct CategorySaveResult {
    pub categories: Vec<CatalogueCategory>,
    #[ts(type = "number | null")]
    pub saved_id: Option<i64>,
    pub problem: Option<CatalogueProblem>,
}

/// One problem of a CSV file, where it is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export_to = "ImportRowProblem.ts")]
pub struct ImportRowProblem {
    /// Line in the file, 1 = header.
    #[ts(type = "number")]
    pub line: u64,
    /// The column's header as the file writes it (`pris`); none for the whole row.
    pub column: Option<String>,
    pub field: Option<ProductFieldKey>,
    pub problem: CatalogueProblem,
}

impl From<ImportProblem> for ImportRowProblem {
    fn from(p: ImportProblem) -> Self {
        ImportRowProblem {
            line: p.line,
            column: p.column,
            field: p.field,
            problem: p.problem,
        }
    }
}

/// What a CSV import found and did. All or nothing: `imported` is set exactly when there are
/// no problems; otherwise nothing was written.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export_to = "ImportResult.ts")]
pub struct ImportResult {
    /// Data rows in the file.
    pub rows: u32,
    /// Rows without a problem.
    pub good_rows: u32,
    pub problems: Vec<ImportRowProblem>,
    /// Products written, when the import went through.
    pub imported: Option<u32>,
    pub new_categories: u32,
}

impl From<ImportReport> for ImportResult {
    fn from(r: ImportReport) -> Self {
        ImportResult {
            rows: small(r.rows),
            good_rows: small(r.good_rows()),
            imported: r.imported.as_ref().map(|s| small(s.products)),
            new_categories: r.imported.as_ref().map_or(0, |s| small(s.new_categories)),
            problems: r.problems.into_iter().map(Into::into).collect(),
        }
    }
}

/// Where an export was written.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export_to = "ExportDone.ts")]
pub struct ExportDone {
    pub path: String,
    pub rows: u32,
}
