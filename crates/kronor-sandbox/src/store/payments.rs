//! The store's payment side: sessions, Swish payment requests and refunds. Same rules as the
//! purchase-order side: one idempotency entry may be held while one other map is touched, and
//! every payment request change is broadcast with its snapshot so each status is pushed.

use std::sync::Arc;

use jiff::Timestamp;
use serde_json::{Value, json};

use super::{Change, Store, StoreError};
use crate::payment_model::{PaymentRequest, PaymentSession, PaymentStatus, Refund, uuid};
use crate::validate::{NewRefund, NewSession, NewSwish};

impl Store {
    fn payment_changed(&self, request: &PaymentRequest) {
        if let Some(db) = &self.db {
            db.save_payment_request(request);
        }
        if self.changes.receiver_count() > 0 {
            self.changed(Change::Payment(Arc::new(request.clone())));
        }
    }

    /// `newPaymentSession`: one session per key; a repeat gets the same token.
    pub(crate) fn create_session(
        &self,
        merchant_id: &str,
        operation: &str,
        new: NewSession,
        input: Value,
        now: Timestamp,
        mint: impl FnOnce(&str, Timestamp) -> String,
    ) -> Result<Value, StoreError> {
        let key = new.idempotency_key.clone();
        self.once(merchant_id, operation, &key, input, || {
            let id = uuid();
            let session = PaymentSession {
                token: mint(&id, new.expires_at),
                id: id.clone(),
                merchant_id: merchant_id.to_owned(),
                amount: new.amount,
                currency: new.currency,
                country: new.country,
                message: new.message,
                merchant_reference: new.merchant_reference,
                merchant_reference2: new.merchant_reference2,
                expires_at: new.expires_at,
                created_at: now,
            };
            if let Some(db) = &self.db {
                db.save_session(&session);
            }
            let token = session.token.clone();
            self.sessions.insert(id, session);
            Ok(json!({ "token": token }))
        })
    }

    /// A live session of this merchant with the same reference(s), amount and currency.
    pub(crate) fn matching_session(
        &self,
        merchant_id: &str,
        new: &NewSession,
        now: Timestamp,
    ) -> Option<PaymentSession> {
        self.sessions
            .iter()
            .filter(|s| {
                s.merchant_id == merchant_id
                    && s.merchant_reference == new.merchant_reference
                    && s.merchant_reference2 == new.merchant_reference2
                    && s.amount == new.amount
                    && s.currency == new.currency
                    && s.expires_at > now
            })
            .max_by_key(|s| s.created_at)
            .map(|s| s.clone())
    }

    /// The PAID payment request for a merchant reference, if there is one.
    pub(crate) fn paid_for_reference(
        &self,
        merchant_id: &str,
        reference: &str,
        reference2: Option<&str>,
    ) -> Option<PaymentRequest> {
        self.payment_requests
            .iter()
            .find(|r| {
                r.merchant_id == merchant_id
                    && r.reference == reference
                    && r.merchant_reference2.as_deref() == reference2
                    && r.status == PaymentStatus::Paid
            })
            .map(|r| r.clone())
    }

    pub(crate) fn session(&self, id: &str) -> Option<PaymentSession> {
        self.sessions.get(id).map(|s| s.clone())
    }

    pub(crate) fn session_count(&self) -> usize {
        self.sessions.len()
    }

    pub(crate) fn payment_request(&self, wait_token: &str) -> Option<PaymentRequest> {
        self.payment_requests.get(wait_token).map(|r| r.clone())
    }

    pub(crate) fn payment_request_count(&self) -> usize {
        self.payment_requests.len()
    }

    pub(crate) fn refund_count(&self) -> usize {
        self.refunds.len()
    }

    pub(crate) fn all_payment_requests(&self) -> Vec<PaymentRequest> {
        self.payment_requests.iter().map(|r| r.clone()).collect()
    }

    /// Rows of the requests `visible` lets through, oldest first.
    pub(crate) fn payment_rows(&self, visible: impl Fn(&PaymentRequest) -> bool) -> Vec<Value> {
        let mut rows: Vec<PaymentRequest> = self
            .payment_requests
            .iter()
            .filter(|r| visible(r))
            .map(|r| r.clone())
            .collect();
        rows.sort_by_key(|r| r.created_at);
        rows.iter().map(|r| self.payment_row(r)).collect()
    }

