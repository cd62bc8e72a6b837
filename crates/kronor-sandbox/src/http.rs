//! `POST /v1/graphql`: body limit, token, request log, fault injection, then the schema.

use std::sync::Arc;

use axum::body::{Body, Bytes};
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::Value;
use tokio::sync::Notify;

use crate::app::App;
use crate::auth::authenticate;
use crate::faults::Fault;
use crate::graphql::{self, GraphqlRequest, TEMPORARY_FAILURE, envelope};
use crate::tokens::Principal;

/// Kronor's request body limit.
pub(crate) const BODY_LIMIT: usize = 50 * 1024;

/// Closes this request's connection without an answer (see [`Fault::CommitThenDrop`]).
#[derive(Clone)]
pub(crate) struct DropConnection(pub Arc<Notify>);

fn json(status: StatusCode, body: &Value) -> Response {
    (
        status,
        [(header::CONTENT_TYPE, "application/json")],
        body.to_string(),
    )
        .into_response()
}

pub(crate) async fn post(
    State(app): State<App>,
    drop_conn: Option<axum::Extension<DropConnection>>,
    headers: HeaderMap,
    body: Body,
) -> Response {
    let bytes: Bytes = match axum::body::to_bytes(body, BODY_LIMIT).await {
        Ok(b) => b,
        Err(_) => {
            return json(
                StatusCode::PAYLOAD_TOO_LARGE,
                &envelope(
                    "request body is larger than the 50 KiB limit",
                    "request-too-large",
                    None,
                    "$",
                ),
            );
        }
    };
    let req: GraphqlRequest = match serde_json::from_slice(&bytes) {
        Ok(r) => r,
        Err(e) => {
            return json(
                StatusCode::BAD_REQUEST,
                &envelope(&format!("Error in $: {e}"), "invalid-json", None, "$"),
            );
        }
    };
    let engine = &app.engine;
    let auth = headers
        .get(header::AUTHORIZATION)
        .map(|v| v.to_str().unwrap_or("\u{0}"));
    let who = authenticate(engine, auth);
    if let Some(log) = &engine.request_log {
        log.record(
            "http",
            who.as_ref().ok().map(Principal::role),
            req.operation_name.as_deref(),
            &req.query,
            &req.variables_json(),
        );
    }
    let who = match who {
        Ok(who) => who,
        Err(body) => return json(StatusCode::OK, &body),
    };
    let op = match graphql::analyse(&req) {
        Ok(op) => op,
        Err(body) => return json(StatusCode::OK, &body),
    };
    if !op.allowed_for(&who) {
        return json(StatusCode::OK, &op.denied(&who));
    }
    if op.kind == async_graphql::parser::types::OperationType::Subscription {
        let body = envelope(
            "subscriptions are served over WebSocket on this path",
            "validation-failed",
            None,
            "$",
        );
        return json(StatusCode::OK, &body);
    }
    let mut drop_after = false;
    match engine.faults.take(op.name()) {
        None => {}
        Some(Fault::TemporaryFailure) => {
            let body = envelope(
                "temporary failure (injected); retry with the same idempotency key",
                "unexpected",
                Some(TEMPORARY_FAILURE),
                "$",
            );
            return json(StatusCode::OK, &body);
        }
        Some(Fault::HttpStatus(code)) => {
            let status = StatusCode::from_u16(code).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
            let body = envelope(
                &format!("injected HTTP {}", status.as_u16()),
                "unexpected",
                None,
                "$",
            );
            return json(status, &body);
        }
        Some(Fault::Delay(d)) => tokio::time::sleep(d).await,
        Some(Fault::CommitThenDrop) => drop_after = true,
    }
    let body = graphql::execute(req, op, engine.clone(), who).await;
    if drop_after && let Some(axum::Extension(DropConnection(kill))) = drop_conn {
        // The work is committed; now the answer is lost, as when a connection breaks.
        kill.notify_one();
        std::future::pending::<()>().await;
    }
    json(StatusCode::OK, &body)
}
