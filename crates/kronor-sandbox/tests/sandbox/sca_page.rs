//! The simulated BankID page: content, decisions, redirects, and refusals.

use std::time::Duration;

use kronor_sandbox::{Clock, scenarios};
use serde_json::json;
use url::Url;

use crate::support::*;

async fn get_page(url: Url) -> (u16, String) {
    let resp = client().get(url).send().await.expect("page");
    (resp.status().as_u16(), resp.text().await.expect("html"))
}

/// Posts the form's button; answers status, Location header and body.
async fn press(url: Url, decision: &str) -> (u16, Option<Url>, String) {
    let resp = client()
        .post(url)
        .header("content-type", "application/x-www-form-urlencoded")
        .body(format!("decision={decision}"))
        .send()
        .await
        .expect("answer");
    let status = resp.status().as_u16();
    let location = resp
        .headers()
        .get("location")
        .and_then(|l| l.to_str().ok())
        .and_then(|l| Url::parse(l).ok());
    (status, location, resp.text().await.unwrap_or_default())
}

fn page_url(sb: &kronor_sandbox::Sandbox, token: &str, success_url: Option<&str>) -> Url {
    let mut url = sb.sca_url();
    url.query_pairs_mut().append_pair("token", token);
    if let Some(s) = success_url {
        url.query_pairs_mut().append_pair("success_url", s);
    }
    url
}

fn param(url: &Url, name: &str) -> Option<String> {
    url.query_pairs()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.into_owned())
}

async fn ready(sb: &kronor_sandbox::Sandbox, key: &str, pnr: &str) -> String {
    let mut ws = watch(sb, key).await;
    let (_, wait) = create(sb, key, pnr).await;
    ws.until_status("w", "SCA_REQUIRED").await;
    wait
}

#[tokio::test]
async fn page_shows_the_purchase_in_swedish_and_english_without_javascript() {
    let sb = start().await;
    let wait = ready(&sb, "page-1", scenarios::NORMAL).await;
    let (status, html) = get_page(page_url(&sb, &wait, None)).await;
    assert_eq!(status, 200);
    for needle in [
        "name=\"viewport\"",
        "ref-page-1",
        "260,00 kr",
        "2 × Kaffe",
        "BankID",
        "Godkänn",
        "Approve",
        "<form method=\"post\">",
        "<button class=\"approve\" name=\"decision\" value=\"approve\">",
        "name=\"decision\" value=\"reject\"",
    ] {
        assert!(html.contains(needle), "page lacks {needle:?}");
    }
    assert!(!html.contains("<script"), "no JavaScript");
}

#[tokio::test]
async fn approve_redirects_to_success_url_with_merged_parameters() {
    let sb = start_with(|c| c.redirect_url = Url::parse("https://till.example/back").ok()).await;
    let wait = ready(&sb, "ok-1", scenarios::NORMAL).await;
    let (status, location, _) = press(
        page_url(
            &sb,
            &wait,
            Some("https://shop.example/done?cart=7&status=old"),
        ),
        "approve",
    )
    .await;
    assert_eq!(status, 303);
    let location = location.expect("Location");
    assert_eq!(location.host_str(), Some("shop.example"));
    assert_eq!(param(&location, "cart").as_deref(), Some("7"));
    assert_eq!(
        param(&location, "status").as_deref(),
        Some("WAITING_FOR_CAPTURE")
    );
    assert_eq!(param(&location, "reference").as_deref(), Some("ref-ok-1"));
    let v = gql(&sb, STATUS, json!({"id": "ok-1"})).await;
    let order = &v["data"]["purchaseOrders"][0];
    assert_eq!(statuses(order), ["WAITING_FOR_CAPTURE"]);
    assert_eq!(
        param(&location, "purchaseId"),
        order["resultingPurchaseId"].as_i64().map(|i| i.to_string())
    );

    // Without success_url the merchant's redirect URL is used.
    let wait = ready(&sb, "ok-2", scenarios::NORMAL).await;
    let (_, location, _) = press(page_url(&sb, &wait, None), "approve").await;
    assert_eq!(location.expect("Location").path(), "/back");
    // A second press on a finished order is refused with a page, not a crash.
    let (status, _, html) = press(page_url(&sb, &wait, None), "approve").await;
    assert_eq!(status, 409);
    assert!(html.contains("already finished"));
}

#[tokio::test]
async fn reject_redirects_to_the_merchant_with_rejected() {
    let sb =
        start_with(|c| c.redirect_url = Url::parse("https://till.example/back?till=3").ok()).await;
    let wait = ready(&sb, "rej", scenarios::NORMAL).await;
    let (status, location, _) = press(
        page_url(&sb, &wait, Some("https://shop.example/ok")),
        "reject",
    )
    .await;
    assert_eq!(status, 303);
    let location = location.expect("Location");
    assert_eq!(location.host_str(), Some("till.example"));
    assert_eq!(param(&location, "till").as_deref(), Some("3"));
    assert_eq!(param(&location, "status").as_deref(), Some("REJECTED"));
    assert_eq!(param(&location, "reference").as_deref(), Some("ref-rej"));

    // Risk scoring's rejection after an approved SCA goes the same way.
    let wait = ready(&sb, "risk", scenarios::REJECTED_AT_RISK_SCORING).await;
    let (_, location, _) = press(page_url(&sb, &wait, None), "approve").await;
    assert_eq!(
        param(&location.expect("Location"), "status").as_deref(),
        Some("REJECTED")
    );
}

#[tokio::test]
async fn with_nowhere_to_go_a_result_page_is_shown() {
    let sb = start().await;
    let wait = ready(&sb, "home", scenarios::NORMAL).await;
    let (status, _, html) = press(page_url(&sb, &wait, None), "approve").await;
    assert_eq!(status, 200);
    assert!(html.contains("WAITING_FOR_CAPTURE"));
    let wait = ready(&sb, "stuck", scenarios::SCA_NEVER_FINISHES).await;
    let (status, html) = get_page(page_url(&sb, &wait, None)).await;
    assert_eq!(status, 200);
    assert!(!html.contains("<form"), "this scenario cannot be finished");
}

#[tokio::test]
async fn bad_expired_and_foreign_tokens_get_clear_error_pages() {
    let clock = Clock::manual(
        jiff::Timestamp::UNIX_EPOCH + jiff::SignedDuration::from_hours(24 * 365 * 56),
    );
    let sb = start_with(|c| c.clock = clock.clone()).await;
    let other = start().await;
    let (_, foreign) = create(&other, "elsewhere", scenarios::NORMAL).await;
    let wait = ready(&sb, "exp", scenarios::NORMAL).await;
    let (status, html) = get_page(sb.sca_url()).await;
    assert_eq!(status, 400);
    assert!(html.contains("no token"));
    let (status, _) = get_page(page_url(&sb, "garbage", None)).await;
    assert_eq!(status, 401);
    let (status, html) = get_page(page_url(&sb, &foreign, None)).await;
    assert_eq!(status, 401, "another sandbox's waitToken");
    assert!(html.contains("invalid or has expired"));
    let (status, _) = get_page(page_url(&sb, &sb.merchant_token(), None)).await;
    assert_eq!(status, 403);
    let (status, _, _) = press(page_url(&sb, &wait, Some("not a url")), "approve").await;
    assert_eq!(status, 400);
    let (status, _, _) = press(page_url(&sb, &wait, None), "maybe").await;
    assert_eq!(status, 400);
    clock.advance(Duration::from_secs(25 * 3600));
    let (status, html) = get_page(page_url(&sb, &wait, None)).await;
    assert_eq!(status, 401);
    assert!(html.contains("JWTExpired"));
}
