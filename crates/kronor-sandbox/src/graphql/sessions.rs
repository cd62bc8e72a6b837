//! Root fields of the payment side: sessions and refunds (merchant token), Swish payments and
//! cancels (session token, and the merchant's own cancels), and `paymentRequests` as a query
//! and a live query for both roles — a merchant sees all its requests, a session its own.

use std::sync::Arc;

use async_graphql::dynamic::{
    Field, FieldFuture, FieldValue, ResolverContext, SubscriptionField, SubscriptionFieldFuture,
    TypeRef,
};
use futures::StreamExt;
use serde_json::Value as Json;
use tokio::sync::broadcast::{self, error::RecvError};

use super::context::{Res, arg_json, engine, merchant, principal, rows_value, widen};
use super::errors::{access_denied, error, invalid, refused};
use super::rows::RowQuery;
use crate::engine::{CreateError, Engine};
use crate::payment_model::PaymentRequest;
use crate::store::Change;
use crate::tokens::Principal;

const ARGS_PATH: &str = "$.selectionSet.paymentRequests.args";

/// Whether `who` may see `r`.
fn visible(who: &Principal, r: &PaymentRequest) -> bool {
    match who {
        Principal::Merchant { merchant_id } => &r.merchant_id == merchant_id,
        Principal::Session { session_id } => &r.session_id == session_id,
        Principal::WaitToken { .. } => false,
    }
}

fn list(engine: &Engine, who: &Principal, q: &RowQuery) -> Res<Vec<Json>> {
    if matches!(who, Principal::WaitToken { .. }) {
        return Err(access_denied("paymentRequests"));
    }
    let rows = match q.eq("waitToken") {
        // Pinned to one request: no scan.
        Some(token) => engine
            .store
            .payment_request(&token)
            .filter(|r| visible(who, r))
            .map(|r| vec![engine.store.payment_row(&r)])
            .unwrap_or_default(),
        None => engine.store.payment_rows(|r| visible(who, r)),
    };
    q.apply(rows)
        .map_err(|m| error(m, "validation-failed", None, ARGS_PATH))
}

fn query(ty: TypeRef) -> Field {
    Field::new("paymentRequests", ty, |ctx| {
        FieldFuture::new(async move {
            let engine = engine(&ctx)?;
            let who = principal(&ctx)?;
            let q = RowQuery::from_args(&ctx.args);
            Ok(Some(rows_value(list(&engine, &who, &q)?)))
        })
    })
}

struct Live {
    engine: Arc<Engine>,
    who: Principal,
    q: RowQuery,
    changes: broadcast::Receiver<Change>,
    /// (waitToken, last version sent) when pinned with `where: {waitToken: {_eq: …}}`.
    pin: Option<(String, u64)>,
    first: bool,
}

impl Live {
    /// The frame for a pinned request's snapshot, unless it is not newer than the last one.
    fn pinned(&mut self, r: Option<&PaymentRequest>) -> Option<Res<FieldValue<'static>>> {
        let (token, last) = self.pin.as_mut()?;
        let rows = match r {
            Some(r) if &r.wait_token == token && visible(&self.who, r) => {
                if r.version <= *last {
                    return None;
                }
                *last = r.version;
                vec![self.engine.store.payment_row(r)]
            }
            Some(_) => return None,
            None => Vec::new(),
        };
        Some(
            self.q
                .apply(rows)
                .map(rows_value)
                .map_err(|m| error(m, "validation-failed", None, ARGS_PATH)),
        )
    }

    fn current(&mut self) -> Option<Res<FieldValue<'static>>> {
        if let Some((token, _)) = &self.pin {
            // Someone else's request reads as none at all.
            let r = self
                .engine
                .store
                .payment_request(token)
                .filter(|r| visible(&self.who, r));
            return self.pinned(r.as_ref());
        }
        Some(list(&self.engine, &self.who, &self.q).map(rows_value))
    }

    /// The next frame: now for the first, then after each relevant change. A pinned query is
    /// answered from the snapshot each change carries, so every status passed is pushed.
    async fn next(mut self) -> Option<(Res<FieldValue<'static>>, Live)> {
        if self.first {
            self.first = false;
            let item = self.current()?;
            return Some((item, self));
        }
        loop {
            match self.changes.recv().await {
                Ok(Change::Payment(r)) => {
                    if self.pin.is_some() {
                        if let Some(item) = self.pinned(Some(&r)) {
                            return Some((item, self));
                        }
                    } else if visible(&self.who, &r) {
                        let item = list(&self.engine, &self.who, &self.q).map(rows_value);
                        return Some((item, self));
                    }
                }
                Ok(_) => {}
                Err(RecvError::Closed) => return None,
                // Missed changes: read the current state.
                Err(RecvError::Lagged(_)) => {
                    if let Some(item) = self.current() {
                        return Some((item, self));
                    }
                }
            }
        }
    }
}

pub(crate) fn live_payment_requests(ty: TypeRef) -> SubscriptionField {
    SubscriptionField::new("paymentRequests", ty, |ctx| {
        SubscriptionFieldFuture::new(async move {
            let engine = engine(&ctx)?;
            let who = principal(&ctx)?;
            if matches!(who, Principal::WaitToken { .. }) {
                return Err(access_denied("paymentRequests"));
            }
            let q = RowQuery::from_args(&ctx.args);
            let live = Live {
                changes: engine.store.subscribe(),
                pin: q.eq("waitToken").map(|t| (t, 0)),
                engine,
                who,
                q,
                first: true,
            };
            Ok(futures::stream::unfold(live, Live::next).map(widen))
        })
    })
}

