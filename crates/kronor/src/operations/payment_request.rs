//! A payment session's Swish payment, run with the session token: start it, read and watch
//! its payment request, cancel it. Written against `schema/payment-gateway.graphqls` (the
//! payment-gateway role); the public state types live here too.

use crate::scalars::{BigInt, Uuid};
use crate::schema::gateway_schema as schema;

/// A payment's status values (`PaymentStatusEnum`, identical in both roles' schemas). Values
/// Kronor adds later arrive as `Unknown`, never as an error.
#[derive(cynic::Enum, Clone, Debug, PartialEq, Eq, Hash)]
#[cynic(schema = "kronor_gateway", graphql_type = "PaymentStatusEnum")]
pub enum PaymentStatus {
    Authorized,
    Cancelled,
    Cancelling,
    CaptureDeclined,
    Declined,
    Error,
    FlowCompleted,
    Initializing,
    Paid,
    PartiallyCaptured,
    PreFlightCheck,
    ProcessingRedirectedApp,
    ProcessingRedirectedWeb,
    Released,
    WaitingForPayment,
    WaitingForPromotion,
    #[cynic(fallback)]
    Unknown(String),
}

/// One status the payment is in, and since when.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PaymentStatusEntry {
    pub status: PaymentStatus,
    pub entered_at: Option<jiff::Timestamp>,
}

/// Swish's part of a payment request (`transactionSwishDetails`).
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct SwishDetails {
    /// The token to show as a QR code (see [`crate::Environment::swish_qr`]); only the
    /// session role can read it, and only once Swish has issued it.
    pub qr_code: Option<String>,
    pub error_code: Option<String>,
    pub error_message: Option<String>,
}

/// A payment request (one attempt to pay a session) as the till follows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PaymentRequestState {
    pub wait_token: String,
    /// The set of statuses the payment is in now (Kronor may send null: read as empty).
    pub statuses: Vec<PaymentStatusEntry>,
    /// Kronor's payment id once paid: what a refund takes.
    pub resulting_payment_id: Option<BigInt>,
    pub transaction_id: Option<String>,
    /// Öre. Non-null in both schemas; an `Option` so a lookup that did not select it can say so.
    pub amount: Option<BigInt>,
    pub swish: Option<SwishDetails>,
}

impl PaymentRequestState {
    pub fn has(&self, status: &PaymentStatus) -> bool {
        self.statuses.iter().any(|entry| &entry.status == status)
    }

    /// The customer paid (`PAID` or `AUTHORIZED`).
    pub fn is_paid(&self) -> bool {
        self.has(&PaymentStatus::Paid) || self.has(&PaymentStatus::Authorized)
    }

    /// The payment did not happen (`DECLINED` or `ERROR`).
    pub fn is_failed(&self) -> bool {
        self.has(&PaymentStatus::Declined) || self.has(&PaymentStatus::Error)
    }

    pub fn is_cancelled(&self) -> bool {
        self.has(&PaymentStatus::Cancelled)
    }

    /// Nothing more is expected: failed, cancelled, or paid with its payment id (the id may
    /// come a moment after the status, and a refund needs it). A watch ends here.
    pub fn is_final(&self) -> bool {
        self.is_failed()
            || self.is_cancelled()
            || (self.is_paid() && self.resulting_payment_id.is_some())
    }

    pub fn qr_code(&self) -> Option<&str> {
        self.swish.as_ref()?.qr_code.as_deref()
    }

    pub fn error_code(&self) -> Option<&str> {
        self.swish.as_ref()?.error_code.as_deref()
    }
}

#[derive(cynic::QueryFragment, Debug)]
#[cynic(schema = "kronor_gateway", graphql_type = "CurrentPaymentStatus")]
pub struct GatewayStatus {
    pub status: PaymentStatus,
    pub entered_at: jiff::Timestamp,
}

/// Deserialized by serde with defaults: Swish's details fill in over time, and a field that
/// is missing rather than null (seen from proxies and older servers) must not fail the read.
#[derive(cynic::QueryFragment, serde::Deserialize, Debug, Default)]
#[cynic(
    schema = "kronor_gateway",
    graphql_type = "SwishDetails",
    no_deserialize
)]
#[serde(rename_all = "camelCase", default)]
pub struct GatewaySwish {
    pub qr_code: Option<String>,
    pub error_code: Option<String>,
    pub error_message: Option<String>,
}

