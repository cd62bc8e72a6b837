//! The Swish tender's steps: a Kronor payment session (merchant token), a Swish payment
//! request in it (session token), the request followed live until Swish settles it, and its
//! cancel. Paid is final: there is nothing to capture.
//!
//! The session token is kept in memory only. After a restart the session is asked for again
//! with the same key and the same reference (`newPaymentSessionWithReferenceCheck`), so
//! Kronor hands back the same session, or the payment's id if it was paid meanwhile: never a
//! second session, never a second charge.

use jiff::SignedDuration;
use kronor::{NewPaymentSession, PaymentRequestState, PaymentStatus, SessionToken};

use super::drive::Followed;
use super::engine::{Inner, ScaCode, Step, lock};
use super::store::{self, Changes, Checkout};
use super::{CheckoutError, CheckoutState, EventKind, OrderId, keys};

/// How long the payment session stays open: far beyond Swish's own few minutes, so the
/// session never ends before its payment does, and the same for every resend of its key.
const SESSION_LIFETIME: SignedDuration = SignedDuration::from_hours(1);

/// Swish's error code for a payment the customer did not pay in time.
const SWISH_TIMED_OUT: &str = "TM01";

/// What Kronor knows of a checkout's session.
enum Session {
    Open(SessionToken),
    /// A payment with the checkout's reference was paid already: its id.
    Paid(String),
}

/// The text the customer sees in the Swish app: the till's order number in Kronor's
/// characters (letters, digits, space and `:;.,?!()"`), at most 50.
fn message(order_number: &str) -> String {
    let allowed = |c: char| c.is_alphanumeric() || " :;.,?!()\"".contains(c);
    let text: String = format!("Kassa {order_number}")
        .chars()
        .map(|c| if allowed(c) { c } else { ' ' })
        .collect();
    text.chars().take(50).collect()
}

/// The session request of `checkout`: everything derived from what is stored, so a resend
/// after a crash is the identical request under the same key.
fn session_request(checkout: &Checkout) -> Result<NewPaymentSession, CheckoutError> {
    let expires_at = checkout
        .created_at
        .checked_add(SESSION_LIFETIME)
        .map_err(|e| CheckoutError::InvalidOrder(e.to_string()))?;
    Ok(NewPaymentSession {
        amount: checkout.amount().get(),
        expires_at,
        idempotency_key: checkout.idempotency_key.clone(),
        merchant_reference: checkout.order_number.clone(),
        message: message(&checkout.order_number),
    })
}

/// Kronor's names for a payment request's statuses (`WAITING_FOR_PAYMENT`...); unknown ones
/// verbatim.
fn status_names(request: &PaymentRequestState) -> Vec<String> {
    request
        .statuses
        .iter()
        .map(|entry| match &entry.status {
            PaymentStatus::Unknown(name) => name.clone(),
            known => screaming_snake(&format!("{known:?}")),
        })
        .collect()
}

/// `WaitingForPayment` → `WAITING_FOR_PAYMENT`.
fn screaming_snake(name: &str) -> String {
    let mut out = String::with_capacity(name.len() + 4);
    for (i, c) in name.chars().enumerate() {
        if c.is_uppercase() && i > 0 {
            out.push('_');
        }
        out.extend(c.to_uppercase());
    }
    out
}

impl Inner {
    /// The checkout's payment session: the one this run has, or asked for again with the
    /// same key and reference.
    async fn session(&self, checkout: &Checkout) -> Result<Session, CheckoutError> {
        if let Some(token) = lock(&self.sessions).get(&checkout.id) {
            return Ok(Session::Open(token.clone()));
        }
        let session = self
            .client
            .new_payment_session(&session_request(checkout)?)
            .await?;
        if let Some(paid) = session.paid_payment_id {
            return Ok(Session::Paid(paid));
        }
        lock(&self.sessions).insert(checkout.id, session.token.clone());
        Ok(Session::Open(session.token))
    }

