//! Keeping the catalogue: saving products typed on the catalogue screen, putting products
//! and categories away (deactivating, never deleting: old receipts and the journal refer to
//! them), renaming and ordering categories.

use rusqlite::{OptionalExtension, params};

use super::draft::{FieldProblem, MAX_CATEGORY_NAME, ProductDraft, ProductField, text_problem};
use super::problem::Problem;
use super::{Barcode, CATEGORY_COLUMNS, Catalogue, Category, Product, category_from_row};
use crate::error::{Error, Result};

/// What saving a product did: saved, or nothing written and every problem by field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Saved {
    Product(Product),
    Invalid(Vec<FieldProblem>),
}

/// What saving a category name did: saved, or nothing written and what is wrong with the name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CategorySaved {
    Category(Category),
    Invalid(Problem),
}

impl Catalogue<'_> {
    /// Adds (`id` None) or changes a product from what was typed. Problems with the typing
    /// and conflicts with other products (a barcode or SKU already used) come back together
    /// as [`Saved::Invalid`]; nothing is written then. An edit keeps the product's place.
    pub fn save_product(&self, id: Option<i64>, draft: &ProductDraft) -> Result<Saved> {
        let sort_order = match id {
            Some(id) => self.product(id)?.sort_order,
            None => 0,
        };
        let mut problems = self.conflicts(id, draft)?;
        let parsed = draft.parse(sort_order);
        let product = match parsed {
            Ok(product) if problems.is_empty() => product,
            Ok(_) => return Ok(Saved::Invalid(problems)),
            Err(mut typed) => {
                typed.append(&mut problems);
                typed.sort_by_key(|p| ProductField::ALL.iter().position(|f| *f == p.field));
                return Ok(Saved::Invalid(typed));
            }
        };
        let saved = match id {
            Some(id) => self.update_product(id, product)?,
            None => self.add_product(product)?,
        };
        Ok(Saved::Product(saved))
    }

    /// Problems only the database can tell: the category is gone, another product has the
    /// barcode (in either spelling of a UPC-A) or the SKU.
    fn conflicts(&self, id: Option<i64>, draft: &ProductDraft) -> Result<Vec<FieldProblem>> {
        let conn = self.db.conn();
        let mut problems = Vec::new();
        if let Some(category) = draft.category_id {
            let exists = conn
                .prepare_cached("SELECT 1 FROM category WHERE id = ?1")?
                .exists([category])?;
            if !exists {
                problems.push(FieldProblem::new(
                    ProductField::Category,
                    Problem::UnknownCategory,
                ));
            }
        }
        if let Ok(code) = Barcode::check(&draft.barcode) {
            let alt = code
                .alternative()
                .unwrap_or_else(|| code.as_str().to_owned());
            let by: Option<String> = conn
                .prepare_cached(
                    "SELECT name FROM product WHERE barcode IN (?1, ?2) AND id IS NOT ?3",
                )?
                .query_row(params![code.as_str(), alt, id], |r| r.get(0))
                .optional()?;
            if let Some(by) = by {
                let value = code.as_str().to_owned();
                problems.push(FieldProblem::new(
                    ProductField::Barcode,
                    Problem::Taken { value, by },
                ));
            }
        }
        let sku = draft.sku.trim();
        if !sku.is_empty() {
            let by: Option<String> = conn
                .prepare_cached("SELECT name FROM product WHERE sku = ?1 AND id IS NOT ?2")?
                .query_row(params![sku, id], |r| r.get(0))
                .optional()?;
            if let Some(by) = by {
                let value = sku.to_owned();
                problems.push(FieldProblem::new(
                    ProductField::Sku,
                    Problem::Taken { value, by },
                ));
            }
        }
        Ok(problems)
    }

    /// Takes a product off sale (search, grid, barcode) or puts it back. Receipts that
    /// already have it keep it: they hold their own copy of every line.
    pub fn set_product_active(&self, id: i64, active: bool) -> Result<Product> {
        let changed = self
            .db
            .conn()
            .prepare_cached("UPDATE product SET active = ?2 WHERE id = ?1")?
            .execute(params![id, active])?;
        if changed == 0 {
            return Err(Error::NotFound(format!("Product {id} does not exist.")));
        }
        self.product(id)
    }

    /// Products for the catalogue screen, inactive ones too: the first `limit` by name when
    /// nothing is typed, else search as on the sale screen.
    pub fn find_products(&self, typed: &str, limit: usize) -> Result<Vec<Product>> {
        if !typed.trim().is_empty() {
            return self.search_among(typed, limit, false);
        }
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        let mut stmt = self.db.conn().prepare_cached(&format!(
            "SELECT {} FROM product p ORDER BY p.name COLLATE NOCASE LIMIT ?1",
            super::PRODUCT_COLUMNS
        ))?;
        let rows = stmt.query_map([limit], super::product_from_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// One category by id, active or not.
    pub fn category(&self, id: i64) -> Result<Category> {
        self.db
            .conn()
            .prepare_cached(&format!(
                "SELECT {CATEGORY_COLUMNS} FROM category WHERE id = ?1"
            ))?
            .query_row([id], category_from_row)
            .optional()?
            .ok_or_else(|| Error::NotFound(format!("Category {id} does not exist.")))
    }

    /// Adds a category at the end of the grid. Unlike [`Catalogue::add_category`] (which the
    /// demo and imports use to find-or-create), a name already in use is a problem to show.
    pub fn create_category(&self, name: &str) -> Result<CategorySaved> {
        let name = name.trim();
        if let Some(problem) = self.category_name_problem(None, name)? {
            return Ok(CategorySaved::Invalid(problem));
        }
        let conn = self.db.conn();
        conn.execute(
            "INSERT INTO category(name, sort_order)
             VALUES (?1, (SELECT coalesce(max(sort_order), -1) + 1 FROM category))",
            [name],
        )?;
        Ok(CategorySaved::Category(
            self.category(conn.last_insert_rowid())?,
        ))
    }

    /// Renames a category; its products and receipts are untouched.
    pub fn rename_category(&self, id: i64, name: &str) -> Result<CategorySaved> {
        let name = name.trim();
        self.category(id)?;
        if let Some(problem) = self.category_name_problem(Some(id), name)? {
            return Ok(CategorySaved::Invalid(problem));
        }
        self.db.conn().execute(
            "UPDATE category SET name = ?2 WHERE id = ?1",
            params![id, name],
        )?;
        Ok(CategorySaved::Category(self.category(id)?))
    }

    fn category_name_problem(&self, id: Option<i64>, name: &str) -> Result<Option<Problem>> {
        if let Some(problem) = text_problem(name, MAX_CATEGORY_NAME) {
            return Ok(Some(problem));
        }
        let by: Option<String> = self
            .db
            .conn()
            .prepare_cached("SELECT name FROM category WHERE name = ?1 AND id IS NOT ?2")?
            .query_row(params![name, id], |r| r.get(0))
            .optional()?;
        Ok(by.map(|by| Problem::Taken {
            value: name.to_owned(),
            by,
        }))
    }

    /// Puts the categories in this order (the grid's order). `ids` must be every category
    /// exactly once, so a stale screen cannot lose one; all or nothing.
    pub fn reorder_categories(&self, ids: &[i64]) -> Result<Vec<Category>> {
        let mut known: Vec<i64> = self.all_categories()?.iter().map(|c| c.id).collect();
        let mut asked = ids.to_vec();
        known.sort_unstable();
        asked.sort_unstable();
        if known != asked {
            return Err(Error::NotFound(
                "The list of categories changed meanwhile; reload the catalogue screen.".into(),
            ));
        }
        let tx = self.db.write_tx()?;
        {
            let mut stmt = tx.prepare("UPDATE category SET sort_order = ?2 WHERE id = ?1")?;
            for (place, id) in ids.iter().enumerate() {
                stmt.execute(params![id, place as i64])?;
            }
        }
        tx.commit()?;
        self.all_categories()
    }

    /// Takes a category off the sale screen's grid or puts it back. Its products stay on
    /// sale by search and barcode; deactivate them one by one to stop selling them.
    pub fn set_category_active(&self, id: i64, active: bool) -> Result<Category> {
        let changed = self
            .db
            .conn()
            .prepare_cached("UPDATE category SET active = ?2 WHERE id = ?1")?
            .execute(params![id, active])?;
        if changed == 0 {
            return Err(Error::NotFound(format!("Category {id} does not exist.")));
        }
        self.category(id)
    }
}
