//! CSV import of the catalogue: UTF-8, `;` or `,`, Swedish decimal comma.
//! An import is all or nothing: every bad row is reported (line, column, what is wrong) and
//! nothing is written.

use std::collections::{HashMap, HashSet};
use std::io::Read;

use rusqlite::{OptionalExtension, params};
use serde::Serialize;

use super::csv_guard::unguard;
use super::draft::{FieldProblem, MAX_CATEGORY_NAME, ProductDraft, ProductField, text_problem};
use super::problem::Problem;
use super::{ArticleKind, Barcode, Catalogue, NewProduct, duplicate_or_storage};
use crate::error::{Error, Result, RowError};

/// What an import did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ImportSummary {
    /// Products written (new or updated by SKU).
    pub products: usize,
    /// Categories that did not exist before.
    pub new_categories: usize,
}

/// One thing wrong in a CSV file, and where.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ImportProblem {
    /// Line number in the file, 1 = header.
    pub line: u64,
    /// The column's header as written in the file; `None` for the whole row or file.
    pub column: Option<String>,
    pub field: Option<ProductField>,
    pub problem: Problem,
}

impl ImportProblem {
    fn file(line: u64, problem: Problem) -> ImportProblem {
        ImportProblem {
            line,
            column: None,
            field: None,
            problem,
        }
    }

    /// The English line of [`Error::CsvImport`].
    pub fn row_error(&self) -> RowError {
        let what = self.field.map_or("", ProductField::key);
        RowError {
            line: self.line,
            reason: self.problem.message(what),
        }
    }
}

/// What an import found and did: `imported` is `Some` exactly when `problems` is empty.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ImportReport {
    /// Data rows in the file (the header not counted).
    pub rows: usize,
    /// Sorted by line; several per line when several cells are wrong.
    pub problems: Vec<ImportProblem>,
    pub imported: Option<ImportSummary>,
}

impl ImportReport {
    fn refused(problems: Vec<ImportProblem>) -> ImportReport {
        ImportReport {
            rows: 0,
            problems,
            imported: None,
        }
    }

    /// Data rows without any problem.
    pub fn good_rows(&self) -> usize {
        let mut bad: Vec<u64> = self.problems.iter().map(|p| p.line).collect();
        bad.dedup();
        self.rows
            .saturating_sub(bad.iter().filter(|l| **l > 1).count())
    }
}

/// From this many rows on, the search index is rebuilt once instead of updated per row.
const BULK_ROWS: usize = 2_000;

