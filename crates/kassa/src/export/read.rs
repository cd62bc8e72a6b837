//! What the export reads beside the entries themselves: control codes, the Z report closing
//! each day, the registers and their units, and the copies and reports merged in by time.

use std::collections::HashMap;

use jiff::Timestamp;
use rusqlite::Connection;

use super::ExportRequest;
use crate::error::{Error, Result};
use crate::report::DayReport;
use crate::vat::swedish_time;

/// Something written later in time than the entry being written: copies and reports are
/// merged in by time.
pub(super) enum Side {
    Copy {
        entry_id: i64,
    },
    Report(Box<DayReport>),
    /// A sale parked (its cart) or taken back (`None`).
    Parking {
        parked_id: i64,
        cart: Option<Box<crate::cart::Cart>>,
    },
}

pub(super) struct Timed {
    pub at: Timestamp,
    pub register_id: String,
    pub side: Side,
}

pub(super) fn chosen_registers(
    conn: &Connection,
    req: &ExportRequest,
    own: &str,
) -> Result<Vec<String>> {
    if !req.registers.is_empty() {
        return Ok(req.registers.clone());
    }
    let mut found: Vec<String> = conn
        .prepare(
            "SELECT register_id FROM journal_entry UNION SELECT register_id FROM z_report
             UNION SELECT register_id FROM x_report ORDER BY 1",
        )?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    if found.is_empty() {
        found.push(own.to_owned());
    }
    Ok(found)
}

/// The newest control unit each register signed with.
pub(super) fn unit_ids(conn: &Connection) -> Result<HashMap<String, String>> {
    let mut out = HashMap::new();
    let mut stmt = conn.prepare(
        "SELECT e.register_id, c.unit_id FROM control_registration c
         JOIN journal_entry e ON e.id = c.entry_id
         WHERE c.unit_id IS NOT NULL ORDER BY c.id",
    )?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        out.insert(r.get(0)?, r.get(1)?);
    }
    Ok(out)
}

pub(super) fn z_numbers(conn: &Connection) -> Result<HashMap<(String, String), i64>> {
    let mut out = HashMap::new();
    let mut stmt = conn.prepare("SELECT register_id, sale_date, z_number FROM z_report")?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        out.insert((r.get(0)?, r.get(1)?), r.get(2)?);
    }
    Ok(out)
}

pub(super) fn in_period(at: Timestamp, req: &ExportRequest) -> bool {
    let day = swedish_time(at).date();
    req.from <= day && day <= req.to
}

pub(super) fn parse_time(text: &str) -> Result<Timestamp> {
    text.parse()
        .map_err(|_| Error::DatabaseCorrupt(format!("a journal record has the bad time {text:?}")))
}

/// Copies and reports of the period, oldest first.
pub(super) fn side_events(
    conn: &Connection,
    req: &ExportRequest,
    registers: &[String],
    own_register: &str,
) -> Result<Vec<Timed>> {
    let mut out = Vec::new();
    let mut copies = conn.prepare(
        "SELECT p.entry_id, p.printed_at, e.register_id FROM journal_print p
         JOIN journal_entry e ON e.id = p.entry_id WHERE p.kind = 'copy' ORDER BY p.id",
    )?;
    let mut rows = copies.query([])?;
    while let Some(r) = rows.next()? {
        let at = parse_time(&r.get::<_, String>(1)?)?;
        let register_id: String = r.get(2)?;
        if in_period(at, req) && registers.contains(&register_id) {
            out.push(Timed {
                at,
                register_id,
                side: Side::Copy {
                    entry_id: r.get(0)?,
                },
            });
        }
    }
    for table in ["x_report", "z_report"] {
        let mut stmt = conn.prepare(&format!(
            "SELECT register_id, made_at, report_json FROM {table} ORDER BY id"
        ))?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let register_id: String = r.get(0)?;
            let at = parse_time(&r.get::<_, String>(1)?)?;
            if !in_period(at, req) || !registers.contains(&register_id) {
                continue;
            }
            let report: DayReport =
                serde_json::from_str(&r.get::<_, String>(2)?).map_err(|_| {
                    Error::DatabaseCorrupt(format!("a day report of {register_id} cannot be read"))
                })?;
            out.push(Timed {
                at,
                register_id,
                side: Side::Report(Box::new(report)),
            });
        }
    }
    // Parked sales belong to this till's own register.
    if registers.iter().any(|r| r == own_register) {
        let mut stmt =
            conn.prepare("SELECT parked_id, event, at, cart_json FROM parking_event ORDER BY id")?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let at = parse_time(&r.get::<_, String>(2)?)?;
            if !in_period(at, req) {
                continue;
            }
            let parked_id: i64 = r.get(0)?;
            let cart = match r.get::<_, String>(1)?.as_str() {
                "parked" => Some(Box::new(
                    serde_json::from_str(&r.get::<_, String>(3)?).map_err(|_| {
                        Error::DatabaseCorrupt(format!("parked sale {parked_id} cannot be read"))
                    })?,
                )),
                _ => None,
            };
            out.push(Timed {
                at,
                register_id: own_register.to_owned(),
                side: Side::Parking { parked_id, cart },
            });
        }
    }
    out.sort_by_key(|t| t.at);
    Ok(out)
}

/// Each SKU of the catalogue: whether it is a service, and its category's name.
pub(super) fn articles(conn: &Connection) -> Result<super::receipt::Articles> {
    let mut out = HashMap::new();
    let mut stmt = conn.prepare(
        "SELECT p.sku, p.article, c.name FROM product p
         LEFT JOIN category c ON c.id = p.category_id WHERE p.sku IS NOT NULL",
    )?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        let article: String = r.get(1)?;
        out.insert(r.get(0)?, (article == "service", r.get(2)?));
    }
    Ok(out)
}
