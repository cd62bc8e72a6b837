//! Driving one checkout to a final state: each step reads the stored state, does one thing
//! at Kronor or in the journal, and stores the result before the next step.

use futures::{Stream, StreamExt};
use kronor::{BigInt, OrderStatus, PurchaseOrderState, PurchaseStatus, WaitToken, WatchEvent};

use super::engine::{FirstAnswer, Inner, ScaCode, Step};
use super::store::{self, Changes, Checkout};
use super::{CheckoutError, CheckoutState, EventKind, Tender};
use crate::journal::NewEntry;

/// How following a payment's status stream ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Followed {
    /// The checkout settled, or a cancel stored a move meanwhile.
    Done,
    /// The stream ended or failed without a final status: look the payment up.
    Ended,
}

impl Inner {
    /// Runs checkout `id` until it is final. A create that keeps failing is left, stored, for
    /// the next Charge or start-up after `max_rounds` backoff rounds (the customer has no QR
    /// code yet, so cannot have approved). From `awaiting_customer` on the customer may have
    /// approved, so every failure there is retried with backoff until the checkout is final:
    /// an approved payment always reaches its receipt without a restart. `first` gets the
    /// first create's outcome (Charge waits on it for a moment).
    pub(super) async fn drive(&self, id: i64, mut first: Option<FirstAnswer>) {
        let mut rounds: u32 = 0;
        loop {
            let checkout = match self.load(id) {
                Ok(checkout) => checkout,
                Err(CheckoutError::NotFound(_)) => return,
                Err(error) => {
                    tracing::error!(%error, id, "checkout cannot be read; trying again");
                    self.back_off(&mut rounds).await;
                    continue;
                }
            };
            if checkout.state.is_final() {
                self.finished(&checkout);
                return;
            }
            let step = checkout.state.name();
            let failure = |error: CheckoutError| (error.to_string(), error.is_retryable());
            let result = match checkout.state {
                CheckoutState::Draft => self
                    .move_to(&checkout, CheckoutState::Submitting, Changes::default())
                    .map(drop)
                    .map_err(failure),
                CheckoutState::Submitting => {
                    let submitted = match checkout.tender {
                        Tender::Invoice => self.submit(id).await,
                        Tender::Swish => self.submit_swish(id).await,
                        Tender::Cash => Err(not_at_kronor(&checkout)),
                    };
                    let result = match &submitted {
                        Ok(_) => Ok(()),
                        Err(error) => Err((error.to_string(), error.is_retryable())),
                    };
                    if let Some(first) = first.take() {
                        let _ = first.send(submitted);
                    }
                    result
                }
                CheckoutState::AwaitingCustomer => match checkout.tender {
                    Tender::Invoice => self.track(&checkout).await.map_err(failure),
                    Tender::Swish => self.track_swish(&checkout).await.map_err(failure),
                    Tender::Cash => Err(failure(not_at_kronor(&checkout))),
                },
                // A Swish payment is paid when approved: nothing to capture.
                CheckoutState::Approved
                    if self.settings.capture_on_approval && checkout.tender == Tender::Invoice =>
                {
                    self.capture(&checkout).await.map_err(failure)
                }
                CheckoutState::Approved | CheckoutState::Captured => {
                    match self.register(&checkout).await {
                        // A paid part waits for the rest of its sale: the part that covers
                        // it (or a cancel) finishes this one.
                        Ok(()) if self.load(id).is_ok_and(|c| !c.state.is_final()) => return,
                        Err(CheckoutError::ControlUnit(unit)) => {
                            // Paid: never left, and the cashier sees what holds the receipt.
                            self.observe(
                                &checkout,
                                EventKind::ControlUnitWaiting {
                                    sv: unit.sv(),
                                    en: unit.en(),
                                },
                            );
                            Err((unit.to_string(), true))
                        }
                        other => other.map_err(failure),
                    }
                }
                _ => return,
            };
            let Err((message, retryable)) = result else {
                rounds = 0;
                continue;
            };
            // Shown on the pay screen as network trouble or "checking with Kronor", with why.
            self.observe(
                &checkout,
                EventKind::Retrying {
                    step: step.to_owned(),
                    message: message.clone(),
                },
            );
            let before_the_customer = checkout.state == CheckoutState::Submitting;
            if before_the_customer && !(retryable && rounds < self.settings.max_rounds) {
                // Refused (stored as failed) or given up on for now: the next Charge or
                // start-up sends it again.
                if let Ok(checkout) = self.load(id)
                    && checkout.state.is_final()
                {
                    self.finished(&checkout);
                }
                tracing::warn!(id, %message, "checkout's create left for the next Charge");
                return;
            }
            tracing::warn!(id, step, %message, "checkout step failed; trying again");
            self.back_off(&mut rounds).await;
        }
    }

