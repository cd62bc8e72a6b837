//! Search as you type over name, SKU and barcode.
//!
//! Names and SKUs go through FTS5 (prefix matching, case and diacritics folded); barcodes,
//! which are all digits and mostly share their first digits, by prefix on the product table's
//! barcode index. Matches are ranked in Rust: exact name or SKU, then names starting with the
//! text, then names where every typed word starts a word, then the rest; shorter (more
//! specific) names first within each group. FTS5's own bm25 was measured and dropped: it
//! counts the documents of every phrase per query, which for an unspecific term such as
//! `sku`* is a scan of the whole catalogue on every keystroke. At most [`RANK_LIMIT`] matches
//! are read per keystroke, so a very unspecific text (`k`) ranks the first of its matches.

use rusqlite::params;
use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

use super::{Catalogue, PRODUCT_COLUMNS, Product, product_from_row};
use crate::error::Result;

/// The most matches read and ranked per keystroke.
pub const RANK_LIMIT: i64 = 250;

/// Lower case without diacritics, as the FTS5 tokenizer sees text (`Kaffé` → `kaffe`).
fn fold(text: &str) -> String {
    text.nfd()
        .filter(|c| !is_combining_mark(*c))
        .flat_map(char::to_lowercase)
        .collect()
}

fn words(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|t| !t.is_empty())
}

/// Turns what the cashier typed into an FTS5 query that cannot be a syntax error: every run of
/// letters and digits becomes a quoted prefix term (`"kaff"*`), so quotes, `-`, `*`, `AND`, `(`
/// and friends are never operators. `None` when nothing searchable was typed.
fn fts_query(typed: &str) -> Option<String> {
    let terms: Vec<String> = words(typed).map(|t| format!("\"{t}\"*")).collect();
    (!terms.is_empty()).then(|| terms.join(" "))
}

/// Sort key of a match: lower is better.
fn score(p: &Product, typed: &str, terms: &[String]) -> (u8, usize, i64) {
    let name = fold(&p.name);
    let group = if name == typed || p.sku.as_deref().map(fold).as_deref() == Some(typed) {
        0
    } else if name.starts_with(typed) {
        1
    } else if terms
        .iter()
        .all(|t| words(&name).any(|w| w.starts_with(t.as_str())))
    {
        2
    } else {
        3
    };
    (group, name.chars().count(), p.sort_order)
}

impl Catalogue<'_> {
    /// Active products matching what was typed, best first, at most `limit`.
    pub fn search(&self, typed: &str, limit: usize) -> Result<Vec<Product>> {
        self.search_among(typed, limit, true)
    }

    /// [`Catalogue::search`], over inactive products too unless `active_only`.
    pub(super) fn search_among(
        &self,
        typed: &str,
        limit: usize,
        active_only: bool,
    ) -> Result<Vec<Product>> {
        let typed = typed.trim();
        let mut found = Vec::new();
        if typed.len() >= 2 && typed.bytes().all(|b| b.is_ascii_digit()) {
            found = self.barcode_prefix(typed, limit, active_only)?;
        }
        let Some(query) = fts_query(typed) else {
            return Ok(found);
        };
        let mut stmt = self.db.conn().prepare_cached(&format!(
            "SELECT {PRODUCT_COLUMNS} FROM product_fts f JOIN product p ON p.id = f.rowid
             WHERE product_fts MATCH ?1 AND (p.active = 1 OR ?3 = 0) LIMIT ?2"
        ))?;
        let mut matches = self.name_prefix(typed, limit, active_only)?;
        for p in stmt.query_map(params![query, RANK_LIMIT, active_only], product_from_row)? {
            let p = p?;
            if !matches.iter().any(|m| m.id == p.id) {
                matches.push(p);
            }
        }
        let folded = fold(typed);
        let terms: Vec<String> = words(&folded).map(str::to_owned).collect();
        matches.sort_by_cached_key(|p| score(p, &folded, &terms));
        for p in matches {
            if found.len() >= limit {
                break;
            }
            if !found.iter().any(|f: &Product| f.id == p.id) {
                found.push(p);
            }
        }
        Ok(found)
    }

    /// Products whose name starts with `typed` (ASCII case ignored), from the name index: the
    /// best matches of a text that matches more than [`RANK_LIMIT`] products.
    fn name_prefix(&self, typed: &str, limit: usize, active_only: bool) -> Result<Vec<Product>> {
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        let mut stmt = self.db.conn().prepare_cached(&format!(
            "SELECT {PRODUCT_COLUMNS} FROM product p
             WHERE p.name >= ?1 COLLATE NOCASE AND p.name < ?2 COLLATE NOCASE
               AND (p.active = 1 OR ?4 = 0)
             ORDER BY p.name COLLATE NOCASE LIMIT ?3"
        ))?;
        // U+10FFFF sorts after every character a name can continue with.
        let upper = format!("{typed}\u{10FFFF}");
        let rows = stmt.query_map(params![typed, upper, limit, active_only], product_from_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Products whose barcode starts with `digits`; the exact code sorts first.
    fn barcode_prefix(
        &self,
        digits: &str,
        limit: usize,
        active_only: bool,
    ) -> Result<Vec<Product>> {
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        let mut stmt = self.db.conn().prepare_cached(&format!(
            "SELECT {PRODUCT_COLUMNS} FROM product p
             WHERE p.barcode >= ?1 AND p.barcode < ?1 || ':' AND (p.active = 1 OR ?3 = 0)
             ORDER BY p.barcode LIMIT ?2"
        ))?;
        let rows = stmt.query_map(params![digits, limit, active_only], product_from_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}

#[cfg(test)]
mod tests {
    use super::fts_query;

    #[test]
    fn operators_and_quotes_become_plain_terms() {
        assert_eq!(
            fts_query("kaffe \"AND* (-").as_deref(),
            Some("\"kaffe\"* \"AND\"*")
        );
        assert_eq!(fts_query("\"*()"), None);
    }
}
