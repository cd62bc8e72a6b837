//! The simulated BankID page at `GET /?token=<waitToken>[&success_url=URL]`: merchant, amount
//! and lines in Swedish and English, phone-sized, no JavaScript. Its form posts
//! `decision=approve|reject` back to the same URL; the answer is a 303 to the merchant.

use axum::extract::{Form, Query, State};
use axum::http::{StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use html_escape::encode_text as esc;
use serde::Deserialize;
use url::Url;

use crate::app::App;
use crate::engine::{ScaDecision, ScaError};
use crate::model::{OrderStatus, PurchaseOrder};
use crate::tokens::Principal;

#[derive(Debug, Deserialize)]
pub(crate) struct PageQuery {
    token: Option<String>,
    success_url: Option<String>,
}

#[derive(Debug, Deserialize)]
pub(crate) struct DecisionForm {
    decision: String,
}

pub(crate) const STYLE: &str = "body{font-family:system-ui,sans-serif;max-width:28rem;margin:0 auto;padding:1rem;color:#1d1d1f}
h1{font-size:1.3rem}.en{color:#555;font-size:.9rem}table{width:100%;border-collapse:collapse}
td{padding:.3rem 0;border-bottom:1px solid #ddd}td.n{text-align:right;white-space:nowrap}
.total{font-weight:bold;font-size:1.2rem}button{display:block;width:100%;font-size:1.1rem;padding:.9rem;
margin:.6rem 0;border-radius:.5rem;border:0}.approve{background:#183e4f;color:#fff}.reject{background:#eee}";

fn page(status: StatusCode, title_sv: &str, title_en: &str, body: &str) -> Response {
    let html = format!(
        "<!doctype html><html lang=\"sv\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>{} · Kronor sandbox</title><style>{STYLE}</style></head><body>\
         <h1>{}<br><span class=\"en\">{}</span></h1>{body}</body></html>",
        esc(title_sv),
        esc(title_sv),
        esc(title_en)
    );
    (status, Html(html)).into_response()
}

fn error_page(status: StatusCode, sv: &str, en: &str) -> Response {
    page(
        status,
        "Det gick inte att legitimera",
        "Identification not possible",
        &format!("<p>{}</p><p class=\"en\">{}</p>", esc(sv), esc(en)),
    )
}

/// 12345 öre → "123,45 kr".
pub(crate) fn kronor(ore: i64) -> String {
    let sign = if ore < 0 { "-" } else { "" };
    let ore = ore.unsigned_abs();
    format!("{sign}{},{:02} kr", ore / 100, ore % 100)
}

/// The order behind a waitToken, or the error page explaining why not.
fn order_for(app: &App, token: Option<&str>) -> Result<PurchaseOrder, Box<Response>> {
    let Some(token) = token.filter(|t| !t.is_empty()) else {
        return Err(Box::new(error_page(
            StatusCode::BAD_REQUEST,
            "Länken saknar token.",
            "The link has no token.",
        )));
    };
    let id = match app.engine.tokens.verify(token) {
        Ok(Principal::WaitToken { purchase_order_id }) => purchase_order_id,
        Ok(Principal::Merchant { .. } | Principal::Session { .. }) => {
            return Err(Box::new(error_page(
                StatusCode::FORBIDDEN,
                "Det här är inte en köplänk.",
                "This is not a purchase link (a merchant or session token was given).",
            )));
        }
        Err(e) => {
            return Err(Box::new(error_page(
                StatusCode::UNAUTHORIZED,
                "Länken är ogiltig eller har gått ut.",
                &format!("The link is invalid or has expired ({e})."),
            )));
        }
    };
    app.engine.store.order(&id).ok_or_else(|| {
        Box::new(error_page(
            StatusCode::NOT_FOUND,
            "Köpet finns inte.",
            "The purchase does not exist.",
        ))
    })
}

fn finished_page(order: &PurchaseOrder) -> Response {
    error_page(
        StatusCode::CONFLICT,
        "Köpet är redan avslutat.",
        &format!(
            "This purchase is already finished (status {}).",
            order.status.as_str()
        ),
    )
}

pub(crate) async fn show(State(app): State<App>, Query(q): Query<PageQuery>) -> Response {
    let order = match order_for(&app, q.token.as_deref()) {
        Ok(o) => o,
        Err(page) => return *page,
    };
    let lines: String = order
        .lines
        .iter()
        .map(|l| {
            format!(
                "<tr><td>{} × {}</td><td class=\"n\">{}</td></tr>",
                l.quantity,
                esc(&l.name),
                kronor(l.total_amount)
            )
        })
        .collect();
    let summary = format!(
        "<p>Sandbox-handlare · Sandbox merchant<br>Referens / Reference: {}</p>\
         <table>{lines}<tr><td class=\"total\">Att betala · Total</td>\
         <td class=\"n total\">{}</td></tr></table>",
        esc(&order.merchant_reference),
        kronor(order.total_amount)
    );
    match order.status {
        OrderStatus::ScaRequired => {}
        OrderStatus::PreFlightScoring => {
            return page(
                StatusCode::OK,
                "Vänta…",
                "Please wait…",
                &format!("<meta http-equiv=\"refresh\" content=\"1\">{summary}"),
            );
        }
        _ => return finished_page(&order),
    }
    let form = if crate::scenarios::Scenario::of(&order.national_identification_number)
        == crate::scenarios::Scenario::ScaNeverFinishes
    {
        "<p>Väntar på BankID… (det här testscenariot blir aldrig klart)</p>\
         <p class=\"en\">Waiting for BankID… (this test scenario never finishes)</p>"
            .to_owned()
    } else {
        "<form method=\"post\">\
         <button class=\"approve\" name=\"decision\" value=\"approve\">Godkänn med BankID · Approve</button>\
         <button class=\"reject\" name=\"decision\" value=\"reject\">Avbryt · Reject</button></form>"
            .to_owned()
    };
    page(
        StatusCode::OK,
        "Legitimera dig med BankID",
        "Identify yourself with BankID",
        &format!("{summary}{form}"),
    )
}

/// `base` with `pairs` set in its query, other parameters kept.
fn with_params(base: &Url, pairs: &[(&str, String)]) -> Url {
    let mut url = base.clone();
    let kept: Vec<(String, String)> = base
        .query_pairs()
        .filter(|(k, _)| !pairs.iter().any(|(p, _)| p == k))
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
    url.set_query(None);
    {
        let mut q = url.query_pairs_mut();
        for (k, v) in &kept {
            q.append_pair(k, v);
        }
        for (k, v) in pairs {
            q.append_pair(k, v);
        }
    }
    url
}

fn redirect(url: Url) -> Response {
    (StatusCode::SEE_OTHER, [(header::LOCATION, url.to_string())]).into_response()
}

pub(crate) async fn decide(
    State(app): State<App>,
    Query(q): Query<PageQuery>,
    Form(form): Form<DecisionForm>,
) -> Response {
    let order = match order_for(&app, q.token.as_deref()) {
        Ok(o) => o,
        Err(page) => return *page,
    };
    let success_url = match q.success_url.as_deref().map(Url::parse).transpose() {
        Ok(u) => u,
        Err(_) => {
            return error_page(
                StatusCode::BAD_REQUEST,
                "success_url är inte en giltig adress.",
                "success_url is not a valid URL.",
            );
        }
    };
    let decision = match form.decision.as_str() {
        "approve" => ScaDecision::Approve,
        "reject" => ScaDecision::Reject,
        _ => {
            return error_page(StatusCode::BAD_REQUEST, "Okänt val.", "Unknown decision.");
        }
    };
    match app.engine.decide_sca(&order.id, decision) {
        Ok(()) => {}
        Err(ScaError::NotWaitingForSca { .. }) => return finished_page(&order),
        Err(e) => {
            return error_page(StatusCode::CONFLICT, "Det gick inte.", &e.to_string());
        }
    }
    let done = app.engine.settled(&order.id).await.unwrap_or(order);
    let reference = done.merchant_reference.clone();
    let (target, params) = match (done.status, done.resulting_purchase_id) {
        (OrderStatus::WaitingForCapture, Some(purchase_id)) => (
            success_url.or_else(|| app.engine.redirect_url.clone()),
            vec![
                ("status", "WAITING_FOR_CAPTURE".to_owned()),
                ("reference", reference),
                ("purchaseId", purchase_id.to_string()),
            ],
        ),
        (status, _) => (
            app.engine.redirect_url.clone(),
            vec![
                ("status", status.as_str().to_owned()),
                ("reference", reference),
            ],
        ),
    };
    match target {
        Some(url) => redirect(with_params(&url, &params)),
        None => {
            let approved = done.status == OrderStatus::WaitingForCapture;
            let (sv, en) = if approved {
                ("Köpet är godkänt.", "The purchase is approved.")
            } else {
                (
                    "Köpet genomfördes inte.",
                    "The purchase did not go through.",
                )
            };
            page(
                StatusCode::OK,
                sv,
                en,
                &format!("<p>Status: {}</p>", done.status.as_str()),
            )
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn redirect_params_merge_with_existing_ones() {
        let base = Url::parse("https://shop.example/done?order=7&status=old").unwrap();
        let url = with_params(
            &base,
            &[("status", "REJECTED".into()), ("reference", "r 1".into())],
        );
        assert_eq!(
            url.as_str(),
            "https://shop.example/done?order=7&status=REJECTED&reference=r+1"
        );
        assert_eq!(kronor(12_345), "123,45 kr");
    }
}
