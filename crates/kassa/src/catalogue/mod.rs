//! The catalogue: categories and products, looked up by id, barcode or search.
//!
//! - `draft`: a product as typed ([`ProductDraft`]) and its problems by field.
//! - `problem`: what is wrong with one typed field ([`Problem`]), shared with `barcode`.
//! - `admin`: saving drafts, deactivating products and categories, renaming and ordering.
//! - `barcode`, `search`: EAN/UPC codes and search as you type.
//! - `csv_io`, `export`: CSV import with a report per row, export to a writer or a file;
//!   `csv_guard` keeps spreadsheets from running exported text as formulas.

mod admin;
mod barcode;
mod csv_guard;
mod csv_io;
mod draft;
mod export;
mod problem;
mod search;

pub use admin::{CategorySaved, Saved};
pub use barcode::Barcode;
pub use csv_io::{ImportProblem, ImportReport, ImportSummary};
pub use draft::{FieldProblem, MAX_CATEGORY_NAME, MAX_NAME, MAX_SKU, ProductDraft, ProductField};
pub use export::export_folder;
pub use problem::Problem;

use rusqlite::{OptionalExtension, Row, params};
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::money::{KRONOR_MAX, Locale, Ore};
use crate::storage::Db;
use crate::vat::VatClass;

/// A group of products on the sale screen.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Category {
    pub id: i64,
    pub name: String,
    pub sort_order: i64,
    /// An inactive category is not on the sale screen's grid.
    pub active: bool,
}

const CATEGORY_COLUMNS: &str = "id, name, sort_order, active";

fn category_from_row(r: &Row<'_>) -> rusqlite::Result<Category> {
    Ok(Category {
        id: r.get(0)?,
        name: r.get(1)?,
        sort_order: r.get(2)?,
        active: r.get(3)?,
    })
}

/// Goods or a service: the day reports count each and the journal export names it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export_to = "ArticleKind.ts"))]
pub enum ArticleKind {
    #[default]
    Goods,
    Service,
}

impl ArticleKind {
    /// The text stored in the database and written in the CSV.
    pub fn key(self) -> &'static str {
        match self {
            ArticleKind::Goods => "goods",
            ArticleKind::Service => "service",
        }
    }

    /// `goods`/`service`, or the Swedish `vara`/`tjänst` a spreadsheet may have.
    pub fn parse(text: &str) -> Option<ArticleKind> {
        match text.trim().to_lowercase().as_str() {
            "" | "goods" | "vara" | "varor" => Some(ArticleKind::Goods),
            "service" | "tjänst" | "tjanst" | "tjänster" => Some(ArticleKind::Service),
            _ => None,
        }
    }
}

/// A product as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Product {
    pub id: i64,
    pub name: String,
    /// Shelf price including VAT.
    pub price: Ore,
    pub vat_class: VatClass,
    pub category_id: Option<i64>,
    pub barcode: Option<Barcode>,
    pub sku: Option<String>,
    pub active: bool,
    pub sort_order: i64,
    #[serde(default)]
    pub article: ArticleKind,
}

/// What is needed to create or change a product.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewProduct {
    pub name: String,
    pub price: Ore,
    pub vat_class: VatClass,
    pub category_id: Option<i64>,
    pub barcode: Option<Barcode>,
    pub sku: Option<String>,
    pub active: bool,
    pub sort_order: i64,
    #[serde(default)]
    pub article: ArticleKind,
}

impl NewProduct {
    /// An active product with no category, barcode or SKU.
    pub fn new(name: impl Into<String>, price: Ore, vat_class: VatClass) -> NewProduct {
        NewProduct {
            name: name.into(),
            price,
            vat_class,
            category_id: None,
            barcode: None,
            sku: None,
            active: true,
            sort_order: 0,
            article: ArticleKind::Goods,
        }
    }