    pub(crate) fn payment_row(&self, request: &PaymentRequest) -> Value {
        let session = self.session(&request.session_id);
        request.row(session.as_ref())
    }

    /// `newSwishPayment`: once per key; one payment per session unless the last one failed.
    /// Answers the response and, when it was created now, the new request.
    pub(crate) fn create_swish(
        &self,
        session: &PaymentSession,
        new: NewSwish,
        input: Value,
        now: Timestamp,
        deadline: Timestamp,
    ) -> Result<(Value, Option<PaymentRequest>), StoreError> {
        let mut created = None;
        // The session is part of "the same data": one key cannot start payments in two sessions.
        let keyed = json!({ "session": session.id, "pay": input });
        let key = new.idempotency_key.clone();
        let response = self.once(&session.merchant_id, "swish", &key, keyed, || {
            // Held until the new request is in: two keys cannot both start a payment here.
            let _session_lock = self.sessions.get_mut(&session.id);
            if let Some(active) = self
                .payment_requests
                .iter()
                .find(|r| r.session_id == session.id && !r.status.is_failed())
            {
                return Err(StoreError::SessionHasPayment {
                    status: active.status.as_str(),
                });
            }
            let wait_token = uuid();
            let request = PaymentRequest {
                wait_token: wait_token.clone(),
                session_id: session.id.clone(),
                merchant_id: session.merchant_id.clone(),
                amount: session.amount,
                currency: session.currency.clone(),
                message: session.message.clone(),
                reference: session.merchant_reference.clone(),
                merchant_reference2: session.merchant_reference2.clone(),
                transaction_id: format!("swish-{}", self.next_id()),
                flow: new.flow,
                return_url: new.return_url,
                merchant_return_url: new.merchant_return_url,
                created_at: now,
                status: PaymentStatus::Initializing,
                entered_at: now,
                history: vec![(PaymentStatus::Initializing, now)],
                resulting_payment_id: None,
                qr_code: None,
                error_code: None,
                error_message: None,
                date_paid: None,
                deadline,
                refunded: 0,
                version: 1,
                extra_status: None,
            };
            self.payment_requests
                .insert(wait_token.clone(), request.clone());
            self.payment_changed(&request);
            created = Some(request);
            Ok(json!({ "waitToken": wait_token }))
        })?;
        Ok((response, created))
    }

    /// Moves a payment request to `to` if its status passes `allowed`; answers the status it had.
    pub(crate) fn payment_transition(
        &self,
        wait_token: &str,
        allowed: impl Fn(PaymentStatus) -> bool,
        to: PaymentStatus,
        now: Timestamp,
        apply: impl FnOnce(&mut PaymentRequest),
    ) -> Result<PaymentRequest, Option<PaymentStatus>> {
        let request = {
            let mut r = self.payment_requests.get_mut(wait_token).ok_or(None)?;
            if !allowed(r.status) {
                return Err(Some(r.status));
            }
            r.status = to;
            r.entered_at = now;
            r.history.push((to, now));
            r.version += 1;
            r.extra_status = None;
            apply(&mut r);
            r.clone()
        };
        self.payment_changed(&request);
        Ok(request)
    }

    pub(crate) fn set_payment_extra_status(&self, wait_token: &str, status: &str) -> bool {
        let request = {
            let Some(mut r) = self.payment_requests.get_mut(wait_token) else {
                return false;
            };
            r.extra_status = Some(status.to_owned());
            r.version += 1;
            r.clone()
        };
        self.payment_changed(&request);
        true
    }

    /// A cancel, once per key: `pick` chooses the request to cancel; answers its waitToken.
    pub(crate) fn cancel_payment(
        &self,
        merchant_id: &str,
        operation: &str,
        key: &str,
        input: Value,
        now: Timestamp,
        pick: impl FnOnce(&Store) -> Result<String, StoreError>,
    ) -> Result<Value, StoreError> {
        self.once(merchant_id, operation, key, input, || {
            let wait_token = pick(self)?;
            self.payment_transition(
                &wait_token,
                PaymentStatus::is_open,
                PaymentStatus::Cancelled,
                now,
                |_| {},
            )
            .map_err(|status| match status {
                Some(s) => StoreError::PaymentNotOpen { status: s.as_str() },
                None => StoreError::UnknownPayment(wait_token.clone()),
            })?;
            Ok(json!({ "waitToken": wait_token }))
        })
    }