fn answer(
    name: &str,
    arg: &str,
    result: Result<Json, CreateError>,
) -> Res<Option<FieldValue<'static>>> {
    match result {
        Ok(v) => Ok(Some(FieldValue::owned_any(v))),
        Err(CreateError::Invalid(e)) => Err(invalid(name, arg, &e)),
        Err(CreateError::Store(e)) => Err(refused(name, e.to_string())),
    }
}

/// The caller's session id, or access-denied for any other token.
fn session(ctx: &ResolverContext<'_>, field: &str) -> Res<String> {
    match principal(ctx)? {
        Principal::Session { session_id } => Ok(session_id),
        _ => Err(access_denied(field)),
    }
}

type Handler = fn(&Arc<Engine>, &Principal, Json) -> Result<Json, CreateError>;

/// A mutation taking one input argument; `who_may` checks the caller first.
fn mutation(
    name: &'static str,
    arg: &'static str,
    ty: TypeRef,
    who_may: fn(&ResolverContext<'_>, &str) -> Res<()>,
    handler: Handler,
) -> Field {
    Field::new(name, ty, move |ctx| {
        FieldFuture::new(async move {
            who_may(&ctx, name)?;
            let engine = engine(&ctx)?;
            let who = principal(&ctx)?;
            let input = arg_json(&ctx, arg)?;
            answer(name, arg, handler(&engine, &who, input))
        })
    })
}

fn merchant_only(ctx: &ResolverContext<'_>, field: &str) -> Res<()> {
    merchant(ctx, field).map(|_| ())
}

fn session_only(ctx: &ResolverContext<'_>, field: &str) -> Res<()> {
    session(ctx, field).map(|_| ())
}

fn merchant_or_session(ctx: &ResolverContext<'_>, field: &str) -> Res<()> {
    match principal(ctx)? {
        Principal::Merchant { .. } | Principal::Session { .. } => Ok(()),
        Principal::WaitToken { .. } => Err(access_denied(field)),
    }
}

fn merchant_id(who: &Principal) -> &str {
    match who {
        Principal::Merchant { merchant_id } => merchant_id,
        _ => "",
    }
}

fn new_session(e: &Arc<Engine>, who: &Principal, input: Json) -> Result<Json, CreateError> {
    e.new_session(merchant_id(who), input)
}

fn new_session_checked(e: &Arc<Engine>, who: &Principal, input: Json) -> Result<Json, CreateError> {
    e.new_session_with_reference_check(merchant_id(who), input)
}

fn refund(e: &Arc<Engine>, who: &Principal, input: Json) -> Result<Json, CreateError> {
    e.refund(merchant_id(who), input)
}

fn new_swish(e: &Arc<Engine>, who: &Principal, input: Json) -> Result<Json, CreateError> {
    match who {
        Principal::Session { session_id } => e.new_swish(session_id, input),
        // Unreachable behind `session_only`; answered as a missing session all the same.
        _ => Err(CreateError::Store(
            crate::store::StoreError::UnknownSession(String::new()),
        )),
    }
}

fn cancel_payment(e: &Arc<Engine>, who: &Principal, input: Json) -> Result<Json, CreateError> {
    match who {
        Principal::Session { session_id } => e.cancel_session_payment(session_id, input),
        _ => e.cancel_merchant_payment(merchant_id(who), input),
    }
}

fn cancel_swish(e: &Arc<Engine>, who: &Principal, input: Json) -> Result<Json, CreateError> {
    match who {
        Principal::Session { session_id } => {
            let merchant = e.session_merchant(session_id)?;
            e.cancel_swish(&merchant, Some(session_id), input)
        }
        _ => e.cancel_swish(merchant_id(who), None, input),
    }
}

/// The payment side's resolver for a root field, if it has one.
pub(crate) fn root_field(type_name: &str, field: &str, ty: TypeRef) -> Option<Field> {
    Some(match (type_name, field) {
        ("query_root", "paymentRequests") => query(ty),
        ("mutation_root", "newPaymentSession") => mutation(
            "newPaymentSession",
            "payment",
            ty,
            merchant_only,
            new_session,
        ),
        ("mutation_root", "newPaymentSessionWithReferenceCheck") => mutation(
            "newPaymentSessionWithReferenceCheck",
            "payment",
            ty,
            merchant_only,
            new_session_checked,
        ),
        ("mutation_root", "refundPayment") => {
            mutation("refundPayment", "refund", ty, merchant_only, refund)
        }
        ("mutation_root", "newSwishPayment") => {
            mutation("newSwishPayment", "pay", ty, session_only, new_swish)
        }
        ("mutation_root", "cancelPayment") => mutation(
            "cancelPayment",
            "cancel",
            ty,
            merchant_or_session,
            cancel_payment,
        ),
        ("mutation_root", "cancelSwishPayment") => mutation(
            "cancelSwishPayment",
            "pay",
            ty,
            merchant_or_session,
            cancel_swish,
        ),
        _ => return None,
    })
}