    /// The client's backoff for round `rounds` (its longest pause repeating), then counts it.
    async fn back_off(&self, rounds: &mut u32) {
        let delay = self.client.config().retry.delay(*rounds as usize);
        self.sleeper.sleep(delay).await;
        *rounds = rounds.saturating_add(1);
    }

    pub(super) fn finished(&self, checkout: &Checkout) {
        let receipt_number = checkout.journal_entry_id.and_then(|entry| {
            self.with_db(|db| Ok(db.journal().entry(entry)?))
                .ok()
                .map(|e| e.receipt_number)
        });
        self.observe(
            checkout,
            EventKind::Finished {
                state: checkout.state.clone(),
                journal_entry_id: checkout.journal_entry_id,
                receipt_number,
            },
        );
    }

    /// Stores a move and tells the UI; `Ok(false)` if the stored state no longer allows it.
    pub(super) fn move_to(
        &self,
        checkout: &Checkout,
        to: CheckoutState,
        changes: Changes,
    ) -> Result<bool, CheckoutError> {
        let at = self.clock.now();
        let moved = self.with_db(|db| store::transition(db, checkout.id, &to, changes, at))?;
        if moved {
            self.emit_state(checkout, to);
        }
        Ok(moved)
    }

    /// Invoice: sends the create (again, after a crash: same key, same body) and stores the
    /// answer.
    /// Returns the QR code when this call moved the checkout to `awaiting_customer`.
    pub(super) async fn submit(&self, id: i64) -> Result<Option<ScaCode>, CheckoutError> {
        let checkout = self.load(id)?;
        if checkout.state != CheckoutState::Submitting {
            return Ok(None);
        }
        self.pause(Step::Submitting).await;
        let customer = checkout.customer.as_ref().ok_or_else(|| {
            CheckoutError::InvalidOrder("the stored invoice has no customer".into())
        })?;
        let request = super::request::purchase_order(
            &checkout.idempotency_key,
            &checkout.order_number,
            &checkout.totals,
            customer,
            self.settings.language,
        )?;
        match self.client.create_purchase_order(&request).await {
            Ok(created) => {
                self.pause(Step::Created).await;
                let token = created.wait_token.as_str().to_owned();
                let changes = Changes {
                    kronor_order_id: Some(created.id),
                    wait_token: Some(token.clone()),
                    ..Changes::default()
                };
                if !self.move_to(&checkout, CheckoutState::AwaitingCustomer, changes)? {
                    return Ok(None);
                }
                let code = self.sca_code(checkout.id, &token)?;
                // Sent, not logged: the stored wait token already says where the QR points.
                self.emit(
                    &checkout,
                    EventKind::QrReady {
                        sca_url: code.url.clone(),
                        svg: code.svg.clone(),
                    },
                );
                Ok(Some(code))
            }
            Err(error) if error.is_retryable() => Err(error.into()),
            Err(error) => {
                let reason = error.to_string();
                self.move_to(
                    &checkout,
                    CheckoutState::Failed { reason },
                    Changes::default(),
                )?;
                Err(error.into())
            }
        }
    }

    /// Follows the order until Kronor settles it. A watch that ends without a final status
    /// (token refused, stream failed) is checked with a direct lookup.
    async fn track(&self, checkout: &Checkout) -> Result<(), CheckoutError> {
        self.pause(Step::Awaiting).await;
        let (Some(order_id), Some(token)) = (&checkout.kronor_order_id, &checkout.wait_token)
        else {
            return Err(CheckoutError::InvalidOrder(
                "the stored order has no Kronor id".into(),
            ));
        };
        if checkout.cancel_requested {
            // Cancel was pressed while the create was in flight.
            self.cancel_at_kronor(checkout).await?;
            if self.load(checkout.id)?.state.is_final() {
                return Ok(());
            }
        }
        let watch = self
            .client
            .watch_purchase_order(order_id, &WaitToken::new(token.clone()));
        let followed = self
            .follow(checkout, watch, status_names, |order| {
                self.settle(checkout, order)
            })
            .await?;
        if followed == Followed::Done {
            return Ok(());
        }
        match self.client.purchase_order(order_id).await? {
            Some(order) if self.settle(checkout, &order)? => Ok(()),
            _ => Err(kronor::Error::Temporary {
                message: "the order's status stream ended before it was settled".into(),
            }
            .into()),
        }
    }

