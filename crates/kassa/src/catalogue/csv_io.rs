//! CSV import and export of the catalogue: UTF-8, `;` or `,`, Swedish decimal comma.
//! An import is all or nothing: every bad row is reported and nothing is written.

use std::collections::{HashMap, HashSet};
use std::io::{Read, Write};

use rusqlite::params;
use serde::Serialize;

use super::{Barcode, Catalogue, NewProduct, duplicate_or_storage};
use crate::error::{Error, Result, RowError};
use crate::money::Ore;
use crate::vat::VatClass;

/// What an import did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ImportSummary {
    /// Products written (new or updated by SKU).
    pub products: usize,
    /// Categories that did not exist before.
    pub new_categories: usize,
}

/// From this many rows on, the search index is rebuilt once instead of updated per row.
const BULK_ROWS: usize = 2_000;

/// The columns, in export order. Swedish headers are accepted on import.
const HEADER: [&str; 8] = [
    "name",
    "price",
    "vat_class",
    "category",
    "barcode",
    "sku",
    "active",
    "sort_order",
];

fn column_key(header: &str) -> Option<usize> {
    let key = match header.trim().to_lowercase().as_str() {
        "name" | "namn" => "name",
        "price" | "pris" => "price",
        "vat_class" | "vat" | "moms" | "momsklass" => "vat_class",
        "category" | "kategori" => "category",
        "barcode" | "ean" | "streckkod" => "barcode",
        "sku" | "artikelnummer" => "sku",
        "active" | "aktiv" => "active",
        "sort_order" | "sortering" => "sort_order",
        _ => return None,
    };
    HEADER.iter().position(|h| *h == key)
}

/// `;` if the header line has more semicolons than commas, else `,`.
fn detect_delimiter(text: &str) -> u8 {
    let header = text.lines().next().unwrap_or("");
    if header.matches(';').count() > header.matches(',').count() {
        b';'
    } else {
        b','
    }
}

/// Name and SQL of the triggers on `product` (they keep the search index in step).
fn product_triggers(tx: &rusqlite::Transaction<'_>) -> Result<Vec<(String, String)>> {
    let mut stmt = tx.prepare(
        "SELECT name, sql FROM sqlite_schema WHERE type = 'trigger' AND tbl_name = 'product'",
    )?;
    let triggers = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(triggers)
}

/// One data row turned into a product plus its category name.
fn parse_row(
    cells: &[Option<&str>; 8],
) -> std::result::Result<(NewProduct, Option<String>), String> {
    let get = |i: usize| cells[i].map(str::trim).filter(|s| !s.is_empty());
    let name = get(0).ok_or("the name is empty")?;
    let price = Ore::parse(get(1).ok_or("the price is empty")?).map_err(|e| e.to_string())?;
    let vat_class: VatClass = get(2)
        .ok_or("the VAT class is empty")?
        .parse()
        .map_err(|e: Error| e.to_string())?;
    let barcode = get(4)
        .map(Barcode::parse)
        .transpose()
        .map_err(|e| e.to_string())?;
    let active = match get(6).map(str::to_lowercase).as_deref() {
        None | Some("1" | "yes" | "ja" | "true") => true,
        Some("0" | "no" | "nej" | "false") => false,
        Some(other) => return Err(format!("\"{other}\" in active is not 1/0 or ja/nej")),
    };
    let sort_order = match get(7) {
        None => 0,
        Some(s) => s
            .parse()
            .map_err(|_| format!("\"{s}\" in sort_order is not a whole number"))?,
    };
    let product = NewProduct {
        name: name.to_owned(),
        price,
        vat_class,
        category_id: None,
        barcode,
        sku: get(5).map(str::to_owned),
        active,
        sort_order,
    }
    .validated()
    .map_err(|e| e.to_string())?;
    Ok((product, get(3).map(str::to_owned)))
}

