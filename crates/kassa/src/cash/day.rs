//! The cash day of one register: the float (växelkassa) put in at the start, money paid in
//! and out with a reason, drawer openings without a sale, and the count at the close. Each is
//! a `cash_event` row (append-only); the cash sales and refunds come from the journal itself,
//! so no figure here can disagree with the receipts. A day closed by its Z report takes no
//! more events.

use jiff::Timestamp;
use jiff::civil::Date;
use rusqlite::{Connection, OptionalExtension, params};
use serde::{Deserialize, Serialize};

use super::count::DrawerCount;
use super::rounding::ROUNDING_SQL;
use super::tendered::MAX_TENDERED;
use crate::error::{Error, Result};
use crate::money::Ore;
use crate::money::Tally;
use crate::storage::Db;
use crate::vat::sale_date;

/// What happened to the drawer's cash.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum CashEventKind {
    /// The change float put in at the start of the day.
    Float { amount: Ore },
    /// Cash put in that is not a sale (more change from the bank), with why.
    PaidIn { amount: Ore, reason: String },
    /// Cash taken out that is not a refund (to the bank, a supplier paid), with why.
    PaidOut { amount: Ore, reason: String },
    /// The drawer opened without a sale.
    DrawerOpened,
    /// The drawer counted by denomination.
    Counted { count: DrawerCount },
}

impl CashEventKind {
    fn key(&self) -> &'static str {
        match self {
            CashEventKind::Float { .. } => "float",
            CashEventKind::PaidIn { .. } => "paid_in",
            CashEventKind::PaidOut { .. } => "paid_out",
            CashEventKind::DrawerOpened => "drawer_opened",
            CashEventKind::Counted { .. } => "counted",
        }
    }

    fn amount(&self) -> Ore {
        match self {
            CashEventKind::Float { amount }
            | CashEventKind::PaidIn { amount, .. }
            | CashEventKind::PaidOut { amount, .. } => *amount,
            CashEventKind::DrawerOpened => Ore::ZERO,
            CashEventKind::Counted { count } => count.total(),
        }
    }

    /// Refuses amounts no drawer holds and paid in/out without a reason.
    fn checked(mut self) -> Result<CashEventKind> {
        let amount_ok = |amount: Ore, least: Ore| {
            if amount < least || amount > MAX_TENDERED {
                Err(Error::AmountOutOfRange(format!(
                    "The amount must be between {least} and {MAX_TENDERED}; {amount} was keyed in."
                )))
            } else {
                Ok(())
            }
        };
        let reason_ok = |reason: &str| {
            let reason = reason.trim();
            if reason.is_empty() || reason.chars().count() > 100 {
                return Err(Error::CashReason(
                    "Say why the cash goes in or out (1 to 100 characters).".into(),
                ));
            }
            if let Some(c) = crate::text::hidden_char(reason) {
                return Err(Error::CashReason(format!(
                    "The reason has a hidden character ({}); type it again.",
                    crate::text::code_point(c)
                )));
            }
            Ok(())
        };
        match &mut self {
            CashEventKind::Float { amount } => amount_ok(*amount, Ore::ZERO)?,
            CashEventKind::PaidIn { amount, reason }
            | CashEventKind::PaidOut { amount, reason } => {
                amount_ok(*amount, Ore::new(1))?;
                reason_ok(reason)?;
                *reason = reason.trim().to_owned();
            }
            CashEventKind::DrawerOpened => {}
            CashEventKind::Counted { count } => *count = std::mem::take(count).checked()?,
        }
        Ok(self)
    }
}

/// A register's cash day: what the drawer should hold and, once counted, what it holds.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CashDay {
    pub float: Ore,
    /// Whether the day's float is registered (it may be 0 kr); a second one is refused.
    #[serde(default)]
    pub float_set: bool,
    /// Cash sales, at the rounded amounts taken.
    pub sales: Tally,
    /// Cash refunds, negative.
    pub refunds: Tally,
    pub paid_in: Tally,
    /// Positive: what left the drawer.
    pub paid_out: Tally,
    /// The öre rounding of the cash sales and refunds (included in `sales` and `refunds`).
    pub rounding: Ore,
    /// `float + sales + refunds + paid_in − paid_out`.
    pub expected: Ore,
    /// The last count of the day, if the drawer was counted.
    pub counted: Option<Ore>,
    /// `counted − expected`: negative when cash is missing.
    pub difference: Option<Ore>,
    /// Openings without a sale.
    pub drawer_openings: i64,
}

