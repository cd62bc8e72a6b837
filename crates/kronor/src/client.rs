//! The public client: one method per thing the till asks Kronor.

use crate::http::Http;
use crate::operations::capture::{CaptureAll, CaptureAllVariables};
use crate::operations::create::Country;
use crate::operations::create::{
    CreateVariables, CreateWithInvoice, CreatedPurchaseOrder, NewPurchaseOrder,
};
use crate::operations::instalments::{CreateWithInstalments, InstalmentsVariables};
use crate::operations::payment_request::{
    CancelPayment, CancelPaymentVariables, NewSwishPayment, PaymentRequestQuery,
    PaymentRequestState, SwishPaymentInput, SwishVariables, WaitTokenVariables,
};
use crate::operations::payment_session::{
    Currency, MerchantPaymentRequestQuery, MerchantWaitTokenVariables, NewPaymentSession,
    NewSession, PaymentSession, Refund, RefundPayment, RefundVariables, SessionInput,
    SessionVariables,
};
use crate::operations::purchase_order::{
    CancelPurchaseOrder, CancelVariables, OrderIdVariables, PurchaseOrderQuery, PurchaseOrderState,
};
use crate::operations::purchases::{
    ByIdVariables, ByReferenceVariables, Purchase, PurchasesById, PurchasesByReference,
};
use crate::operations::refund::{ReturnAll, ReturnAllVariables};
use crate::scalars::Uuid;
use crate::token::{Credential, SessionToken};
use crate::watch::{
    self, PaymentRequestTarget, PaymentRequestWatch, PurchaseOrderTarget, PurchaseOrderWatch,
    Target, Watch, Watcher,
};
use crate::ws::Endpoint;
use crate::{BigInt, ClientConfig, Error, WaitToken};
use cynic::{MutationBuilder, QueryBuilder};
use std::sync::Arc;
use url::Url;

/// A Kronor client. Cheap to clone; clones share one connection pool.
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
}

struct Inner {
    config: ClientConfig,
    http: Arc<Http>,
    ws_tls: Arc<rustls::ClientConfig>,
}

impl Client {
    pub fn new(config: ClientConfig) -> Result<Self, Error> {
        let tls = crate::tls::client_config()?;
        let ws_tls = Arc::new(crate::tls::websocket_config(&tls));
        let http = Arc::new(Http::new(&config, tls)?);
        Ok(Client {
            inner: Arc::new(Inner {
                config,
                http,
                ws_tls,
            }),
        })
    }

    pub fn config(&self) -> &ClientConfig {
        &self.inner.config
    }

    /// Creates a purchase order with invoice (`newPurchaseOrderWithInvoice`). Retried on
    /// transient failures with the same idempotency key, so it happens at most once.
    pub async fn create_purchase_order(
        &self,
        order: &NewPurchaseOrder,
    ) -> Result<CreatedPurchaseOrder, Error> {
        check_idempotency_key(&order.idempotency_key)?;
        let operation = CreateWithInvoice::build(CreateVariables {
            purchase: order.clone(),
        });
        let data = self
            .inner
            .http
            .run(&operation, Credential::Merchant)
            .await?;
        Ok(data.into())
    }

    /// Creates a purchase order paid in instalments (`newPurchaseOrderWithInstalments`); same
    /// order, same retry rules as [`Client::create_purchase_order`].
    pub async fn create_purchase_order_with_instalments(
        &self,
        order: &NewPurchaseOrder,
    ) -> Result<CreatedPurchaseOrder, Error> {
        check_idempotency_key(&order.idempotency_key)?;
        let operation = CreateWithInstalments::build(InstalmentsVariables {
            purchase: order.clone().into(),
        });
        let data = self
            .inner
            .http
            .run(&operation, Credential::Merchant)
            .await?;
        Ok(data.into())
    }

    /// The order's current state with the merchant token; `None` if Kronor has no such order.
    pub async fn purchase_order(&self, id: &str) -> Result<Option<PurchaseOrderState>, Error> {
        self.read_purchase_order(id, Credential::Merchant).await
    }

    /// The order's current state read with its wait token (what a browser or phone could do).
    pub async fn purchase_order_with_wait_token(
        &self,
        id: &str,
        wait_token: &WaitToken,
    ) -> Result<Option<PurchaseOrderState>, Error> {
        self.read_purchase_order(id, Credential::Wait(wait_token))
            .await
    }

