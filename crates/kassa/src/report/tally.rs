//! The day's sums, computed by SQLite from the journal's own rows: totals, kinds and payment
//! methods through the covering `journal_day` index, VAT per rate from the day's VAT rows
//! reached through the same index, so a day of 100 000 receipts stays fast and no stored total
//! can disagree with the receipts.

use jiff::Timestamp;
use jiff::civil::Date;
use rusqlite::{Connection, params};

use super::{DayReport, GrandTotal, GroupTotal, PaymentTally, ReportKind, Tally};
use crate::cart::RateTotal;
use crate::cash::rounding::ROUNDING_SQL;
use crate::error::{Error, Result};
use crate::journal::{EntryKind, PaymentMethod};
use crate::money::Ore;
use crate::vat::VatRate;
use crate::vat::swedish_time;

pub(super) fn day(
    conn: &Connection,
    kind: ReportKind,
    register_id: &str,
    date: Date,
    made_at: Timestamp,
) -> Result<DayReport> {
    let day = date.to_string();
    let mut report = DayReport {
        kind,
        register_id: register_id.to_owned(),
        manufacturing_number: crate::identity::manufacturing_number(conn)?,
        program_version: crate::identity::VERSION.to_owned(),
        date,
        made_at,
        sales: Tally::default(),
        returns: Tally::default(),
        net: Ore::ZERO,
        discounts: Ore::ZERO,
        goods_sold: 0,
        services_sold: 0,
        per_group: Vec::new(),
        receipts: 0,
        first_receipt: None,
        last_receipt: None,
        per_rate: Vec::new(),
        per_payment: Vec::new(),
        copies: Tally::default(),
        training: Tally::default(),
        cancellations: Tally::default(),
        parked: parked(conn, date)?,
        grand_total: GrandTotal::default(),
        cash: crate::cash::day::cash_day(conn, register_id, false, date)?,
        training_cash: crate::cash::day::cash_day(conn, register_id, true, date)?,
        journal_head: None,
    };

    // One pass over the day's index range gives kinds, payment methods and the number range.
    // Cash is taken in whole kronor: its payment total is the rounded one.
    let mut groups = conn.prepare_cached(&format!(
        "SELECT training, kind, payment_method, count(*), sum(total_ore), sum(discount_ore),
                min(receipt_number), max(receipt_number),
                sum(CASE WHEN payment_method = 'cash' THEN {ROUNDING_SQL} ELSE 0 END)
         FROM journal_entry WHERE register_id = ?1 AND sale_date = ?2
         GROUP BY training, kind, payment_method ORDER BY payment_method"
    ))?;
    let mut rows = groups.query(params![register_id, day])?;
    while let Some(r) = rows.next()? {
        let training: bool = r.get(0)?;
        let kind = entry_kind(&r.get::<_, String>(1)?)?;
        let payment: Option<String> = r.get(2)?;
        let tally = Tally {
            count: r.get(3)?,
            amount: Ore::new(r.get(4)?),
        };
        if training {
            if kind != EntryKind::Cancellation {
                report.training = add(report.training, tally);
            }
            continue;
        }
        // The range covers every number of the real series that day, cancellations too, so
        // a gap in the series shows.
        let (first, last): (i64, i64) = (r.get(6)?, r.get(7)?);
        report.first_receipt = Some(report.first_receipt.map_or(first, |f| f.min(first)));
        report.last_receipt = Some(report.last_receipt.map_or(last, |l| l.max(last)));
        match kind {
            EntryKind::Sale => report.sales = add(report.sales, tally),
            EntryKind::Return => report.returns = add(report.returns, tally),
            EntryKind::Cancellation => {
                report.cancellations = add(report.cancellations, tally);
                continue;
            }
        }
        report.discounts += Ore::new(r.get::<_, i64>(5)?);
        report.receipts += tally.count;
        // Paid in parts: its payments are counted below, each by its own method.
        if payment.is_none() {
            continue;
        }
        let method = payment
            .as_deref()
            .and_then(PaymentMethod::from_key)
            .ok_or_else(|| Error::DatabaseCorrupt("a sale has an unknown payment method".into()))?;
        let paid = tally.amount + Ore::new(r.get::<_, i64>(8)?);
        add_payment(&mut report.per_payment, method, tally.count, paid);
    }
    report.net = report.sales.amount + report.returns.amount;
    split_payments(conn, register_id, &day, &mut report.per_payment)?;

    // Goods and services, and the main groups (the catalogue's categories), as the catalogue
    // has each line's product (by SKU) when the report is made; a line whose product is gone
    // counts as goods of no group.
    let mut kinds = conn.prepare_cached(
        "SELECT e.kind, coalesce(p.article, 'goods'), c.name,
                sum(l.quantity), sum(l.total_ore)
         FROM journal_entry e JOIN journal_line l ON l.entry_id = e.id
         LEFT JOIN product p ON p.sku = l.sku
         LEFT JOIN category c ON c.id = p.category_id
         WHERE e.register_id = ?1 AND e.sale_date = ?2 AND e.training = 0
           AND e.kind IN ('sale', 'return')
         GROUP BY e.kind, 2, 3 ORDER BY c.name",
    )?;
    let mut rows = kinds.query(params![register_id, day])?;
    while let Some(r) = rows.next()? {
        let kind = entry_kind(&r.get::<_, String>(0)?)?;
        let article: String = r.get(1)?;
        let group: Option<String> = r.get(2)?;
        let (quantity, amount): (i64, i64) = (r.get(3)?, r.get(4)?);
        if kind == EntryKind::Sale {
            match article.as_str() {
                "service" => report.services_sold += quantity,
                _ => report.goods_sold += quantity,
            }
        }
        let name = group.unwrap_or_default();
        match report.per_group.iter_mut().find(|g| g.name == name) {
            Some(g) => g.amount += Ore::new(amount),
            None => report.per_group.push(GroupTotal {
                name,
                amount: Ore::new(amount),
            }),
        }
    }

    let mut per_rate = conn.prepare_cached(
        "SELECT v.vat_rate, sum(v.total_ore), sum(v.tax_ore)
         FROM journal_entry e JOIN journal_vat v ON v.entry_id = e.id
         WHERE e.register_id = ?1 AND e.sale_date = ?2 AND e.training = 0
           AND e.kind IN ('sale', 'return')
         GROUP BY v.vat_rate ORDER BY v.vat_rate DESC",
    )?;
    report.per_rate = per_rate
        .query_map(params![register_id, day], |r| {
            Ok(RateTotal {
                rate: VatRate::from_basis(r.get(0)?),
                total: Ore::new(r.get(1)?),
                tax: Ore::new(r.get(2)?),
            })
        })?
        .collect::<rusqlite::Result<_>>()?;

    // Copies are few; their Swedish print date is worked out here rather than in SQL.
    let mut copies = conn.prepare_cached(
        "SELECT p.printed_at, e.total_ore
         FROM journal_print p JOIN journal_entry e ON e.id = p.entry_id
         WHERE p.kind = 'copy' AND e.register_id = ?1 AND e.training = 0",
    )?;
    let mut rows = copies.query([register_id])?;
    while let Some(r) = rows.next()? {
        let at: String = r.get(0)?;
        let at: Timestamp = at
            .parse()
            .map_err(|_| Error::DatabaseCorrupt("a print record has a bad time".into()))?;
        if swedish_time(at).date() == date {
            report.copies = add(
                report.copies,
                Tally {
                    count: 1,
                    amount: Ore::new(r.get(1)?),
                },
            );
        }
    }

    let mut grand = conn.prepare_cached(
        "SELECT kind, sum(total_ore) FROM journal_entry
         WHERE register_id = ?1 AND training = 0 AND sale_date <= ?2
           AND kind IN ('sale', 'return')
         GROUP BY kind",
    )?;
    let mut rows = grand.query(params![register_id, day])?;
    while let Some(r) = rows.next()? {
        let amount = Ore::new(r.get(1)?);
        match entry_kind(&r.get::<_, String>(0)?)? {
            EntryKind::Return => report.grand_total.returns = amount,
            _ => report.grand_total.sales = amount,
        }
    }
    report.grand_total.net = report.grand_total.sales + report.grand_total.returns;
    Ok(report)
}