#[derive(cynic::QueryFragment, Debug)]
#[cynic(schema = "kronor_gateway", graphql_type = "PaymentRequest")]
pub struct GatewayPaymentRequest {
    pub wait_token: Uuid,
    pub status: Option<Vec<GatewayStatus>>,
    pub resulting_payment_id: Option<BigInt>,
    pub transaction_id: String,
    pub amount: BigInt,
    pub transaction_swish_details: Option<Vec<GatewaySwish>>,
}

impl From<GatewayPaymentRequest> for PaymentRequestState {
    fn from(row: GatewayPaymentRequest) -> Self {
        PaymentRequestState {
            wait_token: row.wait_token.0,
            statuses: row
                .status
                .unwrap_or_default()
                .into_iter()
                .map(|s| PaymentStatusEntry {
                    status: s.status,
                    entered_at: Some(s.entered_at),
                })
                .collect(),
            resulting_payment_id: row.resulting_payment_id,
            transaction_id: Some(row.transaction_id),
            amount: Some(row.amount),
            swish: row
                .transaction_swish_details
                .unwrap_or_default()
                .into_iter()
                .next()
                .map(|d| SwishDetails {
                    qr_code: d.qr_code,
                    error_code: d.error_code,
                    error_message: d.error_message,
                }),
        }
    }
}

#[derive(cynic::QueryVariables, Debug, Clone)]
pub struct WaitTokenVariables {
    pub wait_token: Uuid,
}

#[derive(cynic::QueryFragment, Debug)]
#[cynic(
    schema = "kronor_gateway",
    graphql_type = "query_root",
    variables = "WaitTokenVariables"
)]
pub struct PaymentRequestQuery {
    #[arguments(where: { waitToken: { _eq: $wait_token } })]
    pub payment_requests: Vec<GatewayPaymentRequest>,
}

#[derive(cynic::QueryFragment, Debug)]
#[cynic(
    schema = "kronor_gateway",
    graphql_type = "subscription_root",
    variables = "WaitTokenVariables"
)]
pub struct PaymentRequestSubscription {
    #[arguments(where: { waitToken: { _eq: $wait_token } })]
    pub payment_requests: Vec<GatewayPaymentRequest>,
}

/// `SwishPaymentInput` of the session role (the merchant role's has more required fields).
#[derive(cynic::InputObject, Clone, Debug)]
#[cynic(
    schema = "kronor_gateway",
    graphql_type = "SwishPaymentInput",
    rename_all = "camelCase"
)]
pub struct SwishPaymentInput {
    /// `mcom`: the customer's phone pays by scanning (or opening) a QR code; `ecom` would need
    /// the customer's Swish number.
    pub flow: String,
    pub idempotency_key: String,
    pub return_url: String,
}

#[derive(cynic::QueryVariables, Debug)]
pub struct SwishVariables {
    pub pay: SwishPaymentInput,
}

#[derive(cynic::QueryFragment, Debug)]
#[cynic(
    schema = "kronor_gateway",
    graphql_type = "mutation_root",
    variables = "SwishVariables"
)]
pub struct NewSwishPayment {
    #[arguments(pay: $pay)]
    pub new_swish_payment: SwishPaymentResult,
}

#[derive(cynic::QueryFragment, Debug)]
#[cynic(schema = "kronor_gateway")]
pub struct SwishPaymentResult {
    pub wait_token: String,
}

#[derive(cynic::QueryVariables, Debug)]
pub struct CancelPaymentVariables {
    pub idempotency_key: String,
}

#[derive(cynic::QueryFragment, Debug)]
#[cynic(
    schema = "kronor_gateway",
    graphql_type = "mutation_root",
    variables = "CancelPaymentVariables"
)]
pub struct CancelPayment {
    #[arguments(cancel: { idempotencyKey: $idempotency_key })]
    pub cancel_payment: PaymentCancelResult,
}

#[derive(cynic::QueryFragment, Debug)]
#[cynic(schema = "kronor_gateway")]
pub struct PaymentCancelResult {
    pub wait_token: Option<String>,
}
