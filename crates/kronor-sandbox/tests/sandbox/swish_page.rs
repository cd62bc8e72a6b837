//! The simulated Swish app page: content in Swedish and English, the decision, refusals.

use kronor_sandbox::Sandbox;
use serde_json::json;
use url::Url;

use crate::support::*;
use crate::swish::{new_session, new_swish, payment};

fn page_url(sb: &Sandbox, token: &str) -> Url {
    let mut url = sb.swish_url();
    url.query_pairs_mut().append_pair("token", token);
    url
}

#[tokio::test]
async fn page_shows_the_payment_and_pay_makes_it_paid() {
    let sb = start().await;
    assert_eq!(sb.swish_url().path(), "/swish/");
    let session = new_session(&sb, "page-1", "ref-page").await;
    let wait = new_swish(&sb, &session, "page-pay").await;
    let resp = client()
        .get(page_url(&sb, &wait))
        .send()
        .await
        .expect("page");
    assert_eq!(resp.status().as_u16(), 200);
    let csp = resp.headers()["content-security-policy"]
        .to_str()
        .unwrap_or("")
        .to_owned();
    assert!(csp.contains("default-src 'none'"), "{csp}");
    let html = resp.text().await.expect("html");
    assert!(html.contains("250,00 kr"), "{html}");
    assert!(html.contains("Kassa 1: kvitto 42"), "{html}");
    assert!(html.contains("Betala") && html.contains("Pay"), "{html}");
    assert!(html.contains("Godkänn betalningen") && html.contains("Approve the payment"));
    assert!(html.contains("<form method=\"post\">"));
    assert!(html.contains("name=\"decision\" value=\"pay\""));
    assert!(html.contains("name=\"decision\" value=\"decline\""));
    assert!(!html.contains("<script"), "no JavaScript");
    assert!(html.contains("width=device-width"));

    let resp = client()
        .post(page_url(&sb, &wait))
        .header("content-type", "application/x-www-form-urlencoded")
        .body("decision=pay")
        .send()
        .await
        .expect("answer");
    assert_eq!(resp.status().as_u16(), 200);
    let html = resp.text().await.expect("html");
    assert!(
        html.contains("Betalningen är klar") && html.contains("PAID"),
        "{html}"
    );
    let r = payment(&sb, &session, &wait).await;
    assert_eq!(statuses(&r), ["PAID"]);
    assert!(r["resultingPaymentId"].is_i64());

    let resp = client()
        .get(page_url(&sb, &wait))
        .send()
        .await
        .expect("page");
    assert_eq!(resp.status().as_u16(), 409, "finished");
    assert!(resp.text().await.unwrap_or_default().contains("PAID"));
}

#[tokio::test]
async fn decline_unknown_and_missing_tokens() {
    let sb = start().await;
    let session = new_session(&sb, "page-2", "ref-page2").await;
    let wait = new_swish(&sb, &session, "page-pay-2").await;
    let resp = client()
        .post(page_url(&sb, &wait))
        .header("content-type", "application/x-www-form-urlencoded")
        .body("decision=decline")
        .send()
        .await
        .expect("answer");
    assert_eq!(resp.status().as_u16(), 200);
    assert!(resp.text().await.unwrap_or_default().contains("DECLINED"));
    let v = gql_as(&sb, &session, crate::swish::PAYMENT, json!({"t": wait})).await;
    assert_eq!(statuses(&v["data"]["paymentRequests"][0]), ["DECLINED"]);
    let unknown = client()
        .get(page_url(&sb, "00000000-0000-4000-8000-000000000000"))
        .send()
        .await
        .expect("page");
    assert_eq!(unknown.status().as_u16(), 404);
    assert!(
        unknown
            .text()
            .await
            .unwrap_or_default()
            .contains("no such payment")
    );
    let missing = client().get(sb.swish_url()).send().await.expect("page");
    assert_eq!(missing.status().as_u16(), 400);
}
