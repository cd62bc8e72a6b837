//! The HTTP control endpoints, for test suites in other processes: faults and what the unit
//! registered. No XCCSP credentials (they are the till's, not the test's); they listen only
//! where the simulator listens (loopback by default).

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use serde_json::json;

use crate::app::App;
use crate::faults::Fault;

fn problem(status: StatusCode, message: &str) -> Response {
    (status, Json(json!({ "error": message }))).into_response()
}

/// `POST /control/fault` body: `{"fault": "not_operational"}`, `{"fault": null}`, or with
/// `"times": n` a one-shot fault for the next n requests.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct FaultRequest {
    fault: Option<String>,
    #[serde(default)]
    times: Option<usize>,
}

pub(crate) async fn set_fault(
    State(app): State<App>,
    body: Result<Json<FaultRequest>, axum::extract::rejection::JsonRejection>,
) -> Response {
    let Ok(Json(req)) = body else {
        return problem(
            StatusCode::BAD_REQUEST,
            "body must be {\"fault\": NAME or null, \"times\"?: N}",
        );
    };
    let fault = match req.fault.as_deref() {
        None => None,
        Some(name) => match Fault::from_name(name) {
            Some(f) => Some(f),
            None => {
                let names: Vec<&str> = Fault::ALL.iter().map(|f| f.name()).collect();
                return problem(
                    StatusCode::BAD_REQUEST,
                    &format!("unknown fault {name:?}; one of {}", names.join(", ")),
                );
            }
        },
    };
    match (fault, req.times) {
        (Some(f), Some(n)) => app.unit.faults.fail_next(n, f),
        (None, _) => app.unit.faults.clear(),
        (f, None) => app.unit.faults.set(f),
    }
    StatusCode::NO_CONTENT.into_response()
}

/// `GET /control/fault`: the sticky fault.
pub(crate) async fn get_fault(State(app): State<App>) -> Response {
    Json(json!({ "fault": app.unit.faults.sticky() })).into_response()
}

/// `GET /control/registrations`: every registration answered with a control code.
pub(crate) async fn registrations(State(app): State<App>) -> Response {
    Json(app.unit.registrations()).into_response()
}

/// `DELETE /control/registrations`: forget them (a suite reusing one simulator).
pub(crate) async fn clear_registrations(State(app): State<App>) -> Response {
    app.unit.forget_registrations();
    StatusCode::NO_CONTENT.into_response()
}
