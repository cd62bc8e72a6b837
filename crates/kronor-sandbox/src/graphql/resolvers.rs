//! Root fields: the queries, mutations and live queries the sandbox answers.

use std::sync::Arc;

use async_graphql::dynamic::{
    Field, FieldFuture, FieldValue, SubscriptionField, SubscriptionFieldFuture, TypeRef,
};
use futures::StreamExt;
use serde_json::{Value as Json, json};

use super::context::{Res, arg_json, engine, merchant, principal, rows_value, widen};
use super::errors::{access_denied, error, invalid, refused};
use super::rows::RowQuery;
use tokio::sync::broadcast::{self, error::RecvError};

use crate::engine::{CreateError, Engine};
use crate::model::PurchaseOrder;
use crate::store::Change;
use crate::tokens::{MERCHANT_ID, Principal};
use crate::validate;

/// The rows a `purchaseOrders` field sees: a waitToken sees its own order only.
fn purchase_orders(engine: &Engine, who: &Principal, q: &RowQuery) -> Res<Vec<Json>> {
    let rows = match who {
        Principal::Merchant { merchant_id } => {
            engine.store.order_rows(merchant_id, q.id_eq().as_deref())
        }
        Principal::WaitToken { purchase_order_id } => engine
            .store
            .order_rows(MERCHANT_ID, Some(purchase_order_id)),
        Principal::Session { .. } => return Err(access_denied("purchaseOrders")),
    };
    q.apply(rows).map_err(|m| {
        error(
            m,
            "validation-failed",
            None,
            "$.selectionSet.purchaseOrders.args",
        )
    })
}

fn purchases(engine: &Engine, who: &Principal, q: &RowQuery) -> Res<Vec<Json>> {
    let Principal::Merchant { merchant_id } = who else {
        return Err(access_denied("purchases"));
    };
    q.apply(engine.store.purchase_rows(merchant_id))
        .map_err(|m| {
            error(
                m,
                "validation-failed",
                None,
                "$.selectionSet.purchases.args",
            )
        })
}

type Lister = fn(&Engine, &Principal, &RowQuery) -> Res<Vec<Json>>;

fn list_query(name: &'static str, ty: TypeRef, list: Lister) -> Field {
    Field::new(name, ty, move |ctx| {
        FieldFuture::new(async move {
            let engine = engine(&ctx)?;
            let who = principal(&ctx)?;
            let q = RowQuery::from_args(&ctx.args);
            Ok(Some(rows_value(list(&engine, &who, &q)?)))
        })
    })
}

/// The one order a `purchaseOrders` live query is pinned to (waitToken, or `where id _eq`),
/// and the merchant it must belong to.
fn pinned_order(who: &Principal, q: &RowQuery) -> Option<(String, String)> {
    match who {
        Principal::WaitToken { purchase_order_id } => {
            Some((purchase_order_id.clone(), MERCHANT_ID.to_owned()))
        }
        Principal::Merchant { merchant_id } => q.id_eq().map(|id| (id, merchant_id.clone())),
        Principal::Session { .. } => None,
    }
}

struct Live {
    engine: Arc<Engine>,
    who: Principal,
    q: RowQuery,
    list: Lister,
    changes: broadcast::Receiver<Change>,
    /// (order id, merchant, last version sent) when pinned to one order.
    pin: Option<(String, String, u64)>,
    first: bool,
}

impl Live {
    fn pinned_rows(&mut self, order: Option<&PurchaseOrder>) -> Option<Res<FieldValue<'static>>> {
        let (id, merchant, last) = self.pin.as_mut()?;
        let rows = match order {
            Some(o) if &o.id == id && &o.merchant_id == merchant => {
                if o.version <= *last {
                    return None;
                }
                *last = o.version;
                vec![o.row()]
            }
            Some(_) => return None,
            None => Vec::new(),
        };
        Some(self.q.apply(rows).map(rows_value).map_err(|m| {
            error(
                m,
                "validation-failed",
                None,
                "$.selectionSet.purchaseOrders.args",
            )
        }))
    }

    /// The next frame: now for the first, then after each relevant change.
    async fn next(mut self) -> Option<(Res<FieldValue<'static>>, Live)> {
        if self.first {
            self.first = false;
            if let Some((id, _, _)) = &self.pin {
                let order = self.engine.store.order(id);
                let item = self.pinned_rows(order.as_ref())?;
                return Some((item, self));
            }
            let item = (self.list)(&self.engine, &self.who, &self.q).map(rows_value);
            return Some((item, self));
        }
        loop {
            let change = self.changes.recv().await;
            match change {
                Ok(Change::Order(order)) if self.pin.is_some() => {
                    if let Some(item) = self.pinned_rows(Some(&order)) {
                        return Some((item, self));
                    }
                }
                Ok(Change::Other | Change::Payment(_)) if self.pin.is_some() => {}
                Err(RecvError::Closed) => return None,
                // Missed changes (lagged) or an unpinned query: read the current state.
                _ => {
                    if let Some((id, _, _)) = &self.pin {
                        let order = self.engine.store.order(id);
                        match self.pinned_rows(order.as_ref()) {
                            Some(item) => return Some((item, self)),
                            None => continue,
                        }
                    }
                    let item = (self.list)(&self.engine, &self.who, &self.q).map(rows_value);
                    return Some((item, self));
                }
            }
        }
    }
}