fn entry_kind(key: &str) -> Result<EntryKind> {
    EntryKind::from_key(key)
        .ok_or_else(|| Error::DatabaseCorrupt(format!("a journal entry has kind {key:?}")))
}

/// The payments of the day's sales (and returns) paid in parts, each by its method, added to
/// `per_payment`.
fn split_payments(
    conn: &Connection,
    register_id: &str,
    day: &str,
    per_payment: &mut Vec<PaymentTally>,
) -> Result<()> {
    let mut stmt = conn.prepare_cached(
        "SELECT p.method, count(*), sum(p.amount_ore)
         FROM journal_payment p JOIN journal_entry e ON e.id = p.entry_id
         WHERE e.register_id = ?1 AND e.sale_date = ?2 AND e.training = 0
           AND e.kind IN ('sale', 'return')
         GROUP BY p.method ORDER BY p.method",
    )?;
    let mut rows = stmt.query(params![register_id, day])?;
    while let Some(r) = rows.next()? {
        let method = PaymentMethod::from_key(&r.get::<_, String>(0)?)
            .ok_or_else(|| Error::DatabaseCorrupt("a payment has an unknown method".into()))?;
        add_payment(per_payment, method, r.get(1)?, Ore::new(r.get(2)?));
    }
    Ok(())
}

/// Adds `count` payments of `amount` by `method` to the per-method totals.
fn add_payment(
    per_payment: &mut Vec<PaymentTally>,
    method: PaymentMethod,
    count: i64,
    amount: Ore,
) {
    match per_payment.iter_mut().find(|p| p.method == method) {
        Some(p) => {
            p.count += count;
            p.amount += amount;
        }
        None => per_payment.push(PaymentTally {
            method,
            count,
            amount,
        }),
    }
}

fn add(a: Tally, b: Tally) -> Tally {
    Tally {
        count: a.count + b.count,
        amount: a.amount + b.amount,
    }
}

/// The sales parked now, priced as they would be sold on `date`; a cart that can no longer be
/// priced (a VAT class without a rate) still counts, at 0.
fn parked(conn: &Connection, date: Date) -> Result<Tally> {
    let vat = crate::vat::VatTable::sweden();
    let mut stmt = conn.prepare_cached("SELECT id, cart_json FROM parked_sale")?;
    let mut rows = stmt.query([])?;
    let mut out = Tally::default();
    while let Some(r) = rows.next()? {
        let (id, json): (i64, String) = (r.get(0)?, r.get(1)?);
        let cart: crate::cart::Cart = serde_json::from_str(&json)
            .map_err(|_| Error::DatabaseCorrupt(format!("parked sale {id} cannot be read")))?;
        out.count += 1;
        out.amount += cart.totals(&vat, date).map_or(Ore::ZERO, |t| t.total);
    }
    Ok(out)
}
