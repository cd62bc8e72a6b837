//! Who is at the till: cashier accounts with a role and a PIN, log-in by PIN alone (the PIN
//! says who it is, so no two accounts share one), log-out, and a manager's PIN typed on the
//! spot to approve what a cashier may not do alone. Every log-in, log-out, new account, PIN
//! reset and approval is an append-only `cashier_event`. Wrong PINs slow the till down
//! ([`backoff`]) and never lock it for good.
//!
//! - [`pin`]: [`Pin`] (typed, never printed) and its Argon2id hash.
//! - [`backoff`]: how long the till waits after wrong PINs.

pub mod backoff;
pub mod pin;

use jiff::Timestamp;
use rusqlite::{OptionalExtension, params};
use serde::Serialize;

pub use pin::Pin;
use pin::PinHash;

use crate::error::{Error, Result};
use crate::storage::Db;

/// What an account may do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export_to = "Role.ts"))]
pub enum Role {
    /// Sells and takes payments.
    Cashier,
    /// Also approves returns, voids, large discounts, the drawer without a sale, the Z
    /// report, settings and the catalogue, and manages the accounts.
    Manager,
}

impl Role {
    fn key(self) -> &'static str {
        match self {
            Role::Cashier => "cashier",
            Role::Manager => "manager",
        }
    }

    fn from_key(key: &str) -> Option<Role> {
        match key {
            "cashier" => Some(Role::Cashier),
            "manager" => Some(Role::Manager),
            _ => None,
        }
    }
}

/// An account as the till shows it (never its PIN or hash).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export_to = "CashierView.ts"))]
pub struct Cashier {
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub id: i64,
    pub name: String,
    pub role: Role,
}

/// A manager's PIN typed for one action, as recorded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Approval {
    /// The `cashier_event` that records it.
    pub event_id: i64,
    pub manager: Cashier,
    pub action: String,
}

/// What the event log records.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CashierEventKind {
    Created,
    LogIn,
    LogOut,
    PinReset,
    Approval,
}

impl CashierEventKind {
    fn key(self) -> &'static str {
        match self {
            CashierEventKind::Created => "created",
            CashierEventKind::LogIn => "log_in",
            CashierEventKind::LogOut => "log_out",
            CashierEventKind::PinReset => "pin_reset",
            CashierEventKind::Approval => "approval",
        }
    }
}

/// Who a till without accounts registers its sales, returns and cash under.
pub const NO_CASHIER: &str = "kassa";

/// The longest account name.
const MAX_NAME: usize = 40;

/// The till's accounts; see [`Db::cashiers`].
pub struct Cashiers<'a> {
    db: &'a Db,
}

impl Db {
    pub fn cashiers(&self) -> Cashiers<'_> {
        Cashiers { db: self }
    }
}

