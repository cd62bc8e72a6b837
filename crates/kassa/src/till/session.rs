//! Who is at the counter: once the till has accounts, nothing is sold until a cashier logs in
//! with their PIN, and each new checkout is theirs. Without accounts (a training till before
//! its first manager) the till sells as it always did.

use super::{Till, lock};
use crate::cashier::{Cashier, Pin};
use crate::checkout::CheckoutEngine;
use crate::error::{Error, Result};
use crate::storage::Db;

impl Till {
    /// The cashier logged in now, if any.
    pub fn cashier(&self) -> Result<Option<Cashier>> {
        Ok(lock(&self.cashier, "cashier")?.clone())
    }

    /// The name the journal records for what is done at the till now: the logged-in
    /// cashier's, or [`crate::cashier::NO_CASHIER`] on a till without accounts.
    pub fn cashier_name(&self) -> Result<String> {
        Ok(self
            .cashier()?
            .map_or_else(|| crate::cashier::NO_CASHIER.to_owned(), |c| c.name))
    }

    /// The till's first account, a manager, logged in at once.
    pub fn first_manager(&self, engine: &CheckoutEngine, name: &str, pin: &Pin) -> Result<Cashier> {
        let manager = self.db()?.cashiers().first_manager(name, pin, self.now())?;
        self.db()?.cashiers().log_in(pin, self.now())?;
        self.logged_in(engine, manager.clone())?;
        Ok(manager)
    }

    /// Logs in whoever `pin` belongs to; a cashier logged in before is logged out first (a
    /// switch of cashier is the lock screen and the next PIN).
    pub fn log_in(&self, engine: &CheckoutEngine, pin: &Pin) -> Result<Cashier> {
        let db = self.db()?;
        let cashier = db.cashiers().log_in(pin, self.now())?;
        if let Some(before) = lock(&self.cashier, "cashier")?.take() {
            db.cashiers().log_out(before.id, self.now())?;
        }
        drop(db);
        self.logged_in(engine, cashier.clone())?;
        Ok(cashier)
    }

    /// Locks the till: the cashier is logged out; the sale on the counter stays for whoever
    /// logs in next.
    pub fn lock_till(&self) -> Result<()> {
        if let Some(before) = lock(&self.cashier, "cashier")?.take() {
            self.db()?.cashiers().log_out(before.id, self.now())?;
        }
        Ok(())
    }

    fn logged_in(&self, engine: &CheckoutEngine, cashier: Cashier) -> Result<()> {
        engine.set_cashier(&cashier.name);
        *lock(&self.cashier, "cashier")? = Some(cashier);
        Ok(())
    }

    /// Refuses selling while the till has accounts and nobody is logged in.
    pub(super) fn require_cashier(&self, db: &Db) -> Result<()> {
        if lock(&self.cashier, "cashier")?.is_some() || db.cashiers().none_yet()? {
            Ok(())
        } else {
            Err(Error::Locked)
        }
    }
}