impl Db {
    /// Records a cash event of `register_id` at `at` (its Swedish day) and answers the day
    /// as it is afterwards. Refused once the day has its Z report, and a second float for a
    /// day (more change is paid in).
    pub fn record_cash(
        &self,
        register_id: &str,
        training: bool,
        cashier: &str,
        kind: CashEventKind,
        at: Timestamp,
    ) -> Result<CashDay> {
        let kind = kind.checked()?;
        let date = sale_date(at);
        let tx = self.write_tx()?;
        if !training && let Some(z) = closed_by(&tx, register_id, date)? {
            return Err(Error::DayAlreadyClosed(format!(
                "{date} is closed by Z report {z}; the drawer's cash is recorded on the next day."
            )));
        }
        if matches!(kind, CashEventKind::Float { .. })
            && let Some(float) = float_of(&tx, register_id, training, date)?
        {
            return Err(Error::FloatAlreadySet(float.to_string()));
        }
        let (reason, count) = match &kind {
            CashEventKind::PaidIn { reason, .. } | CashEventKind::PaidOut { reason, .. } => {
                (reason.clone(), None)
            }
            CashEventKind::Counted { count } => (
                String::new(),
                Some(serde_json::to_string(count).map_err(|e| Error::Internal(e.to_string()))?),
            ),
            _ => (String::new(), None),
        };
        tx.execute(
            "INSERT INTO cash_event (register_id, training, sale_date, at, kind, amount_ore, \
             reason, count_json, cashier) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
            params![
                register_id,
                training,
                date.to_string(),
                at.to_string(),
                kind.key(),
                kind.amount().get(),
                reason,
                count,
                cashier,
            ],
        )?;
        let day = cash_day(&tx, register_id, training, date)?;
        tx.commit()?;
        Ok(day)
    }

    /// The cash day of `register_id` on `date`.
    pub fn cash_day(&self, register_id: &str, training: bool, date: Date) -> Result<CashDay> {
        cash_day(self.conn(), register_id, training, date)
    }
}

fn closed_by(conn: &Connection, register_id: &str, date: Date) -> Result<Option<i64>> {
    Ok(conn
        .query_row(
            "SELECT z_number FROM z_report WHERE register_id = ?1 AND sale_date = ?2",
            params![register_id, date.to_string()],
            |r| r.get(0),
        )
        .optional()?)
}

fn float_of(
    conn: &Connection,
    register_id: &str,
    training: bool,
    date: Date,
) -> Result<Option<Ore>> {
    Ok(conn
        .query_row(
            "SELECT amount_ore FROM cash_event WHERE register_id = ?1 AND training = ?2 \
             AND sale_date = ?3 AND kind = 'float'",
            params![register_id, training, date.to_string()],
            |r| r.get(0).map(Ore::new),
        )
        .optional()?)
}

/// The cash day, summed by SQLite from the journal and the cash events.
pub(crate) fn cash_day(
    conn: &Connection,
    register_id: &str,
    training: bool,
    date: Date,
) -> Result<CashDay> {
    let day_text = date.to_string();
    let mut day = CashDay::default();
    // A cash entry, and each cash part of a sale paid in parts (whole kronor already; its
    // last cash part carries what the parts paid beyond the total).
    let mut journal = conn.prepare_cached(&format!(
        "SELECT kind, count(*), coalesce(sum(amount), 0), coalesce(sum(rounding), 0) FROM ( \
           SELECT kind, total_ore + {ROUNDING_SQL} AS amount, {ROUNDING_SQL} AS rounding \
           FROM journal_entry WHERE register_id = ?1 AND training = ?2 AND sale_date = ?3 \
           AND payment_method = 'cash' AND kind IN ('sale', 'return') \
         UNION ALL \
           SELECT e.kind, p.amount_ore, CASE WHEN p.position = (SELECT max(c.position) \
               FROM journal_payment c WHERE c.entry_id = e.id AND c.method = 'cash') \
             THEN (SELECT sum(a.amount_ore) FROM journal_payment a WHERE a.entry_id = e.id) \
               - e.total_ore ELSE 0 END \
           FROM journal_payment p JOIN journal_entry e ON e.id = p.entry_id \
           WHERE e.register_id = ?1 AND e.training = ?2 AND e.sale_date = ?3 \
           AND p.method = 'cash' AND e.kind IN ('sale', 'return') \
         ) GROUP BY kind"
    ))?;
    let mut rows = journal.query(params![register_id, training, day_text])?;
    while let Some(r) = rows.next()? {
        let kind: String = r.get(0)?;
        let tally = Tally {
            count: r.get(1)?,
            amount: Ore::new(r.get(2)?),
        };
        day.rounding += Ore::new(r.get(3)?);
        match kind.as_str() {
            "sale" => day.sales = tally,
            _ => day.refunds = tally,
        }
    }
    let mut events = conn.prepare_cached(
        "SELECT kind, count(*), sum(amount_ore) FROM cash_event \
         WHERE register_id = ?1 AND training = ?2 AND sale_date = ?3 GROUP BY kind",
    )?;
    let mut rows = events.query(params![register_id, training, day_text])?;
    while let Some(r) = rows.next()? {
        let kind: String = r.get(0)?;
        let tally = Tally {
            count: r.get(1)?,
            amount: Ore::new(r.get(2)?),
        };
        match kind.as_str() {
            "float" => {
                day.float = tally.amount;
                day.float_set = true;
            }
            "paid_in" => day.paid_in = tally,
            "paid_out" => day.paid_out = tally,
            "drawer_opened" => day.drawer_openings = tally.count,
            _ => {}
        }
    }
    day.expected = day.float + day.sales.amount + day.refunds.amount + day.paid_in.amount
        - day.paid_out.amount;
    day.counted = conn
        .query_row(
            "SELECT amount_ore FROM cash_event WHERE register_id = ?1 AND training = ?2 \
             AND sale_date = ?3 AND kind = 'counted' ORDER BY id DESC LIMIT 1",
            params![register_id, training, day_text],
            |r| r.get(0).map(Ore::new),
        )
        .optional()?;
    day.difference = day.counted.map(|counted| counted - day.expected);
    Ok(day)
}