/// The columns, in export order. Swedish headers are accepted on import.
pub(super) const HEADER: [&str; 9] = [
    "name",
    "price",
    "vat_class",
    "category",
    "barcode",
    "sku",
    "active",
    "sort_order",
    "article",
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
        "article" | "typ" | "artikeltyp" | "vara/tjänst" => "article",
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

/// One data row turned into a product plus its category name, or its problems by column.
fn parse_row(
    cells: &[Option<&str>; 9],
) -> std::result::Result<(NewProduct, Option<String>), Vec<FieldProblem>> {
    let get = |i: usize| cells[i].map(str::trim).filter(|s| !s.is_empty());
    // The text columns, as the export guarded them against spreadsheet formulas.
    let text = |i: usize| get(i).map(unguard);
    let mut problems = Vec::new();
    let category = text(3).map(str::trim).filter(|s| !s.is_empty());
    if let Some(problem) = category.and_then(|c| text_problem(c, MAX_CATEGORY_NAME)) {
        problems.push(FieldProblem::new(ProductField::Category, problem));
    }
    let active = match get(6).map(str::to_lowercase).as_deref() {
        None | Some("1" | "yes" | "ja" | "true") => true,
        Some("0" | "no" | "nej" | "false") => false,
        Some(other) => {
            let typed = other.to_owned();
            problems.push(FieldProblem::new(
                ProductField::Active,
                Problem::NotYesNo { typed },
            ));
            true
        }
    };
    let sort_order = match get(7) {
        None => 0,
        Some(s) => s.parse().unwrap_or_else(|_| {
            let typed = s.to_owned();
            problems.push(FieldProblem::new(
                ProductField::SortOrder,
                Problem::NotWholeNumber { typed },
            ));
            0
        }),
    };
    let article = match ArticleKind::parse(get(8).unwrap_or("")) {
        Some(kind) => kind,
        None => {
            let typed = get(8).unwrap_or("").to_owned();
            problems.push(FieldProblem::new(
                ProductField::Article,
                Problem::NotAnArticleKind { typed },
            ));
            ArticleKind::Goods
        }
    };
    let draft = ProductDraft {
        name: text(0).unwrap_or("").to_owned(),
        price: get(1).unwrap_or("").to_owned(),
        vat_class: get(2).unwrap_or("").to_owned(),
        category_id: None,
        barcode: get(4).unwrap_or("").to_owned(),
        sku: text(5).unwrap_or("").to_owned(),
        active,
        article,
    };
    match draft.parse(sort_order) {
        Ok(product) if problems.is_empty() => Ok((product, category.map(str::to_owned))),
        Ok(_) => Err(problems),
        Err(mut typed) => {
            typed.append(&mut problems);
            typed.sort_by_key(|p| p.field as usize);
            Err(typed)
        }
    }
}

impl Catalogue<'_> {
    /// Imports products from CSV. New SKUs are added, known SKUs updated, rows without SKU
    /// added. Any bad row (reported with its line number) means nothing is imported.
    pub fn import_csv(&self, input: impl Read) -> Result<ImportSummary> {
        let report = self.import_csv_report(input)?;
        match report.imported {
            Some(summary) => Ok(summary),
            None => Err(Error::CsvImport(
                report
                    .problems
                    .iter()
                    .map(ImportProblem::row_error)
                    .collect(),
            )),
        }
    }

    /// [`Catalogue::import_csv`] with the outcome as data for the catalogue screen: how many
    /// rows, every problem with its line and column, and what was imported (all or nothing).
    /// `Err` only when the database itself fails.
    pub fn import_csv_report(&self, mut input: impl Read) -> Result<ImportReport> {
        let mut bytes = Vec::new();
        input.read_to_end(&mut bytes)?;
        let text = match std::str::from_utf8(&bytes) {
            Ok(t) => t.strip_prefix('\u{feff}').unwrap_or(t),
            Err(e) => {
                let line = 1 + bytes[..e.valid_up_to()]
                    .iter()
                    .filter(|b| **b == b'\n')
                    .count();
                return Ok(ImportReport::refused(vec![ImportProblem::file(
                    line as u64,
                    Problem::NotUtf8,
                )]));
            }
        };
        let mut reader = csv::ReaderBuilder::new()
            .delimiter(detect_delimiter(text))
            .flexible(true)
            .from_reader(text.as_bytes());
        let header_problem =
            |problem| Ok(ImportReport::refused(vec![ImportProblem::file(1, problem)]));
        let headers = match reader.headers() {
            Ok(h) => h.clone(),
            Err(e) => {
                let detail = e.to_string();
                return header_problem(Problem::Unreadable { detail });
            }
        };
        let mut columns = [None; 9];
        for (i, h) in headers.iter().enumerate() {
            let name = h.trim().to_owned();
            match column_key(h) {
                Some(k) if columns[k].is_none() => columns[k] = Some(i),
                Some(_) => return header_problem(Problem::DuplicateColumn { name }),
                None => return header_problem(Problem::UnknownColumn { name }),
            }
        }
        for required in [0, 1, 2] {
            if columns[required].is_none() {
                let name = HEADER[required].to_owned();
                return header_problem(Problem::MissingColumn { name });
            }
        }
        // Where a field's problems are reported: the column as the file names it.
        let at = |line: u64, p: FieldProblem| ImportProblem {
            line,
            column: columns[p.field as usize].and_then(|i| headers.get(i).map(str::to_owned)),
            field: Some(p.field),
            problem: p.problem,
        };

        let mut problems = Vec::new();
        let mut rows = Vec::new();
        let mut count = 0;
        let mut seen_barcodes = HashSet::new();
        let mut seen_skus = HashSet::new();
        for record in reader.records() {
            count += 1;
            let record = match record {
                Ok(r) => r,
                Err(e) => {
                    let line = e.position().map_or(0, |p| p.line());
                    let detail = e.to_string();
                    problems.push(ImportProblem::file(line, Problem::Unreadable { detail }));
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
                        let value = b.to_string();
                        let twice = Problem::TwiceInFile { value };
                        problems.push(at(line, FieldProblem::new(ProductField::Barcode, twice)));
                        continue;
                    }
                    if let Some(s) = &p.sku
                        && !seen_skus.insert(s.clone())
                    {
                        let value = s.clone();
                        let twice = Problem::TwiceInFile { value };
                        problems.push(at(line, FieldProblem::new(ProductField::Sku, twice)));
                        continue;
                    }
                    rows.push((line, p, category));
                }
                Err(found) => problems.extend(found.into_iter().map(|p| at(line, p))),
            }
        }

        // Rows that parsed are still written, inside a transaction that is rolled back on any
        // problem, so that conflicts with the existing catalogue are reported too.
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
                "INSERT INTO product(name, price_ore, vat_class, category_id, barcode, sku, active, sort_order, article)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)
                 ON CONFLICT(sku) DO UPDATE SET name = excluded.name, price_ore = excluded.price_ore,
                   vat_class = excluded.vat_class, category_id = excluded.category_id,
                   barcode = excluded.barcode, active = excluded.active, sort_order = excluded.sort_order,
                   article = excluded.article",
            )?;
            let mut owner = tx.prepare("SELECT name FROM product WHERE barcode = ?1")?;
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
                    p.sort_order,
                    p.article.key()
                ]);
                let Err(e) = written else { continue };
                // Only the barcode can clash here: a known SKU is an update, not a clash.
                match (duplicate_or_storage(e, &p), &p.barcode) {
                    (Error::Duplicate(_), Some(code)) => {
                        let by: Option<String> =
                            owner.query_row([code.as_str()], |r| r.get(0)).optional()?;
                        let value = code.to_string();
                        let by = by.unwrap_or_default();
                        let taken = Problem::Taken { value, by };
                        problems.push(at(line, FieldProblem::new(ProductField::Barcode, taken)));
                    }
                    (Error::NotFound(_), _) => {
                        let unknown = Problem::UnknownCategory;
                        problems.push(at(line, FieldProblem::new(ProductField::Category, unknown)));
                    }
                    (other, _) => return Err(other),
                }
            }
        }
        if !problems.is_empty() {
            problems.sort_by_key(|p| p.line);
            // Dropping `tx` rolls back.
            return Ok(ImportReport {
                rows: count,
                problems,
                imported: None,
            });
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
        Ok(ImportReport {
            rows: count,
            problems,
            imported: Some(ImportSummary {
                products: rows.len(),
                new_categories: usize::try_from(after - before).unwrap_or(0),
            }),
        })
    }
}
