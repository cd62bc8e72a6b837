//! What every root-field resolver reads from its context: the engine, the caller, an
//! argument as JSON; and the shapes the resolvers answer in.

use std::sync::Arc;

use async_graphql::dynamic::{FieldValue, ResolverContext};
use serde_json::Value as Json;

use super::errors::{access_denied, error};
use crate::engine::Engine;
use crate::tokens::Principal;

pub(super) type Res<T> = Result<T, async_graphql::Error>;

pub(super) fn engine(ctx: &ResolverContext<'_>) -> Res<Arc<Engine>> {
    ctx.data::<Arc<Engine>>().cloned()
}

pub(super) fn principal(ctx: &ResolverContext<'_>) -> Res<Principal> {
    ctx.data::<Principal>()
        .cloned()
        .map_err(|_| error("no token", "access-denied", None, "$"))
}

/// Only the merchant role may call this field.
pub(super) fn merchant(ctx: &ResolverContext<'_>, field: &str) -> Res<String> {
    match principal(ctx)? {
        Principal::Merchant { merchant_id } => Ok(merchant_id),
        Principal::WaitToken { .. } | Principal::Session { .. } => Err(access_denied(field)),
    }
}

pub(super) fn arg_json(ctx: &ResolverContext<'_>, name: &str) -> Res<Json> {
    let v = ctx.args.try_get(name)?;
    v.as_value()
        .clone()
        .into_json()
        .map_err(|e| error(e.to_string(), "validation-failed", None, "$"))
}

pub(super) fn rows_value(rows: Vec<Json>) -> FieldValue<'static> {
    FieldValue::list(rows.into_iter().map(FieldValue::owned_any))
}

/// Lets an owned value stand where the schema expects one tied to the request.
pub(super) fn widen<'a>(item: Res<FieldValue<'static>>) -> Res<FieldValue<'a>> {
    item
}