    async fn read_purchase_order(
        &self,
        id: &str,
        credential: Credential<'_>,
    ) -> Result<Option<PurchaseOrderState>, Error> {
        let operation = PurchaseOrderQuery::build(OrderIdVariables { id: id.to_owned() });
        let data = self.inner.http.run(&operation, credential).await?;
        Ok(data.purchase_orders.into_iter().next())
    }

    /// Follows the order live; see [`PurchaseOrderWatch`]. Must be called inside a tokio runtime.
    pub fn watch_purchase_order(&self, id: &str, wait_token: &WaitToken) -> PurchaseOrderWatch {
        self.watch(PurchaseOrderTarget {
            order_id: id.to_owned(),
            wait_token: wait_token.clone(),
        })
    }

    fn watch<W: Target>(&self, target: W) -> Watch<W::State> {
        let config = &self.inner.config;
        watch::spawn(Watcher {
            http: self.inner.http.clone(),
            endpoint: Endpoint {
                url: config.environment.ws_url(),
                protocol: config.subscription_protocol,
                user_agent: config.user_agent.clone(),
                connect_timeout: config.connect_timeout,
                idle_timeout: config.subscription_idle_timeout,
                tls: self.inner.ws_tls.clone(),
            },
            retry: config.retry.clone(),
            sleeper: config.sleeper.clone(),
            target,
        })
    }

    /// Cancels a checkout that has not completed (`purchaseOrderCancel`); `true` if it was
    /// cancelled.
    pub async fn cancel_purchase_order(&self, id: &str) -> Result<bool, Error> {
        let operation = CancelPurchaseOrder::build(CancelVariables {
            purchase_order_id: id.to_owned(),
        });
        let data = self
            .inner
            .http
            .run(&operation, Credential::Merchant)
            .await?;
        Ok(data.purchase_order_cancel.result)
    }

    /// Completed purchases carrying the till's reference (empty until the checkout succeeds).
    pub async fn purchases_by_reference(
        &self,
        merchant_reference: &str,
    ) -> Result<Vec<Purchase>, Error> {
        let operation = PurchasesByReference::build(ByReferenceVariables {
            reference: merchant_reference.to_owned(),
        });
        Ok(self
            .inner
            .http
            .run(&operation, Credential::Merchant)
            .await?
            .purchases)
    }

    /// A purchase by Kronor's id (`resultingPurchaseId`).
    pub async fn purchase_by_id(&self, id: BigInt) -> Result<Option<Purchase>, Error> {
        let operation = PurchasesById::build(ByIdVariables { id: Some(id) });
        Ok(self
            .inner
            .http
            .run(&operation, Credential::Merchant)
            .await?
            .purchases
            .into_iter()
            .next())
    }

    /// Captures the whole purchase (`newPurchaseCaptureAll`); returns the capture id.
    pub async fn capture_all(
        &self,
        purchase_id: BigInt,
        idempotency_key: &str,
        description: Option<&str>,
    ) -> Result<BigInt, Error> {
        check_idempotency_key(idempotency_key)?;
        let operation = CaptureAll::build(CaptureAllVariables {
            purchase_id,
            idempotency_key: idempotency_key.to_owned(),
            description: description.map(str::to_owned),
        });
        let data = self
            .inner
            .http
            .run(&operation, Credential::Merchant)
            .await?;
        Ok(data.new_purchase_capture_all.capture_id)
    }

    /// Returns (refunds) the whole purchase (`newPurchaseReturnAll`); returns the return id.
    pub async fn return_all(
        &self,
        purchase_id: BigInt,
        idempotency_key: &str,
        reason: Option<&str>,
    ) -> Result<BigInt, Error> {
        check_idempotency_key(idempotency_key)?;
        let operation = ReturnAll::build(ReturnAllVariables {
            purchase_id,
            idempotency_key: idempotency_key.to_owned(),
            reason: reason.map(str::to_owned),
        });
        let data = self
            .inner
            .http
            .run(&operation, Credential::Merchant)
            .await?;
        Ok(data.new_purchase_return_all.return_id)
    }