    /// Trims and checks the fields Kronor and the receipt limit.
    pub fn validated(mut self) -> Result<NewProduct> {
        self.name = self.name.trim().to_owned();
        if self.name.is_empty() {
            return Err(Error::InvalidProduct("A product needs a name.".into()));
        }
        if self.name.chars().count() > 100 {
            return Err(Error::InvalidProduct(format!(
                "\"{}…\" is longer than 100 characters; shorten the name.",
                self.name.chars().take(30).collect::<String>()
            )));
        }
        if self.price.is_negative() {
            return Err(Error::AmountOutOfRange(format!(
                "The price of \"{}\" is negative; prices must be 0 or more.",
                self.name
            )));
        }
        if self.price > KRONOR_MAX {
            return Err(Error::AmountOutOfRange(format!(
                "The price of \"{}\" is above {}.",
                self.name,
                KRONOR_MAX.format(Locale::Swedish)
            )));
        }
        self.sku = self
            .sku
            .map(|s| s.trim().to_owned())
            .filter(|s| !s.is_empty());
        if let Some(sku) = &self.sku
            && sku.chars().count() > 64
        {
            return Err(Error::InvalidProduct(format!(
                "The SKU \"{sku}\" is longer than 64 characters."
            )));
        }
        for (field, text) in [
            (ProductField::Name, Some(&self.name)),
            (ProductField::Sku, self.sku.as_ref()),
        ] {
            if let Some(problem) = text.and_then(|t| draft::text_problem(t, usize::MAX)) {
                return Err(Error::InvalidProduct(format!(
                    "Cannot save the product: {}.",
                    problem.message(field.key())
                )));
            }
        }
        Ok(self)
    }
}

const PRODUCT_COLUMNS: &str = "p.id, p.name, p.price_ore, p.vat_class, p.category_id, p.barcode, p.sku, p.active, p.sort_order, p.article";

fn product_from_row(row: &Row<'_>) -> rusqlite::Result<Product> {
    let class: String = row.get(3)?;
    let barcode: Option<String> = row.get(5)?;
    let bad = |col: usize, what: String| {
        rusqlite::Error::FromSqlConversionFailure(
            col,
            rusqlite::types::Type::Text,
            Box::new(Error::DatabaseCorrupt(what)),
        )
    };
    Ok(Product {
        id: row.get(0)?,
        name: row.get(1)?,
        price: Ore::new(row.get(2)?),
        vat_class: class
            .parse()
            .map_err(|_| bad(3, format!("unknown VAT class {class}")))?,
        category_id: row.get(4)?,
        barcode: barcode
            .map(|b| Barcode::parse(&b).map_err(|_| bad(5, format!("bad barcode {b}"))))
            .transpose()?,
        sku: row.get(6)?,
        active: row.get(7)?,
        sort_order: row.get(8)?,
        article: {
            let article: String = row.get(9)?;
            ArticleKind::parse(&article)
                .ok_or_else(|| bad(9, format!("unknown article kind {article}")))?
        },
    })
}

/// A unique-constraint failure becomes a `Duplicate` the cashier can fix.
fn duplicate_or_storage(e: rusqlite::Error, p: &NewProduct) -> Error {
    let text = e.to_string();
    if e.sqlite_error_code() == Some(rusqlite::ErrorCode::ConstraintViolation) {
        if text.contains("product.barcode") {
            let code = p.barcode.as_ref().map_or("", Barcode::as_str);
            return Error::Duplicate(format!("Another product already has barcode {code}."));
        }
        if text.contains("product.sku") {
            let sku = p.sku.as_deref().unwrap_or("");
            return Error::Duplicate(format!("Another product already has SKU {sku}."));
        }
        if text.contains("FOREIGN KEY") {
            return Error::NotFound("The product's category does not exist.".into());
        }
    }
    Error::Storage(e)
}

/// The catalogue of one database.
pub struct Catalogue<'a> {
    db: &'a Db,
}

impl Db {
    pub fn catalogue(&self) -> Catalogue<'_> {
        Catalogue { db: self }
    }
}