impl Cashiers<'_> {
    /// Every active account, by name.
    pub fn list(&self) -> Result<Vec<Cashier>> {
        Ok(self
            .rows()?
            .into_iter()
            .map(|(cashier, _)| cashier)
            .collect())
    }

    /// Whether the till has no accounts yet (the first start asks for its first manager;
    /// training sells without accounts until one exists).
    pub fn none_yet(&self) -> Result<bool> {
        let count: i64 = self
            .db
            .conn()
            .query_row("SELECT count(*) FROM cashier", [], |r| r.get(0))?;
        Ok(count == 0)
    }

    /// The first account: a manager, made without approval (there is no one to approve).
    pub fn first_manager(&self, name: &str, pin: &Pin, at: Timestamp) -> Result<Cashier> {
        if !self.none_yet()? {
            return Err(Error::ManagerRequired(
                "The till has accounts already: a manager adds the next one.".into(),
            ));
        }
        self.insert(name, Role::Manager, pin, None, at)
    }

    /// A further account, approved by a manager.
    pub fn add(
        &self,
        name: &str,
        role: Role,
        pin: &Pin,
        approval: &Approval,
        at: Timestamp,
    ) -> Result<Cashier> {
        self.insert(name, role, pin, Some(approval), at)
    }

    fn insert(
        &self,
        name: &str,
        role: Role,
        pin: &Pin,
        approval: Option<&Approval>,
        at: Timestamp,
    ) -> Result<Cashier> {
        let name = check_name(name)?;
        let rows = self.rows()?;
        if rows
            .iter()
            .any(|(c, _)| c.name.to_lowercase() == name.to_lowercase())
        {
            return Err(Error::Duplicate(format!(
                "There is already an account named {name}."
            )));
        }
        refuse_taken(pin, rows.iter().map(|(_, hash)| hash))?;
        let hash = PinHash::of(pin)?;
        let tx = self.db.write_tx()?;
        tx.execute(
            "INSERT INTO cashier (name, role, pin_hash, created_at, updated_at) \
             VALUES (?1, ?2, ?3, ?4, ?4)",
            params![name, role.key(), hash.as_stored(), at.to_string()],
        )?;
        let id = tx.last_insert_rowid();
        log(
            &tx,
            CashierEventKind::Created,
            id,
            approval.map(|a| a.manager.id),
            role.key(),
            at,
        )?;
        tx.commit()?;
        Ok(Cashier { id, name, role })
    }

    /// Logs in whoever `pin` belongs to. A wrong PIN counts towards the back-off; while the
    /// till waits, every PIN (right or wrong) is refused with how long is left.
    pub fn log_in(&self, pin: &Pin, at: Timestamp) -> Result<Cashier> {
        let cashier = self.who(pin, at)?;
        let tx = self.db.write_tx()?;
        log(&tx, CashierEventKind::LogIn, cashier.id, None, "", at)?;
        tx.commit()?;
        Ok(cashier)
    }

    /// Logs `cashier_id` out (the lock screen, a switch of cashier, or the idle lock).
    pub fn log_out(&self, cashier_id: i64, at: Timestamp) -> Result<()> {
        let tx = self.db.write_tx()?;
        log(&tx, CashierEventKind::LogOut, cashier_id, None, "", at)?;
        tx.commit()?;
        Ok(())
    }

    /// A manager's PIN typed for `action` on behalf of `cashier_id`: recorded, with who
    /// approved. A cashier's PIN is refused; a wrong PIN counts towards the back-off.
    pub fn approve(
        &self,
        pin: &Pin,
        action: &str,
        cashier_id: i64,
        at: Timestamp,
    ) -> Result<Approval> {
        let manager = self.who(pin, at)?;
        if manager.role != Role::Manager {
            return Err(Error::ManagerRequired(format!(
                "{} is not a manager: a manager types their PIN to approve this.",
                manager.name
            )));
        }
        let tx = self.db.write_tx()?;
        let event_id = log(
            &tx,
            CashierEventKind::Approval,
            cashier_id,
            Some(manager.id),
            action,
            at,
        )?;
        tx.commit()?;
        Ok(Approval {
            event_id,
            manager,
            action: action.to_owned(),
        })
    }

    /// Sets a new PIN for `cashier_id` (a forgotten one), approved by a manager.
    pub fn reset_pin(
        &self,
        cashier_id: i64,
        pin: &Pin,
        approval: &Approval,
        at: Timestamp,
    ) -> Result<()> {
        let rows = self.rows()?;
        if !rows.iter().any(|(c, _)| c.id == cashier_id) {
            return Err(Error::NotFound(format!(
                "Account {cashier_id} does not exist."
            )));
        }
        refuse_taken(
            pin,
            rows.iter()
                .filter(|(c, _)| c.id != cashier_id)
                .map(|(_, hash)| hash),
        )?;
        let hash = PinHash::of(pin)?;
        let tx = self.db.write_tx()?;
        tx.execute(
            "UPDATE cashier SET pin_hash = ?2, updated_at = ?3 WHERE id = ?1",
            params![cashier_id, hash.as_stored(), at.to_string()],
        )?;
        log(
            &tx,
            CashierEventKind::PinReset,
            cashier_id,
            Some(approval.manager.id),
            "",
            at,
        )?;
        // A new PIN starts with no wrong tries against it.
        tx.execute("DELETE FROM pin_attempt", [])?;
        tx.commit()?;
        Ok(())
    }

    /// The account `pin` belongs to, with the back-off applied.
    fn who(&self, pin: &Pin, at: Timestamp) -> Result<Cashier> {
        let (failures, last) = self.attempts()?;
        if let Some(last) = last {
            let until = last
                .checked_add(backoff::wait_after(failures))
                .map_err(|e| Error::Internal(e.to_string()))?;
            if at < until {
                let seconds = until.duration_since(at).as_secs().max(1);
                return Err(Error::PinBackOff { seconds });
            }
        }
        let found = self
            .rows()?
            .into_iter()
            .find(|(_, hash)| hash.matches(pin))
            .map(|(cashier, _)| cashier);
        match found {
            Some(cashier) => {
                self.db.conn().execute("DELETE FROM pin_attempt", [])?;
                Ok(cashier)
            }
            None => {
                let failures = failures.saturating_add(1);
                self.db.conn().execute(
                    "INSERT INTO pin_attempt (id, failures, last_failure_at) VALUES (1, ?1, ?2) \
                     ON CONFLICT (id) DO UPDATE SET failures = ?1, last_failure_at = ?2",
                    params![failures, at.to_string()],
                )?;
                let wait = backoff::wait_after(failures).as_secs();
                Err(Error::WrongPin { wait_seconds: wait })
            }
        }
    }

    /// Wrong PINs in a row and when the last one was typed.
    fn attempts(&self) -> Result<(u32, Option<Timestamp>)> {
        let row: Option<(u32, String)> = self
            .db
            .conn()
            .query_row(
                "SELECT failures, last_failure_at FROM pin_attempt WHERE id = 1",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?;
        match row {
            None => Ok((0, None)),
            Some((failures, at)) => {
                Ok((
                    failures,
                    Some(at.parse().map_err(|_| {
                        Error::DatabaseCorrupt("a PIN attempt has a bad time".into())
                    })?),
                ))
            }
        }
    }

    fn rows(&self) -> Result<Vec<(Cashier, PinHash)>> {
        let mut stmt = self.db.conn().prepare_cached(
            "SELECT id, name, role, pin_hash FROM cashier WHERE active = 1 ORDER BY name",
        )?;
        let rows = stmt
            .query_map([], |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, String>(3)?,
                ))
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        rows.into_iter()
            .map(|(id, name, role, hash)| {
                let role = Role::from_key(&role)
                    .ok_or_else(|| Error::DatabaseCorrupt(format!("account {id} has no role")))?;
                Ok((Cashier { id, name, role }, PinHash::stored(hash)))
            })
            .collect()
    }
}

