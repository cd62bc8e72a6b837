//! The public client: one method per thing the till asks Kronor.

use crate::http::Http;
use crate::operations::capture::{CaptureAll, CaptureAllVariables};
use crate::operations::create::{
    CreateVariables, CreateWithInvoice, CreatedPurchaseOrder, NewPurchaseOrder,
};
use crate::operations::instalments::{CreateWithInstalments, InstalmentsVariables};
use crate::operations::purchase_order::{
    CancelPurchaseOrder, CancelVariables, OrderIdVariables, PurchaseOrderQuery, PurchaseOrderState,
};
use crate::operations::purchases::{
    ByIdVariables, ByReferenceVariables, Purchase, PurchasesById, PurchasesByReference,
};
use crate::operations::refund::{ReturnAll, ReturnAllVariables};
use crate::token::Credential;
use crate::watch::{self, PurchaseOrderWatch, Watcher};
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
            order_id: id.to_owned(),
            wait_token: wait_token.clone(),
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
    use super::check_idempotency_key;

    #[test]
    fn idempotency_keys_follow_kronors_rule() {
        assert!(check_idempotency_key("till-1_order.42,[a]+b").is_ok());
        assert!(check_idempotency_key("").is_err());
        assert!(check_idempotency_key(&"a".repeat(65)).is_err());
        assert!(check_idempotency_key("order 42").is_err());
        assert!(check_idempotency_key("ordér").is_err());
    }
}