    /// Creates the payment session and the Swish payment request (again, after a crash: the
    /// same keys) and stores the request's wait token. The QR code comes with the request's
    /// first status (Swish's token), as [`EventKind::QrReady`].
    pub(super) async fn submit_swish(&self, id: i64) -> Result<Option<ScaCode>, CheckoutError> {
        let checkout = self.load(id)?;
        if checkout.state != CheckoutState::Submitting {
            return Ok(None);
        }
        self.pause(Step::Submitting).await;
        let token = match self.session(&checkout).await {
            Ok(Session::Open(token)) => token,
            Ok(Session::Paid(payment)) => {
                // Paid under this reference before the request was stored: that payment is
                // this sale's.
                self.move_to(
                    &checkout,
                    CheckoutState::AwaitingCustomer,
                    Changes::default(),
                )?;
                self.approve(&checkout, payment)?;
                return Ok(None);
            }
            Err(error) => return Err(self.refused(&checkout, error)),
        };
        self.pause(Step::SessionCreated).await;
        let key = checkout.payment_key.as_deref().ok_or_else(|| {
            CheckoutError::InvalidOrder("the stored Swish checkout has no payment key".into())
        })?;
        let return_url = self.client.config().environment.sca_base();
        let wait_token = match self
            .client
            .new_swish_payment(&token, key, &return_url)
            .await
        {
            Ok(wait_token) => wait_token,
            Err(error) => return Err(self.refused(&checkout, error.into())),
        };
        self.pause(Step::Created).await;
        let changes = Changes {
            wait_token: Some(wait_token),
            ..Changes::default()
        };
        self.move_to(&checkout, CheckoutState::AwaitingCustomer, changes)?;
        Ok(None)
    }

    /// A create that Kronor refused for good is stored as failed (and shown with Kronor's
    /// words); one that may go through later is left for the retry.
    fn refused(&self, checkout: &Checkout, error: CheckoutError) -> CheckoutError {
        if !error.is_retryable() {
            let reason = error.to_string();
            if let Err(store_error) = self.move_to(
                checkout,
                CheckoutState::Failed { reason },
                Changes::default(),
            ) {
                return store_error;
            }
        }
        error
    }

    /// Follows the payment request until Swish settles it. A stream that ends without a final
    /// status is checked with a direct lookup; a session Kronor no longer gives out (expired
    /// long after a crash) is looked up with the merchant token.
    pub(super) async fn track_swish(&self, checkout: &Checkout) -> Result<(), CheckoutError> {
        self.pause(Step::Awaiting).await;
        let Some(wait_token) = checkout.wait_token.clone() else {
            return Err(CheckoutError::InvalidOrder(
                "the stored Swish payment has no wait token".into(),
            ));
        };
        if checkout.cancel_requested {
            // Cancel was pressed while the request was in flight.
            self.cancel_swish(checkout).await?;
            if self.load(checkout.id)?.state.is_final() {
                return Ok(());
            }
        }
        let token = match self.session(checkout).await {
            Ok(Session::Open(token)) => token,
            Ok(Session::Paid(payment)) => return self.approve(checkout, payment),
            Err(error) if error.is_retryable() => return Err(error),
            Err(error) => {
                tracing::warn!(%error, "Swish session not given again; asking as the merchant");
                return self.look_up_as_merchant(checkout, &wait_token).await;
            }
        };
        let mut qr_known = checkout.swish_qr.is_some();
        let watch = self.client.watch_payment_request(&token, &wait_token);
        let followed = self
            .follow(checkout, watch, status_names, |request| {
                if !qr_known {
                    qr_known = self.qr_arrived(checkout, request)?;
                }
                self.settle_swish(checkout, request)
            })
            .await?;
        if followed == Followed::Done {
            return Ok(());
        }
        match self.client.payment_request(&token, &wait_token).await? {
            Some(request) => {
                if !qr_known {
                    self.qr_arrived(checkout, &request)?;
                }
                if self.settle_swish(checkout, &request)? {
                    return Ok(());
                }
                Err(stream_ended())
            }
            None => Err(stream_ended()),
        }
    }

    async fn look_up_as_merchant(
        &self,
        checkout: &Checkout,
        wait_token: &str,
    ) -> Result<(), CheckoutError> {
        match self.client.payment_request_as_merchant(wait_token).await? {
            Some(request) if self.settle_swish(checkout, &request)? => Ok(()),
            _ => Err(stream_ended()),
        }
    }

