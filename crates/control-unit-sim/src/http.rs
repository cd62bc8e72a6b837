//! XCCSP over HTTP: `POST /xccsp` (and `/`) behind Basic auth, one document in, one out.

use axum::body::{Body, Bytes};
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;

use crate::app::App;
use crate::shutdown::stopped;
use crate::unit::{Answer, Misbehaviour, Protocol};
use crate::xccsp;

/// The body answered under the `garbage` fault.
pub(crate) const GARBAGE: &[u8] = b"\x15garbage <<< not a document";

fn authorised(app: &App, headers: &HeaderMap) -> bool {
    let Some(value) = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
    else {
        return false;
    };
    let Some(encoded) = value
        .strip_prefix("Basic ")
        .or_else(|| value.strip_prefix("basic "))
    else {
        return false;
    };
    let Ok(decoded) = STANDARD.decode(encoded.trim()) else {
        return false;
    };
    decoded == format!("{}:{}", app.user, app.password).as_bytes()
}

fn xml(status: StatusCode, body: Vec<u8>) -> Response {
    (
        status,
        [(header::CONTENT_TYPE, "text/xml; charset=utf-8")],
        body,
    )
        .into_response()
}

pub(crate) async fn post(State(app): State<App>, headers: HeaderMap, body: Bytes) -> Response {
    if !authorised(&app, &headers) {
        return (
            StatusCode::UNAUTHORIZED,
            [(header::WWW_AUTHENTICATE, "Basic realm=\"xccsp\"")],
        )
            .into_response();
    }
    let answer = app.unit.answer(Protocol::Xccsp, xccsp::read_request(&body));
    tracing::debug!(?answer, "xccsp");
    let document = xccsp::write_answer(&answer, &app.unit.identity);
    match answer {
        Answer::Spoiled(Misbehaviour::NoAnswer, _) => {
            // Hold the request until shutdown: the till gives up on its own timeout.
            let mut stop = app.stop.clone();
            stopped(&mut stop).await;
            StatusCode::SERVICE_UNAVAILABLE.into_response()
        }
        Answer::Spoiled(Misbehaviour::Http500, _) => {
            (StatusCode::INTERNAL_SERVER_ERROR, Body::empty()).into_response()
        }
        Answer::Spoiled(Misbehaviour::Garbage | Misbehaviour::BadLrc, _) => {
            xml(StatusCode::OK, GARBAGE.to_vec())
        }
        Answer::Spoiled(Misbehaviour::HalfFrame, _) => {
            let half = document.len() / 2;
            xml(StatusCode::OK, document[..half].to_vec())
        }
        _ => xml(StatusCode::OK, document),
    }
}
