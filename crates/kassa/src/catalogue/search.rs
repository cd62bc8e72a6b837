//! Search as you type over name, SKU and barcode (FTS5, prefix matching, diacritics folded).

use rusqlite::params;

use super::{Catalogue, PRODUCT_COLUMNS, Product, product_from_row};
use crate::error::Result;

/// Turns what the cashier typed into an FTS5 query that cannot be a syntax error: every run of
/// letters and digits becomes a quoted prefix term (`"kaff"*`), so quotes, `-`, `*`, `AND`, `(`
/// and friends are never operators. `None` when nothing searchable was typed.
fn fts_query(typed: &str, name_start_only: bool) -> Option<String> {
    let terms: Vec<String> = typed
        .split(|c: char| !c.is_alphanumeric())
        .filter(|t| !t.is_empty())
        .map(|t| format!("\"{t}\"*"))
        .collect();
    if terms.is_empty() {
        return None;
    }
    let joined = terms.join(" ");
    Some(if name_start_only {
        format!("name : (^{joined})")
    } else {
        joined
    })
}

/// Queries this short match too many products to rank them all per keystroke; they list
/// products whose name starts with what was typed.
fn is_short(typed: &str) -> bool {
    typed.chars().filter(|c| c.is_alphanumeric()).count() < 3
}

impl Catalogue<'_> {
    /// Active products matching what was typed, best first: an exact name, then names starting
    /// with the text, then by bm25 (name weighs most). At most `limit` results.
    pub fn search(&self, typed: &str, limit: usize) -> Result<Vec<Product>> {
        let short = is_short(typed);
        let Some(query) = fts_query(typed, short) else {
            return Ok(Vec::new());
        };
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        let conn = self.db.conn();
        if short {
            // Unranked on purpose: one or two letters match a large part of the catalogue.
            let mut stmt = conn.prepare_cached(&format!(
                "SELECT {PRODUCT_COLUMNS} FROM product_fts f JOIN product p ON p.id = f.rowid
                 WHERE product_fts MATCH ?1 AND p.active = 1 LIMIT ?2"
            ))?;
            let rows = stmt.query_map(params![query, limit], product_from_row)?;
            let mut found: Vec<Product> = rows.collect::<rusqlite::Result<_>>()?;
            found.sort_by(|a, b| a.sort_order.cmp(&b.sort_order).then(a.name.cmp(&b.name)));
            return Ok(found);
        }
        let typed = typed.trim();
        let like = format!(
            "{}%",
            typed
                .replace('\\', "\\\\")
                .replace('%', "\\%")
                .replace('_', "\\_")
        );
        let mut stmt = conn.prepare_cached(&format!(
            "SELECT {PRODUCT_COLUMNS} FROM product_fts f JOIN product p ON p.id = f.rowid
             WHERE product_fts MATCH ?1 AND p.active = 1
             ORDER BY CASE WHEN p.name = ?2 COLLATE NOCASE THEN 0
                           WHEN p.name LIKE ?3 ESCAPE '\\' THEN 1 ELSE 2 END,
                      bm25(product_fts, 10.0, 4.0, 2.0), p.sort_order, p.name
             LIMIT ?4"
        ))?;
        let rows = stmt.query_map(params![query, typed, like, limit], product_from_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}

#[cfg(test)]
mod tests {
    use super::fts_query;

    #[test]
    fn operators_and_quotes_become_plain_terms() {
        assert_eq!(
            fts_query("kaffe \"AND* (-", false).as_deref(),
            Some("\"kaffe\"* \"AND\"*")
        );
        assert_eq!(fts_query("\"*()", false), None);
        assert_eq!(fts_query("ka", true).as_deref(), Some("name : (^\"ka\"*)"));
    }
}
