//! Purchase orders and purchases as the sandbox keeps them, and their rows as GraphQL shows them.

use jiff::Timestamp;
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use crate::clock::wire_timestamp;

/// `OrderStatusEnum` values the sandbox uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum OrderStatus {
    PreFlightScoring,
    ScaRequired,
    RiskScoring,
    WaitingForCapture,
    CaptureDone,
    Rejected,
    Cancelled,
}

impl OrderStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            OrderStatus::PreFlightScoring => "PRE_FLIGHT_SCORING",
            OrderStatus::ScaRequired => "SCA_REQUIRED",
            OrderStatus::RiskScoring => "RISK_SCORING",
            OrderStatus::WaitingForCapture => "WAITING_FOR_CAPTURE",
            OrderStatus::CaptureDone => "CAPTURE_DONE",
            OrderStatus::Rejected => "REJECTED",
            OrderStatus::Cancelled => "CANCELLED",
        }
    }

    /// Still on its way to completion (cancellable, can time out).
    pub fn is_pending(self) -> bool {
        matches!(
            self,
            OrderStatus::PreFlightScoring | OrderStatus::ScaRequired | OrderStatus::RiskScoring
        )
    }
}

/// `PurchaseStatusEnum` values the sandbox uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum PurchaseStatus {
    WaitingForCapture,
    CaptureDone,
    Returned,
}

impl PurchaseStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            PurchaseStatus::WaitingForCapture => "WAITING_FOR_CAPTURE",
            PurchaseStatus::CaptureDone => "CAPTURE_DONE",
            PurchaseStatus::Returned => "RETURNED",
        }
    }
}

/// One line the customer sees on the SCA page.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct OrderLine {
    pub name: String,
    pub quantity: i64,
    pub total_amount: i64,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct PurchaseOrder {
    /// Equals the idempotency key, as in Kronor.
    pub id: String,
    pub merchant_id: String,
    pub merchant_reference: String,
    pub national_identification_number: String,
    pub purchase_country: String,
    pub purchase_language: String,
    pub total_amount: i64,
    pub tax_amount: i64,
    pub lines: Vec<OrderLine>,
    pub created_at: Timestamp,
    pub status: OrderStatus,
    pub entered_at: Timestamp,
    pub resulting_purchase_id: Option<i64>,
    pub wait_token: String,
    pub sca_deadline: Timestamp,
    /// Bumped on every change, so a live query never goes back to an older snapshot.
    #[serde(default)]
    pub version: u64,
    /// A status Kronor might add later, shown beside the real one until the next transition
    /// ([`crate::Sandbox::inject_status`]).
    #[serde(default)]
    pub extra_status: Option<String>,
    /// The create input with nulls removed: a repeat must match it to be "the same request".
    pub input: Value,
}

impl PurchaseOrder {
    /// The row as `PurchaseOrder` fields name it; `status` is the set of statuses it is in now.
    pub fn row(&self) -> Value {
        let entered = wire_timestamp(self.entered_at);
        let mut status = vec![json!({"status": self.status.as_str(), "enteredAt": entered})];
        if let Some(extra) = &self.extra_status {
            status.push(json!({"status": extra, "enteredAt": entered}));
        }
        json!({
            "createdAt": wire_timestamp(self.created_at),
            "id": self.id,
            "merchantReference": self.merchant_reference,
            "purchaseCountry": self.purchase_country,
            "purchaseLanguage": self.purchase_language,
            "purchaseTaxAmount": self.tax_amount,
            "purchaseTotalAmount": self.total_amount,
            "resultingPurchaseId": self.resulting_purchase_id,
            "status": status,
        })
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Purchase {
    pub id: i64,
    pub merchant_id: String,
    pub purchase_order_id: String,
    pub merchant_reference: String,
    pub total_amount: i64,
    pub tax_amount: i64,
    pub created_at: Timestamp,
    pub status: PurchaseStatus,
    pub entered_at: Timestamp,
    pub capture_id: Option<i64>,
    pub return_id: Option<i64>,
}

impl Purchase {
    pub fn row(&self) -> Value {
        json!({
            "createdAt": wire_timestamp(self.created_at),
            "id": self.id,
            "merchantReference": self.merchant_reference,
            "status": [{"status": self.status.as_str(), "enteredAt": wire_timestamp(self.entered_at)}],
            "taxAmount": self.tax_amount,
            "totalAmount": self.total_amount,
        })
    }
}

/// The stored answer to an idempotent capture or return.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct IdempotentResult {
    pub input: Value,
    pub response: Value,
}

/// Removes `null` members recursively, so an explicit null equals an omitted field.
pub fn without_nulls(v: Value) -> Value {
    match v {
        Value::Object(map) => Value::Object(
            map.into_iter()
                .filter(|(_, v)| !v.is_null())
                .map(|(k, v)| (k, without_nulls(v)))
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.into_iter().map(without_nulls).collect()),
        other => other,
    }
}