    /// Follows a payment's status stream: each update observed with its statuses and handed
    /// to `settle` until that answers true, each change of connection observed. A cancel
    /// stored meanwhile ends it too: the drive loop reads the move and goes on.
    pub(super) async fn follow<T>(
        &self,
        checkout: &Checkout,
        mut watch: impl Stream<Item = WatchEvent<T>> + Unpin,
        statuses: fn(&T) -> Vec<String>,
        mut settle: impl FnMut(&T) -> Result<bool, CheckoutError>,
    ) -> Result<Followed, CheckoutError> {
        let woken = self.woken(checkout.id);
        loop {
            let event = tokio::select! {
                event = watch.next() => event,
                () = woken.notified() => return Ok(Followed::Done),
            };
            match event {
                None => return Ok(Followed::Ended),
                Some(WatchEvent::Update(state)) => {
                    let statuses = statuses(&state);
                    self.observe(checkout, EventKind::KronorStatus { statuses });
                    if settle(&state)? {
                        return Ok(Followed::Done);
                    }
                }
                Some(WatchEvent::Connection(state)) => self.observe(
                    checkout,
                    EventKind::Connection {
                        connection: state.into(),
                    },
                ),
                Some(WatchEvent::Failed(error)) => {
                    tracing::debug!(%error, "status stream failed; looking the payment up");
                    return Ok(Followed::Ended);
                }
            }
        }
    }

    /// What Kronor cancelling a payment means: the till's own cancel, or Kronor giving up on
    /// a customer who never answered.
    pub(super) fn cancelled_at_kronor(
        &self,
        checkout: &Checkout,
    ) -> Result<CheckoutState, CheckoutError> {
        Ok(if self.load(checkout.id)?.cancel_requested {
            CheckoutState::Cancelled
        } else {
            CheckoutState::Expired
        })
    }

    /// Stores what a final Kronor status means; `Ok(true)` once the order is settled (or
    /// the checkout moved on meanwhile, e.g. cancelled from the till).
    pub(super) fn settle(
        &self,
        checkout: &Checkout,
        order: &PurchaseOrderState,
    ) -> Result<bool, CheckoutError> {
        if order.is_approved() {
            let Some(purchase) = &order.resulting_purchase_id else {
                return Ok(false); // approved but no purchase id yet: wait for it
            };
            let changes = Changes {
                purchase_id: Some(purchase.to_string()),
                ..Changes::default()
            };
            self.move_to(checkout, CheckoutState::Approved, changes)?;
            return Ok(true);
        }
        let to = if order.has(&OrderStatus::Rejected) {
            CheckoutState::Rejected
        } else if order.has(&OrderStatus::Cancelled) {
            self.cancelled_at_kronor(checkout)?
        } else {
            return Ok(false);
        };
        self.move_to(checkout, to, Changes::default())?;
        Ok(true)
    }

    /// `purchaseOrderCancel`; when Kronor answers `false` (or no answer came), the order's
    /// real status decides.
    pub(super) async fn cancel_at_kronor(&self, checkout: &Checkout) -> Result<(), CheckoutError> {
        match checkout.tender {
            Tender::Swish => return self.cancel_swish(checkout).await,
            Tender::Cash => return Ok(()),
            Tender::Invoice => {}
        }
        let Some(order_id) = &checkout.kronor_order_id else {
            return Ok(());
        };
        match self.client.cancel_purchase_order(order_id).await {
            Ok(true) => {
                self.move_to(checkout, CheckoutState::Cancelled, Changes::default())?;
                Ok(())
            }
            Ok(false) | Err(kronor::Error::OutcomeUnknown { .. }) => {
                if let Some(order) = self.client.purchase_order(order_id).await? {
                    self.settle(checkout, &order)?;
                }
                Ok(())
            }
            Err(error) => Err(error.into()),
        }
    }

    /// Captures the whole purchase with the stored capture key.
    async fn capture(&self, checkout: &Checkout) -> Result<(), CheckoutError> {
        self.pause(Step::Approved).await;
        let purchase = purchase_id(checkout)?;
        let description = format!("Kassa {}", checkout.order_number);
        match self
            .client
            .capture_all(purchase, &checkout.capture_key, Some(&description))
            .await
        {
            Ok(capture_id) => {
                self.pause(Step::CaptureAnswered).await;
                let changes = Changes {
                    capture_id: Some(capture_id.to_string()),
                    ..Changes::default()
                };
                self.move_to(checkout, CheckoutState::Captured, changes)?;
                Ok(())
            }
            Err(error) if error.is_retryable() => Err(error.into()),
            Err(error) => {
                // Refused: if the purchase is captured already, that is the answer we needed.
                let captured = self
                    .client
                    .purchase_by_id(purchase)
                    .await?
                    .is_some_and(|p| {
                        p.statuses
                            .unwrap_or_default()
                            .iter()
                            .any(|s| s.status == PurchaseStatus::CaptureDone)
                    });
                if captured {
                    self.move_to(checkout, CheckoutState::Captured, Changes::default())?;
                    Ok(())
                } else {
                    Err(error.into())
                }
            }
        }
    }

