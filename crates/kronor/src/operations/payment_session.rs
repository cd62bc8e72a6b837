//! Payment sessions with the merchant token: opening one
//! (`newPaymentSessionWithReferenceCheck`), refunding its payment (`refundPayment`), and
//! reading a payment request without a session (after a restart). Written against
//! `schema/merchant.graphqls`.

use crate::operations::create::Country;
use crate::operations::payment_request::{
    PaymentRequestState, PaymentStatus, PaymentStatusEntry, SwishDetails,
};
use crate::scalars::{BigInt, Uuid};
use crate::schema::schema;
use crate::token::SessionToken;

/// A new payment session for one sale. Country `SE` and currency `SEK` are fixed by the client.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewPaymentSession {
    /// Öre, 1 to 999 999 999.
    pub amount: i64,
    /// At most 24 h ahead (Kronor's rule).
    pub expires_at: jiff::Timestamp,
    pub idempotency_key: String,
    /// The till's own reference: asking again with it returns the same session, or the paid
    /// payment.
    pub merchant_reference: String,
    /// Shown to the customer: at most 50 of letters (incl. åäö), digits, `:;.,?!()”"` and space.
    pub message: String,
}

/// What Kronor returns for a payment session.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PaymentSession {
    pub token: SessionToken,
    /// Set when a payment with the same merchant reference was already paid: do not take the
    /// money again.
    pub paid_payment_id: Option<String>,
    pub paid_transaction_id: Option<String>,
}

/// A refund started by `refundPayment`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Refund {
    pub transaction_id: String,
    pub wait_token: String,
}

#[derive(cynic::Enum, Clone, Copy, Debug)]
#[cynic(graphql_type = "SupportedCurrencyEnum")]
pub enum Currency {
    Chf,
    Czk,
    Dkk,
    Eur,
    Gbp,
    Huf,
    Isk,
    Nok,
    Pln,
    Ron,
    Sek,
    Usd,
}

#[derive(cynic::InputObject, Clone, Debug)]
#[cynic(
    graphql_type = "PaymentSessionWithReferenceCheckInput",
    rename_all = "camelCase"
)]
pub struct SessionInput {
    pub amount: i32,
    pub country: Country,
    pub currency: Currency,
    /// ISO-8601 UTC with whole seconds, as the schema's example: `1970-01-01T00:00:00Z`.
    pub expires_at: String,
    pub idempotency_key: String,
    pub merchant_reference: String,
    pub message: String,
}

#[derive(cynic::QueryVariables, Debug)]
pub struct SessionVariables {
    pub payment: SessionInput,
}

#[derive(cynic::QueryFragment, Debug)]
#[cynic(graphql_type = "mutation_root", variables = "SessionVariables")]
pub struct NewSession {
    #[arguments(payment: $payment)]
    pub new_payment_session_with_reference_check: PaymentSessionWithReferenceCheckResult,
}

#[derive(cynic::QueryFragment, Debug)]
pub struct PaymentSessionWithReferenceCheckResult {
    pub token: String,
    pub payment_id: Option<String>,
    pub payment_transaction_id: Option<String>,
}

impl From<NewSession> for PaymentSession {
    fn from(data: NewSession) -> Self {
        let result = data.new_payment_session_with_reference_check;
        PaymentSession {
            token: SessionToken::new(result.token),
            paid_payment_id: result.payment_id,
            paid_transaction_id: result.payment_transaction_id,
        }
    }
}

#[derive(cynic::QueryVariables, Debug)]
pub struct RefundVariables {
    pub payment_id: Option<BigInt>,
    pub amount: i32,
    pub idempotency_key: String,
    pub message: String,
}

#[derive(cynic::QueryFragment, Debug)]
#[cynic(graphql_type = "mutation_root", variables = "RefundVariables")]
pub struct RefundPayment {
    #[arguments(refund: { amount: $amount, message: $message, idempotencyKey: $idempotency_key, paymentId: $payment_id })]
    pub refund_payment: RefundPaymentResult,
}

#[derive(cynic::QueryFragment, Debug)]
pub struct RefundPaymentResult {
    pub refund_transaction_id: String,
    pub wait_token: String,
}

/// The merchant role's `PaymentStatusEnum`: the same values as the session role's (a test
/// compares the two schemas), so it reads into the one public [`PaymentStatus`].
#[derive(Debug, serde::Serialize, serde::Deserialize)]
#[serde(transparent)]
pub struct MerchantPaymentStatus(pub PaymentStatus);

impl cynic::Enum for MerchantPaymentStatus {
    type SchemaType = schema::PaymentStatusEnum;
}
cynic::impl_coercions!(MerchantPaymentStatus, schema::PaymentStatusEnum);

#[derive(cynic::QueryFragment, Debug)]
#[cynic(graphql_type = "CurrentPaymentStatus")]
pub struct MerchantStatus {
    pub status: MerchantPaymentStatus,
    pub entered_at: jiff::Timestamp,
}

/// The merchant role's `SwishDetails` has no `qrCode`: only the session shows the QR code.
#[derive(cynic::QueryFragment, serde::Deserialize, Debug, Default)]
#[cynic(graphql_type = "SwishDetails", no_deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct MerchantSwish {
    pub error_code: Option<String>,
    pub error_message: Option<String>,
}

#[derive(cynic::QueryFragment, Debug)]
#[cynic(graphql_type = "PaymentRequest")]
pub struct MerchantPaymentRequest {
    pub wait_token: Uuid,
    pub status: Option<Vec<MerchantStatus>>,
    pub resulting_payment_id: Option<BigInt>,
    pub transaction_id: String,
    pub amount: BigInt,
    pub transaction_swish_details: Option<Vec<MerchantSwish>>,
}

impl From<MerchantPaymentRequest> for PaymentRequestState {
    fn from(row: MerchantPaymentRequest) -> Self {
        PaymentRequestState {
            wait_token: row.wait_token.0,
            statuses: row
                .status
                .unwrap_or_default()
                .into_iter()
                .map(|s| PaymentStatusEntry {
                    status: s.status.0,
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
                    qr_code: None,
                    error_code: d.error_code,
                    error_message: d.error_message,
                }),
        }
    }
}

/// Variables are bound to one schema's types, so each role has its own.
#[derive(cynic::QueryVariables, Debug, Clone)]
pub struct MerchantWaitTokenVariables {
    pub wait_token: Uuid,
}

#[derive(cynic::QueryFragment, Debug)]
#[cynic(graphql_type = "query_root", variables = "MerchantWaitTokenVariables")]
pub struct MerchantPaymentRequestQuery {
    #[arguments(where: { waitToken: { _eq: $wait_token } })]
    pub payment_requests: Vec<MerchantPaymentRequest>,
}
