//! The order lifecycle: creation, the automatic steps (pre-flight and risk scoring), the SCA
//! decision, the SCA timeout, cancel, capture and return. Automatic steps run as spawned tasks
//! right away (no timed delays), each change pushed to live queries through the store.

use std::sync::Arc;
use std::time::Duration;

use serde_json::Value;
use tokio::sync::watch;
use url::Url;

use crate::clock::Clock;
use crate::faults::Faults;
use crate::model::{OrderStatus, Purchase, PurchaseOrder, PurchaseStatus};
use crate::request_log::RequestLog;
use crate::scenarios::Scenario;
use crate::store::{Created, Store, StoreError};
use crate::tokens::Tokens;
use crate::validate::{self, Invalid};

/// How long a waitToken stays valid after its order is created.
const WAIT_TOKEN_TTL: Duration = Duration::from_secs(24 * 3600);

/// The customer's answer on the SCA page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ScaDecision {
    Approve,
    Reject,
}

/// Why an SCA decision could not be applied.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ScaError {
    #[error("purchase order {0:?} not found")]
    UnknownPurchaseOrder(String),
    #[error("purchase order is {status}, it is not waiting for SCA")]
    NotWaitingForSca { status: String },
    #[error("this customer's SCA never finishes (scenario SCA_NEVER_FINISHES)")]
    NeverFinishes,
}

/// A create request that was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum CreateError {
    Invalid(Invalid),
    Store(StoreError),
}

pub(crate) struct Engine {
    pub store: Store,
    pub tokens: Tokens,
    pub clock: Clock,
    pub faults: Faults,
    pub sca_timeout: Duration,
    /// How long a Swish payment may wait for the customer before it ends as ERROR/TM01.
    pub swish_timeout: Duration,
    pub redirect_url: Option<Url>,
    pub request_log: Option<RequestLog>,
    pub(crate) runtime: tokio::runtime::Handle,
    /// Set to true on shutdown; timers and sockets stop.
    pub shutdown: watch::Sender<bool>,
    /// Send `bigint` outputs as JSON strings, as Hasura does with stringified numerics.
    pub stringify_bigints: std::sync::atomic::AtomicBool,
}

impl Engine {
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn new(
        store: Store,
        tokens: Tokens,
        clock: Clock,
        faults: Faults,
        sca_timeout: Duration,
        swish_timeout: Duration,
        redirect_url: Option<Url>,
        request_log: Option<RequestLog>,
        runtime: tokio::runtime::Handle,
    ) -> Engine {
        Engine {
            store,
            tokens,
            clock,
            faults,
            sca_timeout,
            swish_timeout,
            redirect_url,
            request_log,
            runtime,
            shutdown: watch::channel(false).0,
            stringify_bigints: std::sync::atomic::AtomicBool::new(false),
        }
    }

    /// `newPurchaseOrderWithInvoice`: validates, creates once per key, starts the lifecycle.
    pub(crate) fn create_order(
        self: &Arc<Self>,
        merchant_id: &str,
        input: Value,
    ) -> Result<PurchaseOrder, CreateError> {
        let input = crate::model::without_nulls(input);
        let new = validate::new_order(&input).map_err(CreateError::Invalid)?;
        let now = self.clock.now();
        let deadline = now
            .checked_add(
                jiff::SignedDuration::try_from(self.sca_timeout)
                    .unwrap_or(jiff::SignedDuration::MAX),
            )
            .unwrap_or(jiff::Timestamp::MAX);
        let created = self
            .store
            .create_order(merchant_id, new, input, now, deadline, |id| {
                self.tokens.mint_wait(id, WAIT_TOKEN_TTL)
            })
            .map_err(CreateError::Store)?;
        match created {
            Created::Repeat(order) => Ok(order),
            Created::New(order) => {
                self.start_lifecycle(&order);
                Ok(order)
            }
        }
    }

    /// Runs whatever automatic step an order is due for (also after a restart).
    pub(crate) fn start_lifecycle(self: &Arc<Self>, order: &PurchaseOrder) {
        match order.status {
            OrderStatus::PreFlightScoring => {
                let engine = self.clone();
                let id = order.id.clone();
                let scenario = Scenario::of(&order.national_identification_number);
                self.runtime
                    .spawn(async move { engine.pre_flight(&id, scenario) });
                self.spawn_sca_timeout(order);
            }
            OrderStatus::ScaRequired => self.spawn_sca_timeout(order),
            OrderStatus::RiskScoring => self.spawn_risk_scoring(order.id.clone()),
            _ => {}
        }
    }

    fn pre_flight(self: &Arc<Self>, id: &str, scenario: Scenario) {
        let now = self.clock.now();
        let pre = |s| s == OrderStatus::PreFlightScoring;
        if scenario == Scenario::ApprovedWithoutSca {
            if self
                .store
                .transition(id, pre, OrderStatus::RiskScoring, now, None)
                .is_ok()
            {
                self.risk_scoring(id);
            }
        } else {
            let _ = self
                .store
                .transition(id, pre, OrderStatus::ScaRequired, now, None);
        }
    }

    fn spawn_risk_scoring(self: &Arc<Self>, id: String) {
        let engine = self.clone();
        self.runtime.spawn(async move { engine.risk_scoring(&id) });
    }

