//! Payment sessions, payment requests (Swish) and refunds as the sandbox keeps them, and their
//! rows as `PaymentRequest` shows them. One row serves both roles: each role's schema only lets
//! its own fields be asked for (the merchant's has no `session` nor `qrCode`).

use jiff::Timestamp;
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use crate::clock::wire_timestamp;

/// `PaymentStatusEnum` values a Swish payment request passes through.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum PaymentStatus {
    Initializing,
    WaitingForPayment,
    Paid,
    Declined,
    Error,
    Cancelled,
}

impl PaymentStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            PaymentStatus::Initializing => "INITIALIZING",
            PaymentStatus::WaitingForPayment => "WAITING_FOR_PAYMENT",
            PaymentStatus::Paid => "PAID",
            PaymentStatus::Declined => "DECLINED",
            PaymentStatus::Error => "ERROR",
            PaymentStatus::Cancelled => "CANCELLED",
        }
    }

    /// Not finished yet: cancellable, can time out.
    pub fn is_open(self) -> bool {
        matches!(
            self,
            PaymentStatus::Initializing | PaymentStatus::WaitingForPayment
        )
    }

    /// Ended without money moving: the session may start another payment.
    pub fn is_failed(self) -> bool {
        matches!(
            self,
            PaymentStatus::Declined | PaymentStatus::Error | PaymentStatus::Cancelled
        )
    }
}

/// Created by `newPaymentSession`; its token is the payment-gateway JWT.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct PaymentSession {
    pub id: String,
    pub merchant_id: String,
    pub amount: i64,
    pub currency: String,
    pub country: Option<String>,
    pub message: String,
    pub merchant_reference: String,
    pub merchant_reference2: Option<String>,
    pub expires_at: Timestamp,
    pub created_at: Timestamp,
    pub token: String,
}

impl PaymentSession {
    pub fn row(&self) -> Value {
        json!({
            "amount": self.amount,
            "country": self.country,
            "createdAt": wire_timestamp(self.created_at),
            "currency": self.currency,
            "id": self.id,
            "message": self.message,
            "saveCardDetails": false,
        })
    }
}

/// One Swish payment attempt inside a session.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct PaymentRequest {
    /// A uuid, as Kronor's `waitToken: uuid!`; also the key the store keeps it under.
    pub wait_token: String,
    pub session_id: String,
    pub merchant_id: String,
    pub amount: i64,
    pub currency: String,
    pub message: String,
    pub reference: String,
    pub merchant_reference2: Option<String>,
    pub transaction_id: String,
    pub flow: String,
    pub return_url: String,
    pub merchant_return_url: Option<String>,
    pub created_at: Timestamp,
    pub status: PaymentStatus,
    pub entered_at: Timestamp,
    /// Every status passed through, oldest first.
    pub history: Vec<(PaymentStatus, Timestamp)>,
    pub resulting_payment_id: Option<i64>,
    pub qr_code: Option<String>,
    pub error_code: Option<String>,
    pub error_message: Option<String>,
    pub date_paid: Option<Timestamp>,
    /// When an unpaid request ends as ERROR/TM01.
    pub deadline: Timestamp,
    /// Sum of refunds so far (minor units).
    pub refunded: i64,
    /// Bumped on every change, so a live query never goes back to an older snapshot.
    pub version: u64,
    /// A status Kronor might add later, until the next transition.
    pub extra_status: Option<String>,
}

impl PaymentRequest {
    pub fn row(&self, session: Option<&PaymentSession>) -> Value {
        let entered = wire_timestamp(self.entered_at);
        let mut status = vec![json!({"status": self.status.as_str(), "enteredAt": entered})];
        if let Some(extra) = &self.extra_status {
            status.push(json!({"status": extra, "enteredAt": entered}));
        }
        let history: Vec<Value> = self
            .history
            .iter()
            .map(|(s, at)| json!({"status": s.as_str(), "enteredAt": wire_timestamp(*at)}))
            .collect();
        json!({
            "amount": self.amount,
            "createdAt": wire_timestamp(self.created_at),
            "currency": self.currency,
            "merchantReference2": self.merchant_reference2,
            "merchantReturnUrl": self.merchant_return_url,
            "message": self.message,
            "paymentFlow": self.flow,
            "paymentProvider": "SWISH",
            "reference": self.reference,
            "resultingPaymentId": self.resulting_payment_id,
            "session": session.map(PaymentSession::row),
            "status": status,
            "statusHistory": history,
            "transactionId": self.transaction_id,
            "transactionSwishDetails": [{
                "amount": self.amount,
                "bankPaymentReference": self.resulting_payment_id.map(|id| format!("SANDBOX{id}")),
                "customerSwishNumber": null,
                "dateCreated": wire_timestamp(self.created_at),
                "datePaid": self.date_paid.map(wire_timestamp),
                "errorCode": self.error_code,
                "errorMessage": self.error_message,
                "qrCode": self.qr_code,
                "returnUrl": self.return_url,
            }],
            "waitToken": self.wait_token,
        })
    }
}

/// A refund of (part of) a paid payment request.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Refund {
    pub refund_transaction_id: String,
    pub wait_token: String,
    pub payment_wait_token: String,
    pub merchant_id: String,
    pub amount: i64,
    pub created_at: Timestamp,
}

/// A random uuid (v4 layout), for waitTokens and session ids.
pub(crate) fn uuid() -> String {
    let mut b = [0u8; 16];
    if getrandom::fill(&mut b).is_err() {
        let nanos = Timestamp::now().as_nanosecond().to_le_bytes();
        for (i, x) in b.iter_mut().enumerate() {
            *x = nanos[i % nanos.len()] ^ (i as u8).wrapping_mul(37);
        }
    }
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    let h: String = b.iter().map(|x| format!("{x:02x}")).collect();
    format!(
        "{}-{}-{}-{}-{}",
        &h[0..8],
        &h[8..12],
        &h[12..16],
        &h[16..20],
        &h[20..32]
    )
}

/// A Swish-like QR token: 32 random hex digits (Swish's own are opaque strings of this size).
pub(crate) fn qr_token() -> String {
    uuid().replace('-', "")
}
