//! The counter: the till's database, the sale being rung up, the VAT table and the clock,
//! with the rules of a sale that are not the checkout's own: what may change the cart, what
//! Charge needs before it charges, and what a paid sale does to the counter.
//!
//! The desktop shell holds one [`Till`] and calls it from its commands; everything here runs
//! (and is tested) without a window. `cash`: charging cash, the drawer and the cash day;
//! `split`: the sale paid in parts; `session`: who is logged in.

use std::sync::{Arc, Mutex, MutexGuard};

use jiff::Timestamp;
use jiff::civil::Date;
use serde::Serialize;

use crate::cart::Cart;
use crate::checkout::{
    Charge, CheckoutEngine, CheckoutError, CheckoutEvent, CheckoutState, Clock, OrderId, Started,
    Tender,
};
use crate::customer::Customer;
use crate::error::{Error, Result};
use crate::storage::Db;
use crate::vat::{VatTable, sale_date};
use crate::{Discount, demo};

mod cash;
mod session;
mod split;

pub use cash::CashSale;
pub use split::{PartStatus, PartTaken, SplitPart, SplitView};

/// Which Kronor the till talks to. Training until a merchant token is configured. A real
/// receipt names the seller, so live payments wait for the merchant's own shop details;
/// training sales may use the demo shop's.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export_to = "Mode.ts"))]
pub enum Mode {
    /// kronor-sandbox on this laptop; no real money moves.
    Training,
    /// Kronor itself, with the merchant's token.
    Live,
}

/// The till's state. Lock order, where both are needed: the cart, then the database.
pub struct Till {
    /// Shared with the checkout engine, which writes checkouts and the journal through it.
    db: Arc<Mutex<Db>>,
    cart: Mutex<Cart>,
    vat: VatTable,
    clock: Arc<dyn Clock>,
    /// The till's order id for the sale on the counter once Charge was pressed: a second
    /// Charge (a double-click) reuses it, so Kronor gets one order for one sale.
    order: Mutex<Option<OrderId>>,
    /// The checkout whose payment last emptied the counter: its later events (a second
    /// "receipted", a late view) leave the next customer's sale alone.
    emptied_for: Mutex<Option<i64>>,
    /// Held while a part of a sale paid in parts is taken or the split cancelled.
    part_gate: tokio::sync::Mutex<()>,
    /// The cashier logged in now (see `session`).
    cashier: Mutex<Option<crate::cashier::Cashier>>,
}

impl Till {
    /// The till on `db`. In training mode an empty catalogue gets the demo café and market
    /// stall, and a till with no shop details the demo shop's, so there is something to sell
    /// and receipts have a seller.
    pub fn new(db: Db, training: bool, clock: Arc<dyn Clock>) -> Result<Till> {
        if training && db.catalogue().count()? == 0 {
            let added = demo::load(&db)?;
            tracing::info!(added, "training mode: loaded the demo catalogue");
        }
        if training && demo::shop_if_unset(&db)? {
            tracing::info!("training mode: set the demo shop");
        }
        Ok(Till {
            db: Arc::new(Mutex::new(db)),
            cart: Mutex::new(Cart::new()),
            vat: VatTable::sweden(),
            clock,
            order: Mutex::new(None),
            emptied_for: Mutex::new(None),
            part_gate: tokio::sync::Mutex::new(()),
            cashier: Mutex::new(None),
        })
    }

