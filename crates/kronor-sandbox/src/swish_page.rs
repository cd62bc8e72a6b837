//! The simulated Swish app at `GET /swish/?token=<waitToken>` (a payment request's waitToken):
//! merchant, message and amount in Swedish and English, phone-sized, no JavaScript (a CSP that
//! allows none). Its one form posts `decision=pay|decline` back to the same URL, which decides
//! and shows the outcome.

use axum::extract::{Form, Query, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use html_escape::encode_text as esc;
use serde::Deserialize;

use crate::app::App;
use crate::payment_model::{PaymentRequest, PaymentStatus};
use crate::sca_page::{STYLE, kronor};
use crate::swish::{SwishDecision, SwishError};

#[derive(Debug, Deserialize)]
pub(crate) struct PageQuery {
    token: Option<String>,
}

#[derive(Debug, Deserialize)]
pub(crate) struct DecisionForm {
    decision: String,
}

/// No scripts, no remote anything: the inline style and a form posting to this page.
const CSP: &str = "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'";

const SWISH_STYLE: &str = ".pay{background:#2a9d8f;color:#fff}.decline{background:#eee}\
.amount{font-size:2rem;font-weight:bold;margin:.5rem 0}";

fn page(status: StatusCode, title_sv: &str, title_en: &str, body: &str) -> Response {
    let html = format!(
        "<!doctype html><html lang=\"sv\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>{} · Swish (Kronor sandbox)</title><style>{STYLE}{SWISH_STYLE}</style></head><body>\
         <h1>{}<br><span class=\"en\">{}</span></h1>{body}</body></html>",
        esc(title_sv),
        esc(title_sv),
        esc(title_en)
    );
    let mut resp = (status, Html(html)).into_response();
    resp.headers_mut().insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(CSP),
    );
    resp
}

fn error_page(status: StatusCode, sv: &str, en: &str) -> Response {
    page(
        status,
        "Betalningen går inte att visa",
        "The payment cannot be shown",
        &format!("<p>{}</p><p class=\"en\">{}</p>", esc(sv), esc(en)),
    )
}

fn request_for(app: &App, token: Option<&str>) -> Result<PaymentRequest, Box<Response>> {
    let Some(token) = token.filter(|t| !t.is_empty()) else {
        return Err(Box::new(error_page(
            StatusCode::BAD_REQUEST,
            "Länken saknar token.",
            "The link has no token.",
        )));
    };
    app.engine.store.payment_request(token).ok_or_else(|| {
        Box::new(error_page(
            StatusCode::NOT_FOUND,
            "Betalningen finns inte.",
            "There is no such payment.",
        ))
    })
}

fn finished_page(r: &PaymentRequest) -> Response {
    error_page(
        StatusCode::CONFLICT,
        "Betalningen är redan avslutad.",
        &format!(
            "This payment is already finished (status {}).",
            r.status.as_str()
        ),
    )
}

fn summary(r: &PaymentRequest) -> String {
    format!(
        "<p>Till / To: Sandbox-handlare · Sandbox merchant</p>\
         <p>Meddelande / Message: {}</p>\
         <p class=\"amount\">{}</p>",
        esc(&r.message),
        kronor(r.amount)
    )
}

pub(crate) async fn show(State(app): State<App>, Query(q): Query<PageQuery>) -> Response {
    let r = match request_for(&app, q.token.as_deref()) {
        Ok(r) => r,
        Err(page) => return *page,
    };
    if !r.status.is_open() {
        return finished_page(&r);
    }
    let form = "<form method=\"post\">\
         <button class=\"pay\" name=\"decision\" value=\"pay\">Betala · Pay</button>\
         <button class=\"decline\" name=\"decision\" value=\"decline\">Avbryt · Decline</button></form>";
    page(
        StatusCode::OK,
        "Godkänn betalningen i Swish",
        "Approve the payment in Swish",
        &format!("{}{form}", summary(&r)),
    )
}

pub(crate) async fn decide(
    State(app): State<App>,
    Query(q): Query<PageQuery>,
    Form(form): Form<DecisionForm>,
) -> Response {
    let r = match request_for(&app, q.token.as_deref()) {
        Ok(r) => r,
        Err(page) => return *page,
    };
    let decision = match form.decision.as_str() {
        "pay" => SwishDecision::Pay,
        "decline" => SwishDecision::Decline,
        _ => return error_page(StatusCode::BAD_REQUEST, "Okänt val.", "Unknown decision."),
    };
    match app.engine.decide_swish(&r.wait_token, decision) {
        Ok(()) => {}
        Err(SwishError::NotWaitingForPayment { .. }) => {
            let now = app.engine.store.payment_request(&r.wait_token).unwrap_or(r);
            return finished_page(&now);
        }
        Err(e) => return error_page(StatusCode::CONFLICT, "Det gick inte.", &e.to_string()),
    }
    let done = app.engine.store.payment_request(&r.wait_token).unwrap_or(r);
    let (sv, en) = if done.status == PaymentStatus::Paid {
        ("Betalningen är klar.", "The payment is done.")
    } else {
        ("Betalningen avbröts.", "The payment was declined.")
    };
    page(
        StatusCode::OK,
        sv,
        en,
        &format!("{}<p>Status: {}</p>", summary(&done), done.status.as_str()),
    )
}