impl Catalogue<'_> {
    /// Adds a category, or returns the existing one with that name.
    pub fn add_category(&self, name: &str, sort_order: i64) -> Result<Category> {
        let name = name.trim();
        if name.is_empty() {
            return Err(Error::InvalidProduct("A category needs a name.".into()));
        }
        if let Some(problem) = draft::text_problem(name, MAX_CATEGORY_NAME) {
            return Err(Error::InvalidProduct(format!(
                "Cannot save the category: {}.",
                problem.message("category name")
            )));
        }
        let conn = self.db.conn();
        conn.execute(
            "INSERT INTO category(name, sort_order) VALUES (?1, ?2) ON CONFLICT(name) DO NOTHING",
            params![name, sort_order],
        )?;
        Ok(conn.query_row(
            &format!("SELECT {CATEGORY_COLUMNS} FROM category WHERE name = ?1"),
            [name],
            category_from_row,
        )?)
    }

    /// The active categories in screen order: the sale screen's grid.
    pub fn categories(&self) -> Result<Vec<Category>> {
        let mut stmt = self.db.conn().prepare_cached(&format!(
            "SELECT {CATEGORY_COLUMNS} FROM category WHERE active = 1 ORDER BY sort_order, name"
        ))?;
        let rows = stmt.query_map([], category_from_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Every category, inactive ones too, in screen order: the catalogue screen's list.
    pub fn all_categories(&self) -> Result<Vec<Category>> {
        let mut stmt = self.db.conn().prepare_cached(&format!(
            "SELECT {CATEGORY_COLUMNS} FROM category ORDER BY sort_order, name"
        ))?;
        let rows = stmt.query_map([], category_from_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Adds a product after validating it.
    pub fn add_product(&self, product: NewProduct) -> Result<Product> {
        let p = product.validated()?;
        let mut stmt = self.db.conn().prepare_cached(
            "INSERT INTO product(name, price_ore, vat_class, category_id, barcode, sku, active, sort_order, article)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        )?;
        stmt.execute(params![
            p.name,
            p.price.get(),
            p.vat_class.key(),
            p.category_id,
            p.barcode.as_ref().map(Barcode::as_str),
            p.sku,
            p.active,
            p.sort_order,
            p.article.key()
        ])
        .map_err(|e| duplicate_or_storage(e, &p))?;
        self.product(self.db.conn().last_insert_rowid())
    }

    /// Changes a product. Sales already in the journal keep the values they were sold with.
    pub fn update_product(&self, id: i64, product: NewProduct) -> Result<Product> {
        let p = product.validated()?;
        let changed = self
            .db
            .conn()
            .prepare_cached(
                "UPDATE product SET name = ?2, price_ore = ?3, vat_class = ?4, category_id = ?5,
                 barcode = ?6, sku = ?7, active = ?8, sort_order = ?9, article = ?10 WHERE id = ?1",
            )?
            .execute(params![
                id,
                p.name,
                p.price.get(),
                p.vat_class.key(),
                p.category_id,
                p.barcode.as_ref().map(Barcode::as_str),
                p.sku,
                p.active,
                p.sort_order,
                p.article.key()
            ])
            .map_err(|e| duplicate_or_storage(e, &p))?;
        if changed == 0 {
            return Err(Error::NotFound(format!("Product {id} does not exist.")));
        }
        self.product(id)
    }

    /// One product by id.
    pub fn product(&self, id: i64) -> Result<Product> {
        let mut stmt = self.db.conn().prepare_cached(&format!(
            "SELECT {PRODUCT_COLUMNS} FROM product p WHERE p.id = ?1"
        ))?;
        stmt.query_row([id], product_from_row)
            .optional()?
            .ok_or_else(|| Error::NotFound(format!("Product {id} does not exist.")))
    }

    /// The active product with exactly this barcode, if any. Accepts a UPC-A sent as EAN-13
    /// and the other way round. A malformed code is an error the cashier sees.
    pub fn by_barcode(&self, code: &str) -> Result<Option<Product>> {
        let code = Barcode::parse(code)?;
        let mut stmt = self.db.conn().prepare_cached(&format!(
            "SELECT {PRODUCT_COLUMNS} FROM product p WHERE p.barcode = ?1 AND p.active = 1"
        ))?;
        if let Some(p) = stmt
            .query_row([code.as_str()], product_from_row)
            .optional()?
        {
            return Ok(Some(p));
        }
        match code.alternative() {
            Some(alt) => Ok(stmt.query_row([alt], product_from_row).optional()?),
            None => Ok(None),
        }
    }

    /// Every product (active or not) in screen order.
    pub fn products(&self) -> Result<Vec<Product>> {
        let mut stmt = self.db.conn().prepare_cached(&format!(
            "SELECT {PRODUCT_COLUMNS} FROM product p ORDER BY p.category_id, p.sort_order, p.name"
        ))?;
        let rows = stmt.query_map([], product_from_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Active products of one category in screen order.
    pub fn products_in(&self, category_id: i64) -> Result<Vec<Product>> {
        let mut stmt = self.db.conn().prepare_cached(&format!(
            "SELECT {PRODUCT_COLUMNS} FROM product p WHERE p.category_id = ?1 AND p.active = 1
             ORDER BY p.sort_order, p.name"
        ))?;
        let rows = stmt.query_map([category_id], product_from_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// How many products there are.
    pub fn count(&self) -> Result<i64> {
        Ok(self
            .db
            .conn()
            .query_row("SELECT count(*) FROM product", [], |r| r.get(0))?)
    }
}