impl Catalogue<'_> {
    /// Imports products from CSV. New SKUs are added, known SKUs updated, rows without SKU
    /// added. Any bad row (reported with its line number) means nothing is imported.
    pub fn import_csv(&self, mut input: impl Read) -> Result<ImportSummary> {
        let mut bytes = Vec::new();
        input.read_to_end(&mut bytes)?;
        let text = match std::str::from_utf8(&bytes) {
            Ok(t) => t.strip_prefix('\u{feff}').unwrap_or(t),
            Err(e) => {
                let line = 1 + bytes[..e.valid_up_to()]
                    .iter()
                    .filter(|b| **b == b'\n')
                    .count();
                return Err(Error::CsvImport(vec![RowError {
                    line: line as u64,
                    reason: "the file is not UTF-8; save it as \"CSV UTF-8\"".into(),
                }]));
            }
        };
        let mut reader = csv::ReaderBuilder::new()
            .delimiter(detect_delimiter(text))
            .flexible(true)
            .from_reader(text.as_bytes());
        let header_error = |reason: String| Error::CsvImport(vec![RowError { line: 1, reason }]);
        let headers = reader
            .headers()
            .map_err(|e| header_error(format!("the header cannot be read: {e}")))?
            .clone();
        let mut columns = [None; 8];
        for (i, h) in headers.iter().enumerate() {
            match column_key(h) {
                Some(k) if columns[k].is_none() => columns[k] = Some(i),
                Some(_) => return Err(header_error(format!("column \"{h}\" appears twice"))),
                None => return Err(header_error(format!("unknown column \"{h}\""))),
            }
        }
        for required in [0, 1, 2] {
            if columns[required].is_none() {
                return Err(header_error(format!(
                    "column \"{}\" is missing",
                    HEADER[required]
                )));
            }
        }

        let mut errors = Vec::new();
        let mut rows = Vec::new();
        let mut seen_barcodes = HashSet::new();
        let mut seen_skus = HashSet::new();
        for record in reader.records() {
            let record = match record {
                Ok(r) => r,
                Err(e) => {
                    let line = e.position().map_or(0, |p| p.line());
                    errors.push(RowError {
                        line,
                        reason: format!("the row cannot be read: {e}"),
                    });
                    continue;
                }
            };
            let line = record.position().map_or(0, |p| p.line());
            let cells = columns.map(|c| c.and_then(|i| record.get(i)));
            match parse_row(&cells) {
                Ok((p, category)) => {
                    if let Some(b) = &p.barcode
                        && !seen_barcodes.insert(b.clone())
                    {
                        errors.push(RowError {
                            line,
                            reason: format!("barcode {b} appears twice in the file"),
                        });
                        continue;
                    }
                    if let Some(s) = &p.sku
                        && !seen_skus.insert(s.clone())
                    {
                        errors.push(RowError {
                            line,
                            reason: format!("SKU {s} appears twice in the file"),
                        });
                        continue;
                    }
                    rows.push((line, p, category));
                }
                Err(reason) => errors.push(RowError { line, reason }),
            }
        }

        // Rows that parsed are still written, inside a transaction that is rolled back on any
        // error, so that conflicts with the existing catalogue are reported too.
        let tx = self.db.write_tx()?;
        // A big import rebuilds the search index once at the end instead of row by row, which
        // is several times faster and leaves a compact index. The triggers are dropped and
        // re-created inside the transaction, so a failed import restores them too.
        let bulk = rows.len() >= BULK_ROWS;
        let triggers = if bulk {
            product_triggers(&tx)?
        } else {
            Vec::new()
        };
        for (name, _) in &triggers {
            tx.execute_batch(&format!("DROP TRIGGER \"{name}\""))?;
        }
        let mut categories: HashMap<String, i64> = HashMap::new();
        let before: i64 = tx.query_row("SELECT count(*) FROM category", [], |r| r.get(0))?;
        {
            let mut add_category = tx.prepare(
                "INSERT INTO category(name) VALUES (?1) ON CONFLICT(name) DO UPDATE SET name = name
                 RETURNING id",
            )?;
            let mut upsert = tx.prepare(
                "INSERT INTO product(name, price_ore, vat_class, category_id, barcode, sku, active, sort_order)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
                 ON CONFLICT(sku) DO UPDATE SET name = excluded.name, price_ore = excluded.price_ore,
                   vat_class = excluded.vat_class, category_id = excluded.category_id,
                   barcode = excluded.barcode, active = excluded.active, sort_order = excluded.sort_order",
            )?;
            for (line, mut p, category) in rows.iter().cloned() {
                if let Some(name) = category {
                    let id = match categories.get(&name) {
                        Some(id) => *id,
                        None => {
                            let id: i64 = add_category.query_row([&name], |r| r.get(0))?;
                            categories.insert(name, id);
                            id
                        }
                    };
                    p.category_id = Some(id);
                }
                let written = upsert.execute(params![
                    p.name,
                    p.price.get(),
                    p.vat_class.key(),
                    p.category_id,
                    p.barcode.as_ref().map(Barcode::as_str),
                    p.sku,
                    p.active,
                    p.sort_order
                ]);
                if let Err(e) = written {
                    match duplicate_or_storage(e, &p) {
                        Error::Storage(e) => return Err(Error::Storage(e)),
                        other => errors.push(RowError {
                            line,
                            reason: other.to_string(),
                        }),
                    }
                }
            }
        }
        if !errors.is_empty() {
            errors.sort_by_key(|e| e.line);
            return Err(Error::CsvImport(errors)); // dropping `tx` rolls back
        }
        if bulk {
            tx.execute(
                "INSERT INTO product_fts(product_fts) VALUES ('rebuild')",
                [],
            )?;
            for (_, sql) in &triggers {
                tx.execute_batch(sql)?;
            }
        }
        let after: i64 = tx.query_row("SELECT count(*) FROM category", [], |r| r.get(0))?;
        tx.commit()?;
        Ok(ImportSummary {
            products: rows.len(),
            new_categories: usize::try_from(after - before).unwrap_or(0),
        })
    }

    /// Writes every product as `;`-separated CSV with decimal commas; returns the row count.
    pub fn export_csv(&self, output: impl Write) -> Result<usize> {
        let categories: HashMap<i64, String> = self
            .categories()?
            .into_iter()
            .map(|c| (c.id, c.name))
            .collect();
        let mut writer = csv::WriterBuilder::new()
            .delimiter(b';')
            .from_writer(output);
        let csv_err = |e: csv::Error| Error::Io(std::io::Error::other(e));
        writer.write_record(HEADER).map_err(csv_err)?;
        let products = self.products()?;
        for p in &products {
            let price = p.price.get();
            writer
                .write_record([
                    p.name.clone(),
                    format!("{},{:02}", price / 100, price % 100),
                    p.vat_class.key().to_owned(),
                    p.category_id
                        .and_then(|id| categories.get(&id).cloned())
                        .unwrap_or_default(),
                    p.barcode
                        .as_ref()
                        .map(|b| b.as_str().to_owned())
                        .unwrap_or_default(),
                    p.sku.clone().unwrap_or_default(),
                    if p.active { "1" } else { "0" }.to_owned(),
                    p.sort_order.to_string(),
                ])
                .map_err(csv_err)?;
        }
        writer.flush()?;
        Ok(products.len())
    }
}