/// A live query: the whole result now, then again on every change. A query pinned to one
/// order is answered from the snapshot each change carries, so every status it passes
/// through is pushed; the transport drops frames identical to the previous one.
fn live_query(name: &'static str, ty: TypeRef, list: Lister) -> SubscriptionField {
    SubscriptionField::new(name, ty, move |ctx| {
        SubscriptionFieldFuture::new(async move {
            let engine = engine(&ctx)?;
            let who = principal(&ctx)?;
            if name == "purchases" {
                merchant(&ctx, name)?;
            }
            let q = RowQuery::from_args(&ctx.args);
            let pin = if name == "purchaseOrders" {
                pinned_order(&who, &q).map(|(id, merchant)| (id, merchant, 0))
            } else {
                None
            };
            let live = Live {
                changes: engine.store.subscribe(),
                engine,
                who,
                q,
                list,
                pin,
                first: true,
            };
            Ok(futures::stream::unfold(live, Live::next).map(widen))
        })
    })
}

fn create_order(name: &'static str, ty: TypeRef) -> Field {
    Field::new(name, ty, move |ctx| {
        FieldFuture::new(async move {
            let merchant_id = merchant(&ctx, name)?;
            let engine = engine(&ctx)?;
            let input = arg_json(&ctx, "purchase")?;
            match engine.create_order(&merchant_id, input) {
                Ok(order) => Ok(Some(FieldValue::owned_any(
                    json!({ "id": order.id, "waitToken": order.wait_token }),
                ))),
                Err(CreateError::Invalid(e)) => Err(invalid(name, "purchase", &e)),
                Err(CreateError::Store(e)) => Err(refused(name, e.to_string())),
            }
        })
    })
}

fn cancel(ty: TypeRef) -> Field {
    const NAME: &str = "purchaseOrderCancel";
    Field::new(NAME, ty, move |ctx| {
        FieldFuture::new(async move {
            let merchant_id = merchant(&ctx, NAME)?;
            let engine = engine(&ctx)?;
            let input = arg_json(&ctx, "cancel")?;
            let id = input
                .get("purchaseOrderId")
                .and_then(Json::as_str)
                .unwrap_or_default();
            match engine.cancel(&merchant_id, id) {
                Ok(result) => Ok(Some(FieldValue::owned_any(json!({ "result": result })))),
                Err(e) => Err(refused(NAME, e.to_string())),
            }
        })
    })
}

type Action = fn(
    &crate::store::Store,
    &str,
    &str,
    i64,
    Json,
    jiff::Timestamp,
) -> Result<Json, crate::store::StoreError>;

/// Capture or return of a whole purchase, idempotent by key.
fn purchase_action(
    name: &'static str,
    arg: &'static str,
    text_field: &'static str,
    ty: TypeRef,
    action: Action,
) -> Field {
    Field::new(name, ty, move |ctx| {
        FieldFuture::new(async move {
            let merchant_id = merchant(&ctx, name)?;
            let engine = engine(&ctx)?;
            let input = crate::model::without_nulls(arg_json(&ctx, arg)?);
            let (purchase_id, key) = validate::purchase_action(&input, text_field)
                .map_err(|e| invalid(name, arg, &e))?;
            let now = engine.clock.now();
            match action(&engine.store, &merchant_id, &key, purchase_id, input, now) {
                Ok(response) => Ok(Some(FieldValue::owned_any(response))),
                Err(e) => Err(refused(name, e.to_string())),
            }
        })
    })
}

/// The resolver for a root field of `query_root` or `mutation_root`, if the sandbox serves it.
pub(crate) fn root_field(type_name: &str, field: &str, ty: TypeRef) -> Option<Field> {
    Some(match (type_name, field) {
        ("query_root", "purchaseOrders") => list_query("purchaseOrders", ty, purchase_orders),
        ("query_root", "purchases") => list_query("purchases", ty, purchases),
        ("query_root", "version") => Field::new("version", ty, |_| {
            FieldFuture::from_value(Some(
                format!("kronor-sandbox {}", env!("CARGO_PKG_VERSION")).into(),
            ))
        }),
        ("mutation_root", "newPurchaseOrderWithInvoice") => {
            create_order("newPurchaseOrderWithInvoice", ty)
        }
        ("mutation_root", "newPurchaseOrder") => create_order("newPurchaseOrder", ty),
        // Same input shape and lifecycle; ids share one namespace with the invoice variant.
        ("mutation_root", "newPurchaseOrderWithInstalments") => {
            create_order("newPurchaseOrderWithInstalments", ty)
        }
        ("mutation_root", "purchaseOrderCancel") => cancel(ty),
        ("mutation_root", "newPurchaseCaptureAll") => purchase_action(
            "newPurchaseCaptureAll",
            "capture",
            "description",
            ty,
            crate::store::Store::capture_all,
        ),
        ("mutation_root", "newPurchaseReturnAll") => purchase_action(
            "newPurchaseReturnAll",
            "return",
            "reason",
            ty,
            crate::store::Store::return_all,
        ),
        _ => return super::sessions::root_field(type_name, field, ty),
    })
}

pub(crate) fn subscription_field(field: &str, ty: TypeRef) -> Option<SubscriptionField> {
    match field {
        "purchaseOrders" => Some(live_query("purchaseOrders", ty, purchase_orders)),
        "purchases" => Some(live_query("purchases", ty, purchases)),
        "paymentRequests" => Some(super::sessions::live_payment_requests(ty)),
        _ => None,
    }
}