    /// The newest open request `visible` lets through.
    pub(crate) fn open_payment(&self, visible: impl Fn(&PaymentRequest) -> bool) -> Option<String> {
        self.payment_requests
            .iter()
            .filter(|r| r.status.is_open() && visible(r))
            .max_by_key(|r| r.created_at)
            .map(|r| r.wait_token.clone())
    }

    /// `refundPayment`: once per key; 1..(paid − refunded so far).
    pub(crate) fn refund(
        &self,
        merchant_id: &str,
        new: NewRefund,
        input: Value,
        now: Timestamp,
    ) -> Result<Value, StoreError> {
        let key = new.idempotency_key.clone();
        self.once(merchant_id, "refund", &key, input, || {
            let wanted = |r: &PaymentRequest| {
                r.merchant_id == merchant_id
                    && match (new.payment_id, &new.payment_transaction_id) {
                        (Some(id), _) => r.resulting_payment_id == Some(id),
                        (None, Some(t)) => &r.transaction_id == t,
                        (None, None) => false,
                    }
            };
            let unknown = || {
                StoreError::UnknownPayment(match (new.payment_id, &new.payment_transaction_id) {
                    (Some(id), _) => id.to_string(),
                    (None, Some(t)) => t.clone(),
                    (None, None) => String::new(),
                })
            };
            let wait_token = self
                .payment_requests
                .iter()
                .find(|r| wanted(r))
                .map(|r| r.wait_token.clone())
                .ok_or_else(unknown)?;
            let snapshot = {
                let mut r = self
                    .payment_requests
                    .get_mut(&wait_token)
                    .ok_or_else(unknown)?;
                if r.status != PaymentStatus::Paid {
                    return Err(StoreError::PaymentNotPaid {
                        status: r.status.as_str(),
                    });
                }
                let left = r.amount - r.refunded;
                if !(1..=left).contains(&new.amount) {
                    return Err(StoreError::RefundAmount {
                        amount: new.amount,
                        left,
                    });
                }
                r.refunded += new.amount;
                r.version += 1;
                r.clone()
            };
            self.payment_changed(&snapshot);
            let refund = Refund {
                refund_transaction_id: format!("refund-{}", self.next_id()),
                wait_token: uuid(),
                payment_wait_token: wait_token,
                merchant_id: merchant_id.to_owned(),
                amount: new.amount,
                created_at: now,
            };
            if let Some(db) = &self.db {
                db.save_refund(&refund);
            }
            let response = json!({
                "refundTransactionId": refund.refund_transaction_id,
                "waitToken": refund.wait_token,
            });
            self.refunds
                .insert(refund.refund_transaction_id.clone(), refund);
            Ok(response)
        })
    }

    /// Records `input` under a key without replaying a response (the reference check answers
    /// from the current state each time); other data under the same key is refused.
    pub(crate) fn remember_key(
        &self,
        merchant_id: &str,
        operation: &str,
        key: &str,
        input: Value,
    ) -> Result<(), StoreError> {
        self.once(merchant_id, operation, key, input, || Ok(Value::Null))
            .map(|_| ())
    }

    /// Loads the payment side from the database; answers the highest id it holds.
    pub(crate) fn load_payments(
        &self,
        sessions: Vec<PaymentSession>,
        requests: Vec<PaymentRequest>,
        refunds: Vec<Refund>,
    ) -> i64 {
        let seq = |t: &str, prefix: &str| {
            t.strip_prefix(prefix)
                .and_then(|n| n.parse::<i64>().ok())
                .unwrap_or(0)
        };
        let mut max_id = 0;
        for s in sessions {
            self.sessions.insert(s.id.clone(), s);
        }
        for r in requests {
            max_id = max_id
                .max(r.resulting_payment_id.unwrap_or(0))
                .max(seq(&r.transaction_id, "swish-"));
            self.payment_requests.insert(r.wait_token.clone(), r);
        }
        for f in refunds {
            max_id = max_id.max(seq(&f.refund_transaction_id, "refund-"));
            self.refunds.insert(f.refund_transaction_id.clone(), f);
        }
        max_id
    }
}
