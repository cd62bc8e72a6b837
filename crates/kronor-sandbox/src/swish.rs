//! The Swish payment lifecycle: sessions (merchant token), Swish payments in a session (session
//! token), the automatic INITIALIZING → WAITING_FOR_PAYMENT step (a QR token appears), the
//! customer's answer in the simulated Swish app (PAID | DECLINED), the timeout (ERROR, TM01),
//! cancel and refund. Like the purchase-order lifecycle, automatic steps run as spawned tasks
//! right away and timers run on the sandbox clock.

use std::sync::Arc;

use serde_json::{Value, json};

use crate::engine::{CreateError, Engine};
use crate::payment_model::{PaymentRequest, PaymentStatus, qr_token};
use crate::store::StoreError;
use crate::validate;

/// What the customer does in the (simulated) Swish app.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SwishDecision {
    Pay,
    Decline,
}

/// Why a Swish decision could not be applied.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SwishError {
    #[error("payment request {0:?} not found")]
    UnknownPayment(String),
    #[error("payment request is {status}, it is not waiting for payment")]
    NotWaitingForPayment { status: String },
}

/// Swish's code and text for "the customer never answered".
const TIMEOUT_CODE: &str = "TM01";
const TIMEOUT_MESSAGE: &str = "Swish timed out before the payment was started";

impl Engine {
    /// `newPaymentSession`: validated, once per key; answers `{token}`.
    pub(crate) fn new_session(
        &self,
        merchant_id: &str,
        input: Value,
    ) -> Result<Value, CreateError> {
        let input = crate::model::without_nulls(input);
        let now = self.clock.now();
        let new = validate::new_session(&input, now).map_err(CreateError::Invalid)?;
        self.store
            .create_session(merchant_id, "session", new, input, now, |id, exp| {
                self.tokens.mint_session(id, exp)
            })
            .map_err(CreateError::Store)
    }

    /// `newPaymentSessionWithReferenceCheck`: the live session with the same reference(s),
    /// amount and currency if there is one (else a new one), plus the paid payment's ids once
    /// a payment for that reference is PAID. Answered from the current state every time (so a
    /// repeat sees the payment once it is paid); a key reused with other data is refused.
    pub(crate) fn new_session_with_reference_check(
        &self,
        merchant_id: &str,
        input: Value,
    ) -> Result<Value, CreateError> {
        let input = crate::model::without_nulls(input);
        let now = self.clock.now();
        let new = validate::new_session(&input, now).map_err(CreateError::Invalid)?;
        self.store
            .remember_key(
                merchant_id,
                "session-reference-check",
                &new.idempotency_key,
                input.clone(),
            )
            .map_err(CreateError::Store)?;
        let token = match self.store.matching_session(merchant_id, &new, now) {
            Some(session) => session.token,
            None => {
                let created = self
                    .store
                    .create_session(
                        merchant_id,
                        "session",
                        new.clone(),
                        input,
                        now,
                        |id, exp| self.tokens.mint_session(id, exp),
                    )
                    .map_err(CreateError::Store)?;
                created["token"].as_str().unwrap_or_default().to_owned()
            }
        };
        let paid = self.store.paid_for_reference(
            merchant_id,
            &new.merchant_reference,
            new.merchant_reference2.as_deref(),
        );
        Ok(json!({
            "token": token,
            "paymentId": paid.as_ref().and_then(|p| p.resulting_payment_id).map(|id| id.to_string()),
            "paymentTransactionId": paid.map(|p| p.transaction_id),
        }))
    }

    /// `newSwishPayment` in the caller's session; answers `{waitToken}`.
    pub(crate) fn new_swish(
        self: &Arc<Self>,
        session_id: &str,
        input: Value,
    ) -> Result<Value, CreateError> {
        let input = crate::model::without_nulls(input);
        let new = validate::new_swish(&input).map_err(CreateError::Invalid)?;
        let session = self
            .store
            .session(session_id)
            .ok_or_else(|| CreateError::Store(StoreError::UnknownSession(session_id.to_owned())))?;
        let now = self.clock.now();
        let timeout =
            jiff::SignedDuration::try_from(self.swish_timeout).unwrap_or(jiff::SignedDuration::MAX);
        let deadline = now.checked_add(timeout).unwrap_or(jiff::Timestamp::MAX);
        let (response, created) = self
            .store
            .create_swish(&session, new, input, now, deadline)
            .map_err(CreateError::Store)?;
        if let Some(request) = created {
            self.start_swish(&request);
        }
        Ok(response)
    }

    /// Runs whatever a request is due for: the automatic step, and its timeout (also after a
    /// restart).
    pub(crate) fn start_swish(self: &Arc<Self>, request: &PaymentRequest) {
        if !request.status.is_open() {
            return;
        }
        if request.status == PaymentStatus::Initializing {
            let engine = self.clone();
            let token = request.wait_token.clone();
            self.runtime.spawn(async move { engine.to_waiting(&token) });
        }
        let engine = self.clone();
        let token = request.wait_token.clone();
        let deadline = request.deadline;
        let mut stop = self.shutdown.subscribe();
        self.runtime.spawn(async move {
            tokio::select! {
                _ = engine.clock.sleep_until(deadline) => {
                    let now = engine.clock.now();
                    let _ = engine.store.payment_transition(
                        &token,
                        PaymentStatus::is_open,
                        PaymentStatus::Error,
                        now,
                        |r| {
                            r.error_code = Some(TIMEOUT_CODE.to_owned());
                            r.error_message = Some(TIMEOUT_MESSAGE.to_owned());
                        },
                    );
                }
                _ = crate::shutdown::stopped(&mut stop) => {}
            }
        });
    }