    /// Stores Swish's QR token the first time the request has one and tells the screen;
    /// `Ok(true)` once it is known.
    fn qr_arrived(
        &self,
        checkout: &Checkout,
        request: &PaymentRequestState,
    ) -> Result<bool, CheckoutError> {
        let (Some(qr), Some(wait_token)) = (request.qr_code(), checkout.wait_token.as_deref())
        else {
            return Ok(false);
        };
        self.with_db(|db| store::set_swish_qr(db, checkout.id, qr))?;
        let code = self.swish_code(checkout.id, qr, wait_token)?;
        self.emit(
            checkout,
            EventKind::QrReady {
                sca_url: code.url,
                svg: code.svg,
            },
        );
        Ok(true)
    }

    fn approve(&self, checkout: &Checkout, payment: String) -> Result<(), CheckoutError> {
        let changes = Changes {
            purchase_id: Some(payment),
            ..Changes::default()
        };
        self.move_to(checkout, CheckoutState::Approved, changes)?;
        Ok(())
    }

    /// Stores what a final Swish status means; `Ok(true)` once the payment is settled (or the
    /// checkout moved on meanwhile).
    fn settle_swish(
        &self,
        checkout: &Checkout,
        request: &PaymentRequestState,
    ) -> Result<bool, CheckoutError> {
        if request.is_paid() {
            let Some(payment) = &request.resulting_payment_id else {
                return Ok(false); // paid but no payment id yet: wait for it
            };
            self.approve(checkout, payment.to_string())?;
            return Ok(true);
        }
        let to = if request.has(&PaymentStatus::Declined) {
            CheckoutState::Rejected
        } else if request.has(&PaymentStatus::Error) {
            match request.error_code() {
                Some(SWISH_TIMED_OUT) => CheckoutState::Expired,
                code => CheckoutState::Failed {
                    reason: swish_error(code, request),
                },
            }
        } else if request.has(&PaymentStatus::Cancelled) {
            self.cancelled_at_kronor(checkout)?
        } else {
            return Ok(false);
        };
        self.move_to(checkout, to, Changes::default())?;
        Ok(true)
    }

    /// Cancels the Swish payment (`cancelPayment` with the session token). When Kronor refuses
    /// (the customer paid a moment before) or no answer came, the payment's real status
    /// decides, so a paid sale is registered as usual.
    pub(super) async fn cancel_swish(&self, checkout: &Checkout) -> Result<(), CheckoutError> {
        let Some(wait_token) = checkout.wait_token.clone() else {
            return Ok(()); // no request yet: the driver cancels once it is stored
        };
        let token = match self.session(checkout).await? {
            Session::Open(token) => token,
            Session::Paid(payment) => return self.approve(checkout, payment),
        };
        let order = OrderId::parse(&checkout.order_id)?;
        let key = keys::cancel_key(&checkout.register_id, &order);
        match self.client.cancel_payment(&token, &key).await {
            Ok(()) => {
                self.move_to(checkout, CheckoutState::Cancelled, Changes::default())?;
                Ok(())
            }
            Err(error)
                if error.is_retryable()
                    && !matches!(error, kronor::Error::OutcomeUnknown { .. }) =>
            {
                Err(error.into())
            }
            Err(error) => {
                tracing::info!(%error, "Swish cancel not accepted; reading the payment");
                if let Some(request) = self.client.payment_request(&token, &wait_token).await? {
                    self.settle_swish(checkout, &request)?;
                }
                Ok(())
            }
        }
    }
}

fn stream_ended() -> CheckoutError {
    kronor::Error::Temporary {
        message: "the Swish payment's status stream ended before it was settled".into(),
    }
    .into()
}

/// Why Swish ended a payment in error, in words for the cashier.
fn swish_error(code: Option<&str>, request: &PaymentRequestState) -> String {
    let detail = request
        .swish
        .as_ref()
        .and_then(|s| s.error_message.clone())
        .unwrap_or_else(|| "Swish ended the payment with an error".to_owned());
    match code {
        Some(code) => format!("{detail} ({code})"),
        None => detail,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_message_keeps_to_kronors_characters_and_length() {
        assert_eq!(message("KASSA-1-000042"), "Kassa KASSA 1 000042");
        assert_eq!(message(&"Å_".repeat(40)).chars().count(), 50);
        assert!(
            message("a-b_c/d")
                .chars()
                .all(|c| c.is_alphanumeric() || c == ' ')
        );
    }

    #[test]
    fn status_names_are_kronors() {
        assert_eq!(screaming_snake("WaitingForPayment"), "WAITING_FOR_PAYMENT");
        assert_eq!(screaming_snake("Paid"), "PAID");
    }
}