    /// Opens a payment session for one sale (`newPaymentSessionWithReferenceCheck`, merchant
    /// token), in SEK for Sweden. Asking again with the same merchant reference (a till that
    /// crashed) returns the same session, or the id of the payment already made
    /// ([`PaymentSession::paid_payment_id`]). Retried on transient failures with the same key.
    pub async fn new_payment_session(
        &self,
        session: &NewPaymentSession,
    ) -> Result<PaymentSession, Error> {
        check_idempotency_key(&session.idempotency_key)?;
        check_payment_message(&session.message)?;
        let amount = check_amount(session.amount)?;
        let reference = session.merchant_reference.chars().count();
        if reference == 0 || reference > 64 {
            return Err(Error::validation(format!(
                "merchant reference must be 1 to 64 characters, got {reference}"
            )));
        }
        let operation = NewSession::build(SessionVariables {
            payment: SessionInput {
                amount,
                country: Country::Se,
                currency: Currency::Sek,
                expires_at: session
                    .expires_at
                    .strftime("%Y-%m-%dT%H:%M:%SZ")
                    .to_string(),
                idempotency_key: session.idempotency_key.clone(),
                merchant_reference: session.merchant_reference.clone(),
                message: session.message.clone(),
            },
        });
        let data = self
            .inner
            .http
            .run(&operation, Credential::Merchant)
            .await?;
        Ok(data.into())
    }

    /// Starts a Swish payment in the session (`newSwishPayment`, flow `mcom`, session token):
    /// the customer's phone pays from a QR code. Returns the payment request's wait token,
    /// which [`Client::watch_payment_request`] follows.
    pub async fn new_swish_payment(
        &self,
        session: &SessionToken,
        idempotency_key: &str,
        return_url: &Url,
    ) -> Result<String, Error> {
        check_idempotency_key(idempotency_key)?;
        let operation = NewSwishPayment::build(SwishVariables {
            pay: SwishPaymentInput {
                flow: "mcom".to_owned(),
                idempotency_key: idempotency_key.to_owned(),
                return_url: return_url.to_string(),
            },
        });
        let data = self
            .inner
            .http
            .run(&operation, Credential::Session(session))
            .await?;
        Ok(data.new_swish_payment.wait_token)
    }

    /// The payment request's current state, read with the session token (the only role that
    /// sees the QR code); `None` if this session has no such request.
    pub async fn payment_request(
        &self,
        session: &SessionToken,
        wait_token: &str,
    ) -> Result<Option<PaymentRequestState>, Error> {
        let operation = PaymentRequestQuery::build(WaitTokenVariables {
            wait_token: Uuid(wait_token.to_owned()),
        });
        let data = self
            .inner
            .http
            .run(&operation, Credential::Session(session))
            .await?;
        Ok(data.payment_requests.into_iter().next().map(Into::into))
    }

    /// The payment request's current state read with the merchant token, for a till that lost
    /// its session (a restart). Has no QR code (the merchant role cannot read it).
    pub async fn payment_request_as_merchant(
        &self,
        wait_token: &str,
    ) -> Result<Option<PaymentRequestState>, Error> {
        let operation = MerchantPaymentRequestQuery::build(MerchantWaitTokenVariables {
            wait_token: Uuid(wait_token.to_owned()),
        });
        let data = self
            .inner
            .http
            .run(&operation, Credential::Merchant)
            .await?;
        Ok(data.payment_requests.into_iter().next().map(Into::into))
    }

    /// Follows a payment request live with the session token, with the same reconnect and
    /// polling fallback as [`Client::watch_purchase_order`]; see [`PaymentRequestWatch`]. Must
    /// be called inside a tokio runtime.
    pub fn watch_payment_request(
        &self,
        session: &SessionToken,
        wait_token: &str,
    ) -> PaymentRequestWatch {
        self.watch(PaymentRequestTarget {
            wait_token: wait_token.to_owned(),
            session: session.clone(),
        })
    }

    /// Cancels the session's pending payment (`cancelPayment`, session token); the request
    /// then reaches `CANCELLED`.
    pub async fn cancel_payment(
        &self,
        session: &SessionToken,
        idempotency_key: &str,
    ) -> Result<(), Error> {
        check_idempotency_key(idempotency_key)?;
        let operation = CancelPayment::build(CancelPaymentVariables {
            idempotency_key: idempotency_key.to_owned(),
        });
        let data = self
            .inner
            .http
            .run(&operation, Credential::Session(session))
            .await?;
        // The wait token of the request it cancelled: shareable, and useful in a trace.
        tracing::debug!(wait_token = ?data.cancel_payment.wait_token, "Swish payment cancelled");
        Ok(())
    }

    /// Refunds `amount` öre of a paid payment (`refundPayment`, merchant token); `payment_id`
    /// is the request's `resultingPaymentId`. Kronor refuses more than what is left.
    pub async fn refund_payment(
        &self,
        payment_id: BigInt,
        amount: i64,
        idempotency_key: &str,
        message: &str,
    ) -> Result<Refund, Error> {
        check_idempotency_key(idempotency_key)?;
        check_payment_message(message)?;
        let amount = check_amount(amount)?;
        let operation = RefundPayment::build(RefundVariables {
            payment_id: Some(payment_id),
            amount,
            idempotency_key: idempotency_key.to_owned(),
            message: message.to_owned(),
        });
        let data = self
            .inner
            .http
            .run(&operation, Credential::Merchant)
            .await?;
        Ok(Refund {
            transaction_id: data.refund_payment.refund_transaction_id,
            wait_token: data.refund_payment.wait_token,
        })
    }