/// No two accounts share a PIN: the PIN alone says who logs in (and a manager's PIN that
/// is also a cashier's would let the cashier approve).
fn refuse_taken<'h>(pin: &Pin, hashes: impl Iterator<Item = &'h PinHash>) -> Result<()> {
    for hash in hashes {
        if hash.matches(pin) {
            return Err(Error::PinInUse);
        }
    }
    Ok(())
}

fn check_name(name: &str) -> Result<String> {
    let name = name.trim();
    if name.is_empty() || name.chars().count() > MAX_NAME {
        return Err(Error::InvalidCashier(format!(
            "An account's name is 1 to {MAX_NAME} characters."
        )));
    }
    if let Some(c) = crate::text::hidden_char(name) {
        return Err(Error::InvalidCashier(format!(
            "The name has a hidden character ({}).",
            crate::text::code_point(c)
        )));
    }
    Ok(name.to_owned())
}

fn log(
    tx: &rusqlite::Transaction<'_>,
    kind: CashierEventKind,
    cashier_id: i64,
    approved_by: Option<i64>,
    detail: &str,
    at: Timestamp,
) -> Result<i64> {
    tx.execute(
        "INSERT INTO cashier_event (at, kind, cashier_id, approved_by, detail) \
         VALUES (?1, ?2, ?3, ?4, ?5)",
        params![at.to_string(), kind.key(), cashier_id, approved_by, detail],
    )?;
    Ok(tx.last_insert_rowid())
}