    /// INITIALIZING → WAITING_FOR_PAYMENT with a fresh QR token; a no-op once past it.
    fn to_waiting(&self, wait_token: &str) {
        let now = self.clock.now();
        let _ = self.store.payment_transition(
            wait_token,
            |s| s == PaymentStatus::Initializing,
            PaymentStatus::WaitingForPayment,
            now,
            |r| r.qr_code = Some(qr_token()),
        );
    }

    /// Same effect as the Swish page's buttons. A request still INITIALIZING first takes its
    /// automatic step, so the history always shows WAITING_FOR_PAYMENT.
    pub(crate) fn decide_swish(
        &self,
        wait_token: &str,
        decision: SwishDecision,
    ) -> Result<(), SwishError> {
        self.to_waiting(wait_token);
        let now = self.clock.now();
        let waiting = |s| s == PaymentStatus::WaitingForPayment;
        let result = match decision {
            SwishDecision::Pay => {
                let payment_id = self.store.next_id();
                self.store
                    .payment_transition(wait_token, waiting, PaymentStatus::Paid, now, |r| {
                        r.resulting_payment_id = Some(payment_id);
                        r.date_paid = Some(now);
                    })
            }
            SwishDecision::Decline => self.store.payment_transition(
                wait_token,
                waiting,
                PaymentStatus::Declined,
                now,
                |r| {
                    r.error_code = Some("RF07".to_owned());
                    r.error_message = Some("Transaction declined".to_owned());
                },
            ),
        };
        result.map(|_| ()).map_err(|status| match status {
            Some(s) => SwishError::NotWaitingForPayment {
                status: s.as_str().to_owned(),
            },
            None => SwishError::UnknownPayment(wait_token.to_owned()),
        })
    }

    /// Session `cancelPayment`: the session's open payment.
    pub(crate) fn cancel_session_payment(
        &self,
        session_id: &str,
        input: Value,
    ) -> Result<Value, CreateError> {
        let input = crate::model::without_nulls(input);
        let key = validate::key_of(&input).map_err(CreateError::Invalid)?;
        let merchant_id = self.session_merchant(session_id)?;
        let keyed = json!({ "session": session_id, "cancel": input });
        self.store
            .cancel_payment(
                &merchant_id,
                "cancel-payment",
                &key,
                keyed,
                self.clock.now(),
                |store| {
                    store
                        .open_payment(|r| r.session_id == session_id)
                        .ok_or(StoreError::NoOpenPayment)
                },
            )
            .map_err(CreateError::Store)
    }

    /// Merchant `cancelPayment`: the newest open payment whose reference is `paymentReference`.
    pub(crate) fn cancel_merchant_payment(
        &self,
        merchant_id: &str,
        input: Value,
    ) -> Result<Value, CreateError> {
        let input = crate::model::without_nulls(input);
        let key = validate::key_of(&input).map_err(CreateError::Invalid)?;
        let reference = input
            .get("paymentReference")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_owned();
        self.store
            .cancel_payment(
                merchant_id,
                "cancel-payment",
                &key,
                input,
                self.clock.now(),
                |store| {
                    store
                        .open_payment(|r| r.merchant_id == merchant_id && r.reference == reference)
                        .ok_or(StoreError::NoOpenPayment)
                },
            )
            .map_err(CreateError::Store)
    }

    /// `cancelSwishPayment`: `paymentId` is the payment request's waitToken (or transactionId).
    /// A session may cancel its own; the merchant any of its own whose reference matches
    /// `paymentReference` when that is given.
    pub(crate) fn cancel_swish(
        &self,
        merchant_id: &str,
        session_id: Option<&str>,
        input: Value,
    ) -> Result<Value, CreateError> {
        let input = crate::model::without_nulls(input);
        let key = validate::key_of(&input).map_err(CreateError::Invalid)?;
        let payment_id = input
            .get("paymentId")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_owned();
        let reference = input
            .get("paymentReference")
            .and_then(Value::as_str)
            .map(str::to_owned);
        let keyed = json!({ "session": session_id, "pay": input });
        self.store
            .cancel_payment(
                merchant_id,
                "cancel-swish",
                &key,
                keyed,
                self.clock.now(),
                |store| {
                    let found = store
                        .payment_request(&payment_id)
                        .or_else(|| {
                            store
                                .all_payment_requests()
                                .into_iter()
                                .find(|r| r.transaction_id == payment_id)
                        })
                        .filter(|r| {
                            r.merchant_id == merchant_id
                                && session_id.is_none_or(|s| r.session_id == s)
                                && reference.as_ref().is_none_or(|x| &r.reference == x)
                        });
                    found
                        .map(|r| r.wait_token)
                        .ok_or_else(|| StoreError::UnknownPayment(payment_id.clone()))
                },
            )
            .map_err(CreateError::Store)
    }

    /// `refundPayment` (merchant).
    pub(crate) fn refund(&self, merchant_id: &str, input: Value) -> Result<Value, CreateError> {
        let input = crate::model::without_nulls(input);
        let new = validate::new_refund(&input).map_err(CreateError::Invalid)?;
        self.store
            .refund(merchant_id, new, input, self.clock.now())
            .map_err(CreateError::Store)
    }

    pub(crate) fn session_merchant(&self, session_id: &str) -> Result<String, CreateError> {
        self.store
            .session(session_id)
            .map(|s| s.merchant_id)
            .ok_or_else(|| CreateError::Store(StoreError::UnknownSession(session_id.to_owned())))
    }

    /// Picks up automatic steps and timers for payment requests loaded from the database.
    pub(crate) fn resume_swish(self: &Arc<Self>) {
        for request in self.store.all_payment_requests() {
            self.start_swish(&request);
        }
    }
}
