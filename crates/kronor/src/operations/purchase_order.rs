//! Reading, watching and cancelling a purchase order.

use crate::scalars::BigInt;
use crate::schema::schema;

/// A purchase order's status values (`OrderStatusEnum`). Values Kronor adds later arrive as
/// `Unknown`, never as an error.
#[derive(cynic::Enum, Clone, Debug, PartialEq, Eq, Hash)]
#[cynic(graphql_type = "OrderStatusEnum")]
pub enum OrderStatus {
    PreFlightScoring,
    RiskScoring,
    ScaRequired,
    InstalmentsAuthorize,
    InstalmentPrePayment,
    WaitingForCapture,
    PartiallyCaptured,
    CaptureDone,
    Rejected,
    Cancelled,
    #[cynic(fallback)]
    Unknown(String),
}

/// One status the order is in, and since when.
#[derive(cynic::QueryFragment, Clone, Debug, PartialEq, Eq)]
#[cynic(graphql_type = "CurrentPurchaseOrderStatus")]
pub struct StatusEntry {
    pub status: OrderStatus,
    pub entered_at: jiff::Timestamp,
}

/// A purchase order as the till follows it.
#[derive(cynic::QueryFragment, Clone, Debug, PartialEq, Eq)]
#[cynic(graphql_type = "PurchaseOrder")]
pub struct PurchaseOrderState {
    pub id: String,
    pub merchant_reference: String,
    /// The set of statuses the order is in now (Kronor may send null: read as empty).
    #[cynic(rename = "status")]
    pub statuses: Option<Vec<StatusEntry>>,
    /// Set once the checkout is complete.
    pub resulting_purchase_id: Option<BigInt>,
}

impl PurchaseOrderState {
    /// The statuses the order is in now.
    pub fn statuses(&self) -> &[StatusEntry] {
        self.statuses.as_deref().unwrap_or_default()
    }

    pub fn has(&self, status: &OrderStatus) -> bool {
        self.statuses().iter().any(|entry| &entry.status == status)
    }

    /// The checkout is complete: the order waits for capture (or is already captured).
    pub fn is_approved(&self) -> bool {
        self.has(&OrderStatus::WaitingForCapture)
            || self.has(&OrderStatus::PartiallyCaptured)
            || self.has(&OrderStatus::CaptureDone)
    }

    /// No further change is expected for a checkout: approved, rejected or cancelled.
    pub fn is_final(&self) -> bool {
        self.is_approved() || self.has(&OrderStatus::Rejected) || self.has(&OrderStatus::Cancelled)
    }

    /// The customer must sign on the SCA page.
    pub fn needs_sca(&self) -> bool {
        self.has(&OrderStatus::ScaRequired)
    }
}

#[derive(cynic::QueryVariables, Debug, Clone)]
pub struct OrderIdVariables {
    pub id: String,
}

#[derive(cynic::QueryFragment, Debug)]
#[cynic(graphql_type = "query_root", variables = "OrderIdVariables")]
pub struct PurchaseOrderQuery {
    #[arguments(where: { id: { _eq: $id } })]
    pub purchase_orders: Vec<PurchaseOrderState>,
}

#[derive(cynic::QueryFragment, Debug)]
#[cynic(graphql_type = "subscription_root", variables = "OrderIdVariables")]
pub struct PurchaseOrderSubscription {
    #[arguments(where: { id: { _eq: $id } })]
    pub purchase_orders: Vec<PurchaseOrderState>,
}

#[derive(cynic::QueryVariables, Debug)]
pub struct CancelVariables {
    pub purchase_order_id: String,
}

#[derive(cynic::QueryFragment, Debug)]
#[cynic(graphql_type = "mutation_root", variables = "CancelVariables")]
pub struct CancelPurchaseOrder {
    #[arguments(cancel: { purchaseOrderId: $purchase_order_id })]
    pub purchase_order_cancel: PurchaseOrderCancelResult,
}

#[derive(cynic::QueryFragment, Debug)]
pub struct PurchaseOrderCancelResult {
    pub result: bool,
}
