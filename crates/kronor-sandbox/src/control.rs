//! The HTTP control endpoint outside the GraphQL path, for scripts and other processes:
//! fault injection, WebSocket drops and SCA decisions. Every call needs the merchant token.

use std::time::Duration;

use axum::Json;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use serde_json::json;

use crate::app::App;
use crate::auth::authenticate;
use crate::engine::ScaDecision;
use crate::faults::Fault;
use crate::swish::SwishDecision;
use crate::tokens::Principal;

fn problem(status: StatusCode, message: impl Into<String>) -> Response {
    (status, Json(json!({ "error": message.into() }))).into_response()
}

fn authorised(app: &App, headers: &HeaderMap) -> Result<(), Box<Response>> {
    let auth = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok());
    match authenticate(&app.engine, auth) {
        Ok(Principal::Merchant { .. }) => Ok(()),
        _ => Err(Box::new(problem(
            StatusCode::UNAUTHORIZED,
            "the control endpoint needs the merchant token",
        ))),
    }
}

/// `POST /control/faults` body.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub(crate) struct FaultRequest {
    operation: String,
    /// `temporary-failure`, `http-status`, `delay` or `commit-then-drop`.
    fault: String,
    #[serde(default)]
    status: Option<u16>,
    #[serde(default)]
    delay_ms: Option<u64>,
    #[serde(default = "one")]
    times: u32,
}

fn one() -> u32 {
    1
}

pub(crate) async fn inject(
    State(app): State<App>,
    headers: HeaderMap,
    body: Result<Json<FaultRequest>, axum::extract::rejection::JsonRejection>,
) -> Response {
    if let Err(r) = authorised(&app, &headers) {
        return *r;
    }
    let Ok(Json(req)) = body else {
        return problem(
            StatusCode::BAD_REQUEST,
            "body must be {\"operation\", \"fault\", \"status\"?, \"delayMs\"?, \"times\"?}",
        );
    };
    let fault = match (req.fault.as_str(), req.status, req.delay_ms) {
        ("temporary-failure", _, _) => Fault::TemporaryFailure,
        ("http-status", Some(s), _) if (100..=599).contains(&s) => Fault::HttpStatus(s),
        ("delay", _, Some(ms)) => Fault::Delay(Duration::from_millis(ms)),
        ("commit-then-drop", _, _) => Fault::CommitThenDrop,
        _ => {
            return problem(
                StatusCode::BAD_REQUEST,
                "fault must be temporary-failure, http-status (with status), delay (with delayMs) or commit-then-drop",
            );
        }
    };
    app.engine.faults.inject(&req.operation, fault, req.times);
    StatusCode::NO_CONTENT.into_response()
}

pub(crate) async fn status(State(app): State<App>, headers: HeaderMap) -> Response {
    if let Err(r) = authorised(&app, &headers) {
        return *r;
    }
    Json(json!({
        "injected": app.engine.faults.injected(),
        "purchaseOrders": app.engine.store.order_count(),
        "paymentSessions": app.engine.store.session_count(),
        "paymentRequests": app.engine.store.payment_request_count(),
        "refunds": app.engine.store.refund_count(),
    }))
    .into_response()
}

pub(crate) async fn clear(State(app): State<App>, headers: HeaderMap) -> Response {
    if let Err(r) = authorised(&app, &headers) {
        return *r;
    }
    app.engine.faults.clear();
    StatusCode::NO_CONTENT.into_response()
}

pub(crate) async fn close_websockets(State(app): State<App>, headers: HeaderMap) -> Response {
    if let Err(r) = authorised(&app, &headers) {
        return *r;
    }
    app.engine.faults.close_websockets();
    StatusCode::NO_CONTENT.into_response()
}

#[derive(Debug, Deserialize)]
pub(crate) struct Times {
    times: u32,
}

pub(crate) async fn refuse_websockets(
    State(app): State<App>,
    headers: HeaderMap,
    body: Result<Json<Times>, axum::extract::rejection::JsonRejection>,
) -> Response {
    if let Err(r) = authorised(&app, &headers) {
        return *r;
    }
    let Ok(Json(t)) = body else {
        return problem(StatusCode::BAD_REQUEST, "body must be {\"times\": N}");
    };
    app.engine.faults.refuse_websockets(t.times);
    StatusCode::NO_CONTENT.into_response()
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct ScaRequest {
    purchase_order_id: String,
    decision: String,
}

pub(crate) async fn sca(
    State(app): State<App>,
    headers: HeaderMap,
    body: Result<Json<ScaRequest>, axum::extract::rejection::JsonRejection>,
) -> Response {
    if let Err(r) = authorised(&app, &headers) {
        return *r;
    }
    let Ok(Json(req)) = body else {
        return problem(
            StatusCode::BAD_REQUEST,
            "body must be {\"purchaseOrderId\", \"decision\": \"approve\"|\"reject\"}",
        );
    };
    let decision = match req.decision.as_str() {
        "approve" => ScaDecision::Approve,
        "reject" => ScaDecision::Reject,
        _ => {
            return problem(
                StatusCode::BAD_REQUEST,
                "decision must be approve or reject",
            );
        }
    };
    match app.engine.decide_sca(&req.purchase_order_id, decision) {
        Ok(()) => StatusCode::NO_CONTENT.into_response(),
        Err(e) => problem(StatusCode::CONFLICT, e.to_string()),
    }
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct SwishRequest {
    wait_token: String,
    decision: String,
}

/// What the Swish page's buttons do, for test suites that drive the sandbox over HTTP.
pub(crate) async fn swish(
    State(app): State<App>,
    headers: HeaderMap,
    body: Result<Json<SwishRequest>, axum::extract::rejection::JsonRejection>,
) -> Response {
    if let Err(r) = authorised(&app, &headers) {
        return *r;
    }
    let Ok(Json(req)) = body else {
        return problem(
            StatusCode::BAD_REQUEST,
            "body must be {\"waitToken\", \"decision\": \"pay\"|\"decline\"}",
        );
    };
    let decision = match req.decision.as_str() {
        "pay" => SwishDecision::Pay,
        "decline" => SwishDecision::Decline,
        _ => return problem(StatusCode::BAD_REQUEST, "decision must be pay or decline"),
    };
    match app.engine.decide_swish(&req.wait_token, decision) {
        Ok(()) => StatusCode::NO_CONTENT.into_response(),
        Err(e) => problem(StatusCode::CONFLICT, e.to_string()),
    }
}