    /// Registers the sale of till order `order_id` that `sale` makes (once: the one
    /// registered for the order before a crash is reused), has the control unit sign it and
    /// makes its original receipt. Answers its journal entry.
    pub(super) async fn register_once(
        &self,
        order_id: &str,
        sale: impl FnOnce(jiff::Timestamp) -> NewEntry,
    ) -> Result<i64, CheckoutError> {
        let at = self.clock.now();
        let entry = self.with_db(|db| {
            if let Some(entry) = db.journal().sale_for_order(order_id)? {
                return Ok(entry.id);
            }
            Ok(db.journal().register(sale(at))?.id)
        })?;
        // The control code before the receipt: the original carries it.
        self.sign_receipt(entry).await?;
        self.with_db(|db| {
            // The original is made with the sale, before anyone asks for it; one that
            // cannot be made yet (e.g. no shop) is made when it is first given out.
            if let Err(error) = db.make_original(entry, at) {
                tracing::warn!(%error, entry, "original receipt not made at registration");
            }
            Ok(())
        })?;
        Ok(entry)
    }

    /// Registers the sale in the journal (once: a sale already registered for this order
    /// before a crash is reused) and marks the checkout receipted.
    pub(super) async fn register(&self, checkout: &Checkout) -> Result<(), CheckoutError> {
        if let Some(split) = &checkout.split_order_id {
            return self.register_part(checkout, split).await;
        }
        self.pause(match checkout.tender {
            Tender::Invoice => Step::Captured,
            Tender::Swish | Tender::Cash => Step::Approved,
        })
        .await;
        // Never without a confirmed purchase; cash is in the drawer.
        let purchase = match checkout.tender {
            Tender::Cash => None,
            _ => Some(purchase_id(checkout)?.to_string()),
        };
        let entry = self
            .register_once(&checkout.order_id, |at| sale_of(checkout, purchase, at))
            .await?;
        self.pause(Step::Registered).await;
        let changes = Changes {
            journal_entry_id: Some(entry),
            ..Changes::default()
        };
        self.move_to(checkout, CheckoutState::Receipted, changes)?;
        Ok(())
    }
}

/// The sale `checkout` registers.
fn sale_of(checkout: &Checkout, purchase: Option<String>, at: jiff::Timestamp) -> NewEntry {
    let mut sale = NewEntry::sale(
        &checkout.register_id,
        checkout.training,
        at,
        &checkout.cashier,
        checkout.tender.payment_method(),
        &checkout.totals,
    );
    sale.kronor_purchase_id = purchase;
    sale.merchant_reference = Some(checkout.order_number.clone());
    sale.order_id = Some(checkout.order_id.clone());
    sale.customer_id = checkout.customer_id;
    sale
}

/// A cash checkout never has anything at Kronor to create or follow.
fn not_at_kronor(checkout: &Checkout) -> CheckoutError {
    CheckoutError::InvalidOrder(format!(
        "cash sale {} has nothing at Kronor",
        checkout.order_number
    ))
}

/// Kronor's purchase (invoice) or payment (Swish) id of a paid checkout.
pub(super) fn purchase_id(checkout: &Checkout) -> Result<BigInt, CheckoutError> {
    checkout
        .purchase_id
        .as_deref()
        .and_then(|p| p.parse::<i64>().ok())
        .map(BigInt)
        .ok_or_else(|| {
            CheckoutError::InvalidOrder(format!(
                "checkout {} has no confirmed purchase",
                checkout.order_number
            ))
        })
}

/// Kronor's status names as sent (`SCA_REQUIRED`...); unknown ones verbatim.
fn status_names(order: &PurchaseOrderState) -> Vec<String> {
    order
        .statuses()
        .iter()
        .map(|entry| match &entry.status {
            OrderStatus::PreFlightScoring => "PRE_FLIGHT_SCORING".to_owned(),
            OrderStatus::RiskScoring => "RISK_SCORING".to_owned(),
            OrderStatus::ScaRequired => "SCA_REQUIRED".to_owned(),
            OrderStatus::InstalmentsAuthorize => "INSTALMENTS_AUTHORIZE".to_owned(),
            OrderStatus::InstalmentPrePayment => "INSTALMENT_PRE_PAYMENT".to_owned(),
            OrderStatus::WaitingForCapture => "WAITING_FOR_CAPTURE".to_owned(),
            OrderStatus::PartiallyCaptured => "PARTIALLY_CAPTURED".to_owned(),
            OrderStatus::CaptureDone => "CAPTURE_DONE".to_owned(),
            OrderStatus::Rejected => "REJECTED".to_owned(),
            OrderStatus::Cancelled => "CANCELLED".to_owned(),
            OrderStatus::Unknown(name) => name.clone(),
        })
        .collect()
}