    /// RISK_SCORING → WAITING_FOR_CAPTURE with a purchase, or REJECTED for that scenario.
    fn risk_scoring(self: &Arc<Self>, id: &str) {
        let Some(order) = self.store.order(id) else {
            return;
        };
        if order.status != OrderStatus::RiskScoring {
            return;
        }
        let now = self.clock.now();
        let risk = |s| s == OrderStatus::RiskScoring;
        if Scenario::of(&order.national_identification_number) == Scenario::RejectedAtRiskScoring {
            let _ = self
                .store
                .transition(id, risk, OrderStatus::Rejected, now, None);
            return;
        }
        // The purchase exists before the order points at it, so a client never sees a dangling id.
        let purchase_id = self.store.next_id();
        self.store.insert_purchase(Purchase {
            id: purchase_id,
            merchant_id: order.merchant_id.clone(),
            purchase_order_id: order.id.clone(),
            merchant_reference: order.merchant_reference.clone(),
            total_amount: order.total_amount,
            tax_amount: order.tax_amount,
            created_at: now,
            status: PurchaseStatus::WaitingForCapture,
            entered_at: now,
            capture_id: None,
            return_id: None,
        });
        if self
            .store
            .transition(
                id,
                risk,
                OrderStatus::WaitingForCapture,
                now,
                Some(purchase_id),
            )
            .is_err()
        {
            // Cancelled while scoring: the purchase never happened.
            self.store.remove_purchase(purchase_id);
        }
    }

    /// No SCA by the deadline → CANCELLED (the sandbox's documented choice).
    fn spawn_sca_timeout(self: &Arc<Self>, order: &PurchaseOrder) {
        let engine = self.clone();
        let id = order.id.clone();
        let deadline = order.sca_deadline;
        let mut stop = self.shutdown.subscribe();
        self.runtime.spawn(async move {
            tokio::select! {
                _ = engine.clock.sleep_until(deadline) => {
                    let now = engine.clock.now();
                    let _ = engine.store.transition(
                        &id,
                        |s| matches!(s, OrderStatus::PreFlightScoring | OrderStatus::ScaRequired),
                        OrderStatus::Cancelled,
                        now,
                        None,
                    );
                }
                _ = crate::shutdown::stopped(&mut stop) => {}
            }
        });
    }

    /// Same effect as the SCA page's buttons.
    pub(crate) fn decide_sca(
        self: &Arc<Self>,
        id: &str,
        decision: ScaDecision,
    ) -> Result<(), ScaError> {
        let order = self
            .store
            .order(id)
            .ok_or_else(|| ScaError::UnknownPurchaseOrder(id.to_owned()))?;
        if order.status == OrderStatus::ScaRequired
            && Scenario::of(&order.national_identification_number) == Scenario::ScaNeverFinishes
        {
            return Err(ScaError::NeverFinishes);
        }
        let to = match decision {
            ScaDecision::Approve => OrderStatus::RiskScoring,
            ScaDecision::Reject => OrderStatus::Rejected,
        };
        let now = self.clock.now();
        self.store
            .transition(id, |s| s == OrderStatus::ScaRequired, to, now, None)
            .map_err(|status| match status {
                Some(s) => ScaError::NotWaitingForSca {
                    status: s.as_str().to_owned(),
                },
                None => ScaError::UnknownPurchaseOrder(id.to_owned()),
            })?;
        if to == OrderStatus::RiskScoring {
            self.spawn_risk_scoring(id.to_owned());
        }
        Ok(())
    }

    /// Waits (briefly) until an order has left the automatic steps, for the SCA page's redirect.
    pub(crate) async fn settled(&self, id: &str) -> Option<PurchaseOrder> {
        let mut changes = self.store.subscribe();
        let wait = async {
            loop {
                let order = self.store.order(id)?;
                if !matches!(
                    order.status,
                    OrderStatus::PreFlightScoring | OrderStatus::RiskScoring
                ) {
                    return Some(order);
                }
                match changes.recv().await {
                    Ok(_) | Err(tokio::sync::broadcast::error::RecvError::Lagged(_)) => {}
                    Err(tokio::sync::broadcast::error::RecvError::Closed) => return None,
                }
            }
        };
        tokio::time::timeout(Duration::from_secs(5), wait)
            .await
            .ok()
            .flatten()
    }

    /// `purchaseOrderCancel`: true if the order was still pending and is now CANCELLED.
    pub(crate) fn cancel(&self, merchant_id: &str, id: &str) -> Result<bool, StoreError> {
        match self.store.order(id) {
            Some(o) if o.merchant_id == merchant_id => {}
            _ => return Err(StoreError::UnknownPurchaseOrder(id.to_owned())),
        }
        let now = self.clock.now();
        Ok(self
            .store
            .transition(
                id,
                OrderStatus::is_pending,
                OrderStatus::Cancelled,
                now,
                None,
            )
            .is_ok())
    }

    /// Picks up automatic steps and timers for orders loaded from the database.
    pub(crate) fn resume(self: &Arc<Self>) {
        for order in self.store.all_orders() {
            self.start_lifecycle(&order);
        }
        self.resume_swish();
    }
}
