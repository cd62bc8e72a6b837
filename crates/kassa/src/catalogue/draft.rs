//! A product as the cashier typed it, and what is wrong with it, field by field.
//!
//! The catalogue screen and the CSV import both start from text. Every problem names its
//! field and says what is wrong as data ([`Problem`]), so the screen can put a translated
//! message next to the field and the import can name the column; all problems of a draft are
//! reported at once, not only the first.

use serde::{Deserialize, Serialize};

use super::barcode::Barcode;
use super::problem::Problem;
use super::{ArticleKind, NewProduct, Product};
use crate::error::Error;
use crate::money::Ore;
use crate::text::{code_point, hidden_char};
use crate::vat::VatClass;

/// The longest product name a receipt line takes.
pub const MAX_NAME: usize = 100;
/// The longest SKU.
pub const MAX_SKU: usize = 64;
/// The longest category name (a tile on the sale screen).
pub const MAX_CATEGORY_NAME: usize = 40;

/// A field of a product; also the columns of the CSV file, in the same order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(
    feature = "ts",
    derive(ts_rs::TS),
    ts(export_to = "ProductFieldKey.ts", rename = "ProductFieldKey")
)]
pub enum ProductField {
    Name,
    Price,
    VatClass,
    Category,
    Barcode,
    Sku,
    Active,
    SortOrder,
    Article,
}

impl ProductField {
    /// In CSV column order.
    pub const ALL: [ProductField; 9] = [
        ProductField::Name,
        ProductField::Price,
        ProductField::VatClass,
        ProductField::Category,
        ProductField::Barcode,
        ProductField::Sku,
        ProductField::Active,
        ProductField::SortOrder,
        ProductField::Article,
    ];

    /// The English label used in messages and as the CSV header.
    pub fn key(self) -> &'static str {
        match self {
            ProductField::Name => "name",
            ProductField::Price => "price",
            ProductField::VatClass => "vat_class",
            ProductField::Category => "category",
            ProductField::Barcode => "barcode",
            ProductField::Sku => "sku",
            ProductField::Active => "active",
            ProductField::SortOrder => "sort_order",
            ProductField::Article => "article",
        }
    }
}

/// One problem of one field, shown next to that field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(
    feature = "ts",
    derive(ts_rs::TS),
    ts(export_to = "FieldProblemView.ts", rename = "FieldProblemView")
)]
pub struct FieldProblem {
    pub field: ProductField,
    pub problem: Problem,
}

impl FieldProblem {
    pub fn new(field: ProductField, problem: Problem) -> FieldProblem {
        FieldProblem { field, problem }
    }
}

/// A product as typed on the catalogue screen: text fields as text, so that "12,50" and a
/// mistyped barcode reach the till and come back as a [`Problem`] next to their field.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProductDraft {
    pub name: String,
    /// Typed like `12,50`, `12.50` or `1 234`.
    pub price: String,
    /// A [`VatClass`] key (`food`) or its Swedish name.
    pub vat_class: String,
    pub category_id: Option<i64>,
    /// Empty for none.
    pub barcode: String,
    /// Empty for none.
    pub sku: String,
    pub active: bool,
    pub article: ArticleKind,
}

impl ProductDraft {
    /// The draft of an existing product, as the edit form starts.
    pub fn of(p: &Product) -> ProductDraft {
        let price = p.price.get();
        ProductDraft {
            name: p.name.clone(),
            price: format!("{},{:02}", price / 100, price % 100),
            vat_class: p.vat_class.key().to_owned(),
            category_id: p.category_id,
            barcode: p.barcode.as_ref().map_or("", Barcode::as_str).to_owned(),
            sku: p.sku.clone().unwrap_or_default(),
            active: p.active,
            article: p.article,
        }
    }

    /// Reads every field; all problems at once. Nothing here looks at the database: taken
    /// barcodes and SKUs are checked when the product is saved.
    pub fn parse(&self, sort_order: i64) -> Result<NewProduct, Vec<FieldProblem>> {
        let mut problems = Vec::new();
        let mut fail = |field, problem| problems.push(FieldProblem::new(field, problem));

        let name = self.name.trim();
        if let Some(problem) = text_problem(name, MAX_NAME) {
            fail(ProductField::Name, problem);
        }
        let price = parse_price(&self.price)
            .map_err(|p| fail(ProductField::Price, p))
            .ok();
        let vat_class = if self.vat_class.trim().is_empty() {
            fail(ProductField::VatClass, Problem::Empty);
            None
        } else {
            self.vat_class
                .parse::<VatClass>()
                .map_err(|_| {
                    fail(
                        ProductField::VatClass,
                        Problem::UnknownVatClass {
                            typed: self.vat_class.trim().to_owned(),
                        },
                    )
                })
                .ok()
        };
        let barcode = match self.barcode.trim() {
            "" => None,
            code => Barcode::check(code)
                .map_err(|p| fail(ProductField::Barcode, p))
                .ok(),
        };
        let sku = Some(self.sku.trim().to_owned()).filter(|s| !s.is_empty());
        if let Some(problem) = sku.as_deref().and_then(|s| text_problem(s, MAX_SKU)) {
            fail(ProductField::Sku, problem);
        }
        match (price, vat_class) {
            (Some(price), Some(vat_class)) if problems.is_empty() => Ok(NewProduct {
                name: name.to_owned(),
                price,
                vat_class,
                category_id: self.category_id,
                barcode,
                sku,
                active: self.active,
                sort_order,
                article: self.article,
            }),
            _ => Err(problems),
        }
    }
}

/// What is wrong with a trimmed text field: empty, a hidden character, or longer than `max`.
/// The catalogue screen, the CSV import and [`NewProduct::validated`] all ask this, so a name
/// one of them refuses the others refuse too.
pub(crate) fn text_problem(text: &str, max: usize) -> Option<Problem> {
    if text.is_empty() {
        Some(Problem::Empty)
    } else if let Some(c) = hidden_char(text) {
        Some(Problem::ControlCharacter {
            code: code_point(c),
        })
    } else if text.chars().count() > max {
        Some(Problem::TooLong { max })
    } else {
        None
    }
}

/// A shelf price as typed; a leading minus is "negative", not "not an amount".
fn parse_price(typed: &str) -> Result<Ore, Problem> {
    let typed = typed.trim();
    if typed.is_empty() {
        return Err(Problem::Empty);
    }
    if typed.starts_with('-') && Ore::parse(&typed[1..]).is_ok() {
        return Err(Problem::Negative {
            typed: typed.to_owned(),
        });
    }
    Ore::parse(typed).map_err(|e| match e {
        Error::AmountOutOfRange(_) => Problem::TooLarge {
            typed: typed.to_owned(),
        },
        _ => Problem::NotAnAmount {
            typed: typed.to_owned(),
        },
    })
}