    /// The customer's SCA (BankID) page for an order, for the QR code.
    pub fn sca_url(&self, wait_token: &WaitToken, success_url: Option<&Url>) -> Url {
        self.inner
            .config
            .environment
            .sca_url(wait_token, success_url)
    }
}

/// Kronor's rule for idempotency keys: 1–64 of letters, digits and `- _ . , [ ] +`. Checked
/// before sending so a bad key is a clear validation error, not a round trip.
pub fn check_idempotency_key(key: &str) -> Result<(), Error> {
    let allowed = |c: char| c.is_ascii_alphanumeric() || "-_.,[]+".contains(c);
    if key.is_empty() || key.len() > 64 {
        return Err(Error::validation(format!(
            "idempotency key must be 1 to 64 characters, got {}",
            key.len()
        )));
    }
    if let Some(bad) = key.chars().find(|&c| !allowed(c)) {
        return Err(Error::validation(format!(
            "idempotency key may not contain {bad:?}"
        )));
    }
    Ok(())
}

/// Kronor's rule for a message shown to the customer (payment sessions, refunds): at most 50
/// characters, each a letter (ASCII or `åäöÅÄÖ`), a digit, one of `:;.,?!()”"` or a space.
pub fn check_payment_message(message: &str) -> Result<(), Error> {
    let allowed =
        |c: char| c.is_ascii_alphanumeric() || "åäöÅÄÖ".contains(c) || ":;.,?!()”\" ".contains(c);
    let length = message.chars().count();
    if length > 50 {
        return Err(Error::validation(format!(
            "message must be at most 50 characters, got {length}"
        )));
    }
    if let Some(bad) = message.chars().find(|&c| !allowed(c)) {
        return Err(Error::validation(format!(
            "message may not contain {bad:?}"
        )));
    }
    Ok(())
}

/// Amounts in öre Kronor takes (`Int`): 1 to 999 999 999.
fn check_amount(amount: i64) -> Result<i32, Error> {
    match i32::try_from(amount) {
        Ok(amount @ 1..=999_999_999) => Ok(amount),
        _ => Err(Error::validation(format!(
            "amount must be 1 to 999999999 öre, got {amount}"
        ))),
    }
}

/// The client-side work of one create call, without the network: build the operation,
/// serialize it, parse `answer`. Public only for the benchmark.
#[doc(hidden)]
pub fn create_call_client_side(
    order: &NewPurchaseOrder,
    answer: &[u8],
) -> Result<(Vec<u8>, CreatedPurchaseOrder), Error> {
    check_idempotency_key(&order.idempotency_key)?;
    let operation = CreateWithInvoice::build(CreateVariables {
        purchase: order.clone(),
    });
    let body = crate::http::encode(&operation)?;
    let data: CreateWithInvoice = crate::http::decode(200, answer)?;
    Ok((body, data.into()))
}

#[cfg(test)]
mod tests {
    use super::{check_amount, check_idempotency_key, check_payment_message};

    #[test]
    fn idempotency_keys_follow_kronors_rule() {
        assert!(check_idempotency_key("till-1_order.42,[a]+b").is_ok());
        assert!(check_idempotency_key("").is_err());
        assert!(check_idempotency_key(&"a".repeat(65)).is_err());
        assert!(check_idempotency_key("order 42").is_err());
        assert!(check_idempotency_key("ordér").is_err());
    }

    #[test]
    fn messages_follow_kronors_rule() {
        assert!(check_payment_message("Kassa 1: köp 42, tack! (Åre) ”ok\"?;.").is_ok());
        assert!(check_payment_message("").is_ok());
        assert!(check_payment_message(&"å".repeat(50)).is_ok());
        assert!(check_payment_message(&"a".repeat(51)).is_err());
        for bad in ["a-b", "50%", "é", "kr\n", "a_b", "€"] {
            assert!(check_payment_message(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn amounts_are_one_to_999999999_ore() {
        assert_eq!(check_amount(1).unwrap(), 1);
        assert_eq!(check_amount(999_999_999).unwrap(), 999_999_999);
        for bad in [0, -1, 1_000_000_000, i64::MAX] {
            assert!(check_amount(bad).is_err(), "{bad}");
        }
    }
}