    pub fn db(&self) -> Result<MutexGuard<'_, Db>> {
        lock(&self.db, "database")
    }

    /// The database handle itself, for the checkout engine.
    pub fn shared_db(&self) -> Arc<Mutex<Db>> {
        self.db.clone()
    }

    pub fn vat(&self) -> &VatTable {
        &self.vat
    }

    /// The till's clock, for the checkout engine and whatever else stamps a time.
    pub fn clock(&self) -> Arc<dyn Clock> {
        self.clock.clone()
    }

    pub fn now(&self) -> Timestamp {
        self.clock.now()
    }

    /// Today in Sweden: the date whose VAT rates a sale rung up now uses.
    pub fn today(&self) -> Date {
        sale_date(self.now())
    }

    /// The sale on the counter as it is now.
    pub fn cart(&self) -> Result<Cart> {
        Ok(self.lock_cart()?.clone())
    }

    /// Adds `quantity` (one if not given) of catalogue product `product_id`.
    pub fn add_product(&self, product_id: i64, quantity: Option<i64>) -> Result<Cart> {
        self.change(|db, cart| {
            let quantity = quantity.map_or(Ok(1), self::quantity)?;
            let product = db.catalogue().product(product_id)?;
            cart.add_product(&product, quantity).map(drop)
        })
    }

    /// Adds one of the product with a scanned or typed barcode.
    pub fn add_barcode(&self, code: &str) -> Result<Cart> {
        self.change(|db, cart| cart.add_barcode(&db.catalogue(), code).map(drop))
    }

    /// Quantities arrive as any integer so that 0 or -1 get the cashier's message.
    pub fn set_quantity(&self, line_id: u32, quantity: i64) -> Result<Cart> {
        self.change(|_, cart| cart.set_quantity(line_id, self::quantity(quantity)?))
    }

    /// Sets (or with `None`, removes) a line's discount.
    pub fn set_discount(&self, line_id: u32, discount: Option<Discount>) -> Result<Cart> {
        self.change(|_, cart| cart.set_line_discount(line_id, discount))
    }

    pub fn remove_line(&self, line_id: u32) -> Result<Cart> {
        self.change(|_, cart| cart.remove(line_id).map(drop))
    }

    pub fn set_note(&self, note: String) -> Result<Cart> {
        self.change(|_, cart| {
            cart.set_note(note);
            Ok(())
        })
    }

    /// Empties the sale for the next customer.
    pub fn clear_cart(&self) -> Result<Cart> {
        self.change(|_, cart| {
            cart.clear();
            Ok(())
        })
    }

    /// Puts the sale aside (stored in the till's file) and starts an empty one.
    pub fn park(&self, label: &str) -> Result<Cart> {
        let now = self.now();
        self.change(|db, cart| {
            db.parked_sales().park(cart, label, now)?;
            cart.clear();
            Ok(())
        })
    }

    /// Takes a parked sale back as the current one. Refused over a sale in progress, which
    /// would otherwise be lost: park or clear it first.
    pub fn recall(&self, parked_id: i64) -> Result<Cart> {
        let now = self.now();
        self.change(|db, cart| {
            if !cart.is_empty() {
                return Err(Error::SaleInProgress);
            }
            *cart = db.parked_sales().recall(parked_id, now)?;
            Ok(())
        })
    }

    /// Runs `change` under the cart's lock; a refused change leaves the cart as it was (the
    /// cart checks before it applies). Answers the cart afterwards.
    fn change(&self, change: impl FnOnce(&Db, &mut Cart) -> Result<()>) -> Result<Cart> {
        let mut cart = self.lock_cart()?;
        let db = self.db()?;
        self.may_change_sale(&db)?;
        change(&db, &mut cart)?;
        Ok(cart.clone())
    }

    /// The sale on the counter may change, or be charged whole: a cashier is logged in (or
    /// the till has no accounts) and no part of it is paid yet.
    fn may_change_sale(&self, db: &Db) -> Result<()> {
        self.require_cashier(db)?;
        self.refuse_if_split(db)
    }

    fn lock_cart(&self) -> Result<MutexGuard<'_, Cart>> {
        lock(&self.cart, "cart")
    }

    /// Charges the sale on the counter through `engine` with `tender` (an invoice needs the
    /// `customer`; Swish asks for nothing). Live payments need the merchant's own shop
    /// details first. A second Charge while the first's checkout is open
    /// (or was never made) charges the same order, so Kronor never gets two for one sale.
    pub async fn charge(
        &self,
        engine: &CheckoutEngine,
        tender: Tender,
        customer: Option<&Customer>,
        mode: Mode,
    ) -> Result<Started, CheckoutError> {
        if mode == Mode::Live {
            self.require_merchants_shop()?;
        }
        self.charge_order(engine, tender, customer, None).await
    }

    /// Charges the sale on the counter as it is now under its order (a new one once the
    /// last checkout ended).
    async fn charge_order(
        &self,
        engine: &CheckoutEngine,
        tender: Tender,
        customer: Option<&Customer>,
        tendered: Option<crate::money::Ore>,
    ) -> Result<Started, CheckoutError> {
        self.may_change_sale(&*self.db()?)?;
        let cart = self.cart()?;
        let order_id = self.order_for_next_charge(engine)?;
        engine
            .charge(Charge {
                order_id: &order_id,
                cart: &cart,
                tender,
                customer,
                customer_id: None,
                tendered,
                split: None,
            })
            .await
    }

    /// A real receipt names the seller: not no shop, and not the training demo shop.
    fn require_merchants_shop(&self) -> Result<()> {
        match self.db()?.shop() {
            Ok(shop) if !demo::is_demo_shop(&shop) => Ok(()),
            Ok(_) | Err(Error::NotFound(_)) => Err(Error::ShopDetailsMissing),
            Err(e) => Err(e),
        }
    }

    fn order_for_next_charge(&self, engine: &CheckoutEngine) -> Result<OrderId, CheckoutError> {
        let mut slot = lock(&self.order, "order")?;
        let order = engine.order_for_next_charge(slot.as_ref())?;
        *slot = Some(order.clone());
        Ok(order)
    }

    /// The checkout made for the sale on the counter, finished ones too (the customer
    /// display thanks the customer after a paid sale); `None` before Charge. Known from the
    /// moment the checkout is stored, before Charge answers.
    pub fn checkout_on_counter(&self, engine: &CheckoutEngine) -> Result<Option<i64>> {
        let Some(order) = lock(&self.order, "order")?.clone() else {
            return Ok(None);
        };
        engine.checkout_of_order(&order).map_err(into_core)
    }

    /// Forgets the sale's order: the next Charge is a new order. For a switch to another
    /// Kronor, which has never heard of the old one.
    pub fn forget_order(&self) -> Result<()> {
        *lock(&self.order, "order")? = None;
        Ok(())
    }

    /// What a checkout's event means for the counter: once the sale on the counter is
    /// receipted the goods are paid for, so the cart empties for the next customer. The
    /// stored state decides, not the event's: whatever the window is shown next about this
    /// checkout was read before this call, so it never shows "paid" over a full cart. It
    /// empties once per checkout: the next customer's first scan may come before the paid
    /// checkout's last event. A checkout resumed from an earlier run is not the sale on the
    /// counter and leaves it be.
    pub fn checkout_changed(&self, engine: &CheckoutEngine, event: &CheckoutEvent) -> Result<()> {
        self.empty_if_paid(engine, event.checkout_id)
    }

    /// Empties the counter once checkout `checkout_id`, the sale on it, is receipted.
    fn empty_if_paid(&self, engine: &CheckoutEngine, checkout_id: i64) -> Result<()> {
        let mut cart = self.lock_cart()?;
        if self.checkout_on_counter(engine)? != Some(checkout_id) {
            return Ok(());
        }
        let stored = engine.checkout(checkout_id).map_err(into_core)?;
        let mut emptied_for = lock(&self.emptied_for, "counter")?;
        if stored.state == CheckoutState::Receipted && *emptied_for != Some(checkout_id) {
            cart.clear();
            *emptied_for = Some(checkout_id);
        }
        Ok(())
    }
}

/// A store failure of the engine is the core's own; anything else reached here is a bug.
fn into_core(error: CheckoutError) -> Error {
    match error {
        CheckoutError::Till(error) => error,
        other => Error::Internal(other.to_string()),
    }
}

/// Quantities arrive as any integer so that 0 or -1 get the cashier's message.
fn quantity(quantity: i64) -> Result<u32> {
    u32::try_from(quantity).map_err(|_| Error::InvalidQuantity(quantity))
}

/// A panic while holding a lock is a bug; the cashier gets an error, not a crash.
fn lock<'a, T>(mutex: &'a Mutex<T>, what: &str) -> Result<MutexGuard<'a, T>> {
    mutex.lock().map_err(|_| {
        Error::Internal(format!(
            "the {what} lock was poisoned by an earlier failure; restart Kassa"
        ))
    })
}
