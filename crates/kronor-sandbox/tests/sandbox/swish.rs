//! Swish through payment sessions: helpers, the session and payment input rules, each status,
//! cancels, the reference check, the session token's scope, and refunds.

use std::time::Duration;

use kronor_sandbox::{Clock, Sandbox, SwishDecision};
use serde_json::{Value, json};

use crate::support::*;

pub const NEW_SESSION: &str =
    "mutation S($p: PaymentSessionInput!) { newPaymentSession(payment: $p) { token } }";
pub const REF_CHECK: &str = "mutation R($p: PaymentSessionWithReferenceCheckInput!) { newPaymentSessionWithReferenceCheck(payment: $p) { token paymentId paymentTransactionId } }";
pub const NEW_SWISH: &str =
    "mutation P($p: SwishPaymentInput!) { newSwishPayment(pay: $p) { waitToken } }";
pub const CANCEL: &str =
    "mutation C($c: PaymentCancelInput!) { cancelPayment(cancel: $c) { waitToken } }";
pub const CANCEL_SWISH: &str =
    "mutation C($c: SwishPaymentCancelInput!) { cancelSwishPayment(pay: $c) { waitToken } }";
pub const REFUND: &str = "mutation F($r: RefundPaymentInput!) { refundPayment(refund: $r) { refundTransactionId waitToken } }";
/// What a session token's till watches (gateway-only fields included).
pub const PAYMENT: &str = "query Q($t: uuid!) { paymentRequests(where: {waitToken: {_eq: $t}}) { waitToken amount currency message reference resultingPaymentId transactionId paymentProvider paymentFlow status { status enteredAt } statusHistory { status } session { id amount } transactionSwishDetails { qrCode errorCode errorMessage amount dateCreated datePaid returnUrl } } }";
pub const WATCH_PAYMENT: &str = "subscription W($t: uuid!) { paymentRequests(where: {waitToken: {_eq: $t}}) { waitToken resultingPaymentId status { status } transactionSwishDetails { qrCode errorCode } } }";
/// The merchant's view (no `session`, no `qrCode` in its schema).
pub const MERCHANT_PAYMENTS: &str = "query { paymentRequests { waitToken reference resultingPaymentId status { status } statusHistory { status } transactionSwishDetails { errorCode datePaid } } }";

pub fn expires_in(sb: &Sandbox, d: Duration) -> String {
    let at = sb
        .clock()
        .now()
        .checked_add(jiff::SignedDuration::try_from(d).expect("duration"))
        .expect("timestamp");
    at.to_string()
}

pub fn session_input(sb: &Sandbox, key: &str, reference: &str) -> Value {
    json!({
        "amount": 25_000,
        "currency": "SEK",
        "expiresAt": expires_in(sb, Duration::from_secs(3600)),
        "idempotencyKey": key,
        "merchantReference": reference,
        "message": "Kassa 1: kvitto 42",
    })
}

/// A new session; answers its token.
pub async fn new_session(sb: &Sandbox, key: &str, reference: &str) -> String {
    let v = gql(
        sb,
        NEW_SESSION,
        json!({"p": session_input(sb, key, reference)}),
    )
    .await;
    v["data"]["newPaymentSession"]["token"]
        .as_str()
        .unwrap_or_else(|| panic!("session created: {v}"))
        .to_owned()
}

pub fn swish_input(key: &str) -> Value {
    json!({"flow": "mcom", "idempotencyKey": key, "returnUrl": "https://kassa.example/back"})
}

/// A Swish payment in the session; answers its waitToken.
pub async fn new_swish(sb: &Sandbox, session: &str, key: &str) -> String {
    let v = gql_as(sb, session, NEW_SWISH, json!({"p": swish_input(key)})).await;
    v["data"]["newSwishPayment"]["waitToken"]
        .as_str()
        .unwrap_or_else(|| panic!("swish payment created: {v}"))
        .to_owned()
}

/// A subscription pinned to one payment request, with `token` (session or merchant).
pub async fn watch_payment(sb: &Sandbox, token: &str, wait: &str, protocol: &'static str) -> Ws {
    let mut ws = Ws::connect(sb, Some(protocol)).await.expect("upgrade");
    assert_eq!(ws.init(token).await["type"], "connection_ack");
    ws.subscribe("p", WATCH_PAYMENT, json!({"t": wait})).await;
    ws
}

/// Waits for a frame whose payment request is in `status`; answers the request.
pub async fn until_payment(ws: &mut Ws, status: &str) -> Value {
    loop {
        let v = ws.next_payload("p").await;
        assert!(v["type"] == "next" || v["type"] == "data", "frame {v}");
        let r = v["payload"]["data"]["paymentRequests"][0].clone();
        if statuses(&r).iter().any(|s| s == status) {
            return r;
        }
    }
}

pub async fn payment(sb: &Sandbox, token: &str, wait: &str) -> Value {
    let v = gql_as(sb, token, PAYMENT, json!({"t": wait})).await;
    v["data"]["paymentRequests"][0].clone()
}

fn history(r: &Value) -> Vec<String> {
    r["statusHistory"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|s| s["status"].as_str().map(str::to_owned))
        .collect()
}

pub fn manual() -> Clock {
    Clock::manual("2026-03-01T10:00:00Z".parse().expect("timestamp"))
}

fn assert_invalid(v: &Value, needle: &str) {
    let (code, kind, message) = first_error(v);
    assert_eq!(kind, "VALIDATION_FAILURE", "{v}");
    assert_eq!(code, "validation-failed", "{v}");
    assert!(message.contains(needle), "{needle:?} not in {message:?}");
}

#[tokio::test]
async fn session_input_rules_are_kronors() {
    let sb = start_with(|c| c.clock = manual()).await;
    let base = session_input(&sb, "rules-1", "ref-rules");
    let cases: Vec<(&str, Value, &str)> = vec![
        ("amount", json!(0), "amount"),
        ("amount", json!(1_000_000_000), "999999999"),
        ("message", json!("a".repeat(51)), "at most 50"),
        ("message", json!("Kaffe & bulle"), "'&'"),
        ("message", json!(""), "message"),
        (
            "expiresAt",
            json!(expires_in(&sb, Duration::from_secs(24 * 3600 + 1))),
            "24 hours",
        ),
        ("expiresAt", json!("2026-03-01T09:59:59Z"), "future"),
        ("expiresAt", json!("tomorrow"), "ISO-8601"),
        ("currency", json!("EUR"), "SEK"),
        (
            "merchantReference",
            json!("r".repeat(65)),
            "merchantReference",
        ),
        ("merchantReference", json!(""), "merchantReference"),
        ("idempotencyKey", json!("bad key!"), "idempotencyKey"),
    ];
    for (field, value, needle) in cases {
        let mut p = base.clone();
        p[field] = value.clone();
        let v = gql(&sb, NEW_SESSION, json!({"p": p})).await;
        assert_invalid(&v, needle);
        assert!(
            v["errors"][0]["extensions"]["path"]
                .as_str()
                .is_some_and(|p| p.ends_with(field)),
            "{field}={value}: {v}"
        );
    }
    assert_eq!(sb.payment_session_count(), 0);
    // Exactly 24 h, 1 öre, 999999999 öre, Swedish letters and Kronor's punctuation pass.
    let mut ok = base.clone();
    ok["expiresAt"] = json!(expires_in(&sb, Duration::from_secs(24 * 3600)));
    ok["amount"] = json!(999_999_999);
    ok["message"] = json!("Tack för köpet! (Åsa, Örjan; Ärla?) ”ok”.");
    let first = gql(&sb, NEW_SESSION, json!({"p": ok})).await;
    let token = first["data"]["newPaymentSession"]["token"].clone();
    assert!(token.is_string(), "{first}");
    let again = gql(&sb, NEW_SESSION, json!({"p": ok})).await;
    assert_eq!(again["data"]["newPaymentSession"]["token"], token, "replay");
    let mut other = ok.clone();
    other["amount"] = json!(1);
    let v = gql(&sb, NEW_SESSION, json!({"p": other})).await;
    assert_invalid(&v, "already used with other data");
    assert_eq!(sb.payment_session_count(), 1);
}

#[tokio::test]
async fn paid_flow_pushes_each_status_over_both_protocols() {
    for protocol in ["graphql-transport-ws", "graphql-ws"] {
        let sb = start_with(|c| c.clock = manual()).await;
        let session = new_session(&sb, "paid-1", "ref-paid").await;
        let wait = new_swish(&sb, &session, "pay-1").await;
        let mut ws = watch_payment(&sb, &session, &wait, protocol).await;
        let waiting = until_payment(&mut ws, "WAITING_FOR_PAYMENT").await;
        let qr = waiting["transactionSwishDetails"][0]["qrCode"]
            .as_str()
            .expect("qr");
        assert!(qr.len() >= 32, "{qr}");
        assert!(sb.inject_payment_status(&wait, "SOME_NEW_STATUS"));
        let injected = until_payment(&mut ws, "SOME_NEW_STATUS").await;
        assert_eq!(
            statuses(&injected),
            ["WAITING_FOR_PAYMENT", "SOME_NEW_STATUS"]
        );
        sb.decide_swish(&wait, SwishDecision::Pay).expect("pay");
        let paid = until_payment(&mut ws, "PAID").await;
        assert_eq!(statuses(&paid), ["PAID"], "{protocol}");
        let pid = paid["resultingPaymentId"].as_i64().expect("bigint id");
        let r = payment(&sb, &session, &wait).await;
        assert_eq!(history(&r), ["INITIALIZING", "WAITING_FOR_PAYMENT", "PAID"]);
        assert_eq!(r["resultingPaymentId"].as_i64(), Some(pid));
        assert_eq!(r["amount"].as_i64(), Some(25_000));
        assert_eq!(r["currency"], "SEK");
        assert_eq!(r["paymentProvider"], "SWISH");
        assert_eq!(r["paymentFlow"], "mcom");
        assert_eq!(r["reference"], "ref-paid");
        assert_eq!(r["message"], "Kassa 1: kvitto 42");
        assert!(r["session"]["id"].is_string());
        assert!(r["transactionSwishDetails"][0]["datePaid"].is_string());
        assert_eq!(
            r["transactionSwishDetails"][0]["returnUrl"],
            "https://kassa.example/back"
        );
        assert_eq!(
            sb.decide_swish(&wait, SwishDecision::Decline),
            Err(kronor_sandbox::SwishError::NotWaitingForPayment {
                status: "PAID".into()
            })
        );
        // Paid: the session takes no second payment.
        let v = gql_as(&sb, &session, NEW_SWISH, json!({"p": swish_input("pay-2")})).await;
        assert_invalid(&v, "already has a payment");
        assert_eq!(sb.payment_request_count(), 1);
    }
}

#[tokio::test]
async fn declined_and_timed_out_payments_end_and_free_the_session() {
    let clock = manual();
    let sb = start_with(|c| {
        c.clock = clock.clone();
        c.swish_timeout = Duration::from_secs(180);
    })
    .await;
    let session = new_session(&sb, "dec-1", "ref-dec").await;
    let wait = new_swish(&sb, &session, "dec-pay-1").await;
    let mut ws = watch_payment(&sb, &session, &wait, "graphql-transport-ws").await;
    until_payment(&mut ws, "WAITING_FOR_PAYMENT").await;
    sb.decide_swish(&wait, SwishDecision::Decline)
        .expect("decline");
    let declined = until_payment(&mut ws, "DECLINED").await;
    assert!(declined["resultingPaymentId"].is_null());

    // Declined: a new payment may start; nobody answers it within swish_timeout.
    let wait2 = new_swish(&sb, &session, "dec-pay-2").await;
    let mut ws = watch_payment(&sb, &session, &wait2, "graphql-ws").await;
    until_payment(&mut ws, "WAITING_FOR_PAYMENT").await;
    clock.advance(Duration::from_secs(179));
    assert_eq!(
        statuses(&payment(&sb, &session, &wait2).await),
        ["WAITING_FOR_PAYMENT"]
    );
    clock.advance(Duration::from_secs(1));
    let failed = until_payment(&mut ws, "ERROR").await;
    assert_eq!(failed["transactionSwishDetails"][0]["errorCode"], "TM01");
    let r = payment(&sb, &session, &wait2).await;
    assert_eq!(
        r["transactionSwishDetails"][0]["errorMessage"],
        "Swish timed out before the payment was started"
    );
    assert_eq!(
        history(&r),
        ["INITIALIZING", "WAITING_FOR_PAYMENT", "ERROR"]
    );
    new_swish(&sb, &session, "dec-pay-3").await;
    assert_eq!(sb.payment_request_count(), 3);
}

#[tokio::test]
async fn swish_payment_rules_and_replay() {
    let sb = start().await;
    let session = new_session(&sb, "sw-1", "ref-sw").await;
    let mut bad = swish_input("sw-pay-1");
    bad["flow"] = json!("qr");
    let v = gql_as(&sb, &session, NEW_SWISH, json!({"p": bad})).await;
    assert_invalid(&v, "\"mcom\" or \"ecom\"");
    let wait = new_swish(&sb, &session, "sw-pay-1").await;
    assert_eq!(new_swish(&sb, &session, "sw-pay-1").await, wait, "replay");
    let mut other = swish_input("sw-pay-1");
    other["flow"] = json!("ecom");
    let v = gql_as(&sb, &session, NEW_SWISH, json!({"p": other})).await;
    assert_invalid(&v, "already used with other data");
    let v = gql_as(
        &sb,
        &session,
        NEW_SWISH,
        json!({"p": swish_input("sw-pay-2")}),
    )
    .await;
    assert_invalid(&v, "already has a payment that is");
    assert_eq!(sb.payment_request_count(), 1);
}

#[tokio::test]
async fn cancel_by_session_and_by_merchant() {
    let sb = start().await;
    let session = new_session(&sb, "c-1", "ref-c1").await;
    let wait = new_swish(&sb, &session, "c-pay-1").await;
    let v = gql_as(
        &sb,
        &session,
        CANCEL,
        json!({"c": {"idempotencyKey": "c-cancel-1"}}),
    )
    .await;
    assert_eq!(v["data"]["cancelPayment"]["waitToken"], json!(wait), "{v}");
    let again = gql_as(
        &sb,
        &session,
        CANCEL,
        json!({"c": {"idempotencyKey": "c-cancel-1"}}),
    )
    .await;
    assert_eq!(again, v, "same-key replay");
    assert_eq!(
        statuses(&payment(&sb, &session, &wait).await),
        ["CANCELLED"]
    );
    let v = gql_as(
        &sb,
        &session,
        CANCEL,
        json!({"c": {"idempotencyKey": "c-cancel-2"}}),
    )
    .await;
    assert_invalid(&v, "no open payment");
    assert_eq!(
        sb.decide_swish(&wait, SwishDecision::Pay),
        Err(kronor_sandbox::SwishError::NotWaitingForPayment {
            status: "CANCELLED".into()
        })
    );

    // cancelSwishPayment with the session token: paymentId is the waitToken.
    let wait2 = new_swish(&sb, &session, "c-pay-2").await;
    let v = gql_as(
        &sb,
        &session,
        CANCEL_SWISH,
        json!({"c": {"idempotencyKey": "c-cs-1", "paymentId": wait2}}),
    )
    .await;
    assert_eq!(
        v["data"]["cancelSwishPayment"]["waitToken"],
        json!(wait2),
        "{v}"
    );

    // The merchant cancels the open payment for a reference.
    let wait3 = new_swish(&sb, &session, "c-pay-3").await;
    let v = gql(
        &sb,
        CANCEL,
        json!({"c": {"idempotencyKey": "m-cancel-1", "paymentReference": "ref-c1"}}),
    )
    .await;
    assert_eq!(v["data"]["cancelPayment"]["waitToken"], json!(wait3), "{v}");
    let v = gql(
        &sb,
        CANCEL,
        json!({"c": {"idempotencyKey": "m-cancel-2", "paymentReference": "ref-none"}}),
    )
    .await;
    assert_invalid(&v, "no open payment");
    let wait4 = new_swish(&sb, &session, "c-pay-4").await;
    let v = gql(
        &sb,
        CANCEL_SWISH,
        json!({"c": {"idempotencyKey": "m-cs-1", "paymentId": wait4, "paymentReference": "ref-c1"}}),
    )
    .await;
    assert_eq!(
        v["data"]["cancelSwishPayment"]["waitToken"],
        json!(wait4),
        "{v}"
    );
    let m = gql(&sb, MERCHANT_PAYMENTS, json!({})).await;
    let all = m["data"]["paymentRequests"]
        .as_array()
        .expect("rows")
        .clone();
    assert_eq!(all.len(), 4);
    assert!(all.iter().all(|r| statuses(r) == ["CANCELLED"]), "{m}");
}

#[tokio::test]
async fn reference_check_reuses_the_session_and_reports_the_payment_once_paid() {
    // A manual clock keeps expiresAt (part of "the same data") the same between calls.
    let sb = start_with(|c| c.clock = manual()).await;
    let p = |key: &str| {
        let mut p = session_input(&sb, key, "order-77");
        p["country"] = json!("SE");
        p
    };
    let first = gql(&sb, REF_CHECK, json!({"p": p("rc-1")})).await;
    let r = &first["data"]["newPaymentSessionWithReferenceCheck"];
    let token = r["token"].as_str().expect("token").to_owned();
    assert!(r["paymentId"].is_null(), "{first}");
    let second = gql(&sb, REF_CHECK, json!({"p": p("rc-2")})).await;
    assert_eq!(
        second["data"]["newPaymentSessionWithReferenceCheck"]["token"],
        json!(token),
        "same reference, amount and currency: the same session"
    );
    assert_eq!(sb.payment_session_count(), 1);
    let mut other_amount = p("rc-3");
    other_amount["amount"] = json!(100);
    let third = gql(&sb, REF_CHECK, json!({"p": other_amount})).await;
    let other = &third["data"]["newPaymentSessionWithReferenceCheck"]["token"];
    assert!(other.is_string() && other != &json!(token), "{third}");
    assert_eq!(sb.payment_session_count(), 2);
    let wait = new_swish(&sb, &token, "rc-pay").await;
    sb.decide_swish(&wait, SwishDecision::Pay).expect("pay");
    let paid = payment(&sb, &token, &wait).await;
    let again = gql(&sb, REF_CHECK, json!({"p": p("rc-1")})).await;
    let r = &again["data"]["newPaymentSessionWithReferenceCheck"];
    assert_eq!(r["token"], json!(token));
    assert_eq!(
        r["paymentId"],
        json!(paid["resultingPaymentId"].as_i64().expect("id").to_string())
    );
    assert_eq!(r["paymentTransactionId"], paid["transactionId"]);
    let mut reused = p("rc-1");
    reused["message"] = json!("Annat");
    let v = gql(&sb, REF_CHECK, json!({"p": reused})).await;
    assert_invalid(&v, "already used with other data");
}

#[tokio::test]
async fn a_session_token_sees_its_session_and_nothing_else() {
    let sb = start().await;
    let a = new_session(&sb, "scope-a", "ref-a").await;
    let b = new_session(&sb, "scope-b", "ref-b").await;
    let wa = new_swish(&sb, &a, "scope-pay-a").await;
    let wb = new_swish(&sb, &b, "scope-pay-b").await;
    let all = "query { paymentRequests { waitToken } }";
    let v = gql_as(&sb, &a, all, json!({})).await;
    assert_eq!(v["data"]["paymentRequests"], json!([{"waitToken": wa}]));
    let v = gql_as(&sb, &a, PAYMENT, json!({"t": wb})).await;
    assert_eq!(v["data"]["paymentRequests"], json!([]), "{v}");
    let v = gql(&sb, all, json!({})).await;
    assert_eq!(
        v["data"]["paymentRequests"].as_array().map(Vec::len),
        Some(2)
    );
    for forbidden in [
        "query { purchaseOrders { id } }",
        "query { purchases { id } }",
        "query { version }",
    ] {
        let v = gql_as(&sb, &a, forbidden, json!({})).await;
        assert_eq!(first_error(&v).0, "access-denied", "{forbidden}: {v}");
    }
    let v = gql_as(
        &sb,
        &a,
        NEW_SESSION,
        json!({"p": session_input(&sb, "x-1", "x")}),
    )
    .await;
    assert_eq!(first_error(&v).0, "access-denied", "{v}");
    let v = gql_as(
        &sb,
        &a,
        CREATE,
        json!({"p": order_input("x-2", "194810229883")}),
    )
    .await;
    assert_eq!(first_error(&v).0, "access-denied", "{v}");
    // Another session's payment cannot be cancelled.
    let v = gql_as(
        &sb,
        &a,
        CANCEL_SWISH,
        json!({"c": {"idempotencyKey": "scope-cs", "paymentId": wb}}),
    )
    .await;
    assert_invalid(&v, "not found");
    // The merchant cannot start a Swish payment (not in its schema) …
    let v = gql(&sb, NEW_SWISH, json!({"p": swish_input("m-pay")})).await;
    assert!(v["errors"].is_array(), "{v}");
    // … nor ask for gateway-only fields.
    let v = gql(
        &sb,
        "query { paymentRequests { session { id } } }",
        json!({}),
    )
    .await;
    assert!(v["errors"].is_array(), "{v}");
    // Over WebSocket the same scope holds.
    let mut ws = Ws::connect(&sb, Some("graphql-transport-ws"))
        .await
        .expect("ws");
    assert_eq!(ws.init(&a).await["type"], "connection_ack");
    ws.subscribe("x", "subscription { purchaseOrders { id } }", json!({}))
        .await;
    assert_eq!(ws.next_payload("x").await["type"], "error");
    ws.subscribe("p", WATCH_PAYMENT, json!({"t": wb})).await;
    let v = ws.next_payload("p").await;
    assert_eq!(v["payload"]["data"]["paymentRequests"], json!([]), "{v}");
}

#[tokio::test]
async fn a_session_token_expires_with_its_session() {
    let sb = start_with(|c| c.clock = manual()).await;
    let mut p = session_input(&sb, "exp-1", "ref-exp");
    p["expiresAt"] = json!(expires_in(&sb, Duration::from_secs(600)));
    let v = gql(&sb, NEW_SESSION, json!({"p": p})).await;
    let token = v["data"]["newPaymentSession"]["token"]
        .as_str()
        .expect("token")
        .to_owned();
    new_swish(&sb, &token, "exp-pay").await;
    sb.clock().advance(Duration::from_secs(600));
    let v = gql_as(
        &sb,
        &token,
        "query { paymentRequests { waitToken } }",
        json!({}),
    )
    .await;
    assert_eq!(first_error(&v).0, "invalid-jwt", "{v}");
}

#[tokio::test]
async fn refunds_whole_or_partial_within_what_is_left() {
    let sb = start().await;
    let session = new_session(&sb, "rf-1", "ref-rf").await;
    let wait = new_swish(&sb, &session, "rf-pay").await;
    let v = gql(
        &sb,
        REFUND,
        json!({"r": {"idempotencyKey": "rf-early", "paymentId": 1, "amount": 1, "message": "Retur"}}),
    )
    .await;
    assert_invalid(&v, "not found");
    sb.decide_swish(&wait, SwishDecision::Pay).expect("pay");
    let pid = payment(&sb, &session, &wait).await["resultingPaymentId"]
        .as_i64()
        .expect("id");
    let refund = |key: &str, amount: i64| json!({"r": {"idempotencyKey": key, "paymentId": pid.to_string(), "amount": amount, "message": "Retur"}});
    let first = gql(&sb, REFUND, refund("rf-a", 10_000)).await;
    let r = &first["data"]["refundPayment"];
    assert!(
        r["refundTransactionId"].is_string() && r["waitToken"].is_string(),
        "{first}"
    );
    assert_eq!(
        gql(&sb, REFUND, refund("rf-a", 10_000)).await,
        first,
        "replay"
    );
    let v = gql(&sb, REFUND, refund("rf-a", 5_000)).await;
    assert_invalid(&v, "already used with other data");
    let v = gql(&sb, REFUND, refund("rf-b", 15_001)).await;
    assert_invalid(&v, "between 1 and 15000");
    let v = gql(&sb, REFUND, refund("rf-c", 0)).await;
    assert_invalid(&v, "between 1 and 15000");
    let rest = gql(&sb, REFUND, refund("rf-b", 15_000)).await;
    assert!(
        rest["data"]["refundPayment"]["refundTransactionId"].is_string(),
        "{rest}"
    );
    let v = gql(&sb, REFUND, refund("rf-d", 1)).await;
    assert_invalid(&v, "between 1 and 0");
    assert_eq!(sb.refund_count(), 2);
    // A session token cannot refund (not in its schema, and not allowed).
    let v = gql_as(&sb, &session, REFUND, refund("rf-e", 1)).await;
    assert!(v["errors"].is_array(), "{v}");
}

#[tokio::test]
async fn faults_fire_for_payment_operations_of_both_roles() {
    let sb = start().await;
    sb.faults().inject(
        "newPaymentSession",
        kronor_sandbox::Fault::TemporaryFailure,
        1,
    );
    let v = gql(
        &sb,
        NEW_SESSION,
        json!({"p": session_input(&sb, "f-1", "ref-f")}),
    )
    .await;
    assert_eq!(first_error(&v).1, "TEMPORARY_FAILURE", "{v}");
    assert_eq!(sb.payment_session_count(), 0);
    let session = new_session(&sb, "f-1", "ref-f").await;
    sb.faults().inject(
        "newSwishPayment",
        kronor_sandbox::Fault::TemporaryFailure,
        1,
    );
    let v = gql_as(&sb, &session, NEW_SWISH, json!({"p": swish_input("f-pay")})).await;
    assert_eq!(first_error(&v).1, "TEMPORARY_FAILURE", "{v}");
    assert_eq!(sb.payment_request_count(), 0);
    new_swish(&sb, &session, "f-pay").await;
    assert_eq!(sb.payment_request_count(), 1);
}

#[tokio::test]
async fn an_unpinned_live_query_shows_the_merchants_new_payments() {
    let sb = start().await;
    let mut ws = Ws::connect(&sb, Some("graphql-ws")).await.expect("ws");
    assert_eq!(
        ws.init(&sb.merchant_token()).await["type"],
        "connection_ack"
    );
    let all = "subscription { paymentRequests { waitToken reference status { status } } }";
    ws.subscribe("p", all, json!({})).await;
    let first = ws.next_payload("p").await;
    assert_eq!(
        first["payload"]["data"]["paymentRequests"],
        json!([]),
        "{first}"
    );
    let session = new_session(&sb, "live-1", "ref-live").await;
    let wait = new_swish(&sb, &session, "live-pay").await;
    loop {
        let v = ws.next_payload("p").await;
        let rows = v["payload"]["data"]["paymentRequests"].clone();
        if rows[0]["waitToken"] == json!(wait) && statuses(&rows[0]) == ["WAITING_FOR_PAYMENT"] {
            assert_eq!(rows[0]["reference"], "ref-live");
            break;
        }
    }
    sb.decide_swish(&wait, SwishDecision::Pay).expect("pay");
    loop {
        let v = ws.next_payload("p").await;
        if statuses(&v["payload"]["data"]["paymentRequests"][0]) == ["PAID"] {
            break;
        }
    }
}

#[tokio::test]
async fn the_control_endpoint_decides_a_swish_payment() {
    let sb = start().await;
    let session = new_session(&sb, "ctl-1", "ref-ctl").await;
    let wait = new_swish(&sb, &session, "ctl-pay").await;
    let url = sb.graphql_url().join("/control/swish").expect("url");
    let press = |decision: &str| {
        client()
            .post(url.clone())
            .header("authorization", format!("Bearer {}", sb.merchant_token()))
            .header("content-type", "application/json")
            .body(json!({"waitToken": wait, "decision": decision}).to_string())
            .send()
    };
    assert_eq!(press("pay").await.expect("answer").status().as_u16(), 204);
    assert_eq!(statuses(&payment(&sb, &session, &wait).await), ["PAID"]);
    assert_eq!(
        press("decline").await.expect("answer").status().as_u16(),
        409
    );
    let status = client()
        .get(sb.graphql_url().join("/control/faults").expect("url"))
        .header("authorization", format!("Bearer {}", sb.merchant_token()))
        .send()
        .await
        .expect("status")
        .text()
        .await
        .expect("body");
    let v: Value = serde_json::from_str(&status).expect("json");
    assert_eq!(v["paymentSessions"], 1);
    assert_eq!(v["paymentRequests"], 1);
}

#[tokio::test]
async fn concurrent_requests_make_one_session_and_one_payment() {
    let sb = std::sync::Arc::new(start().await);
    let input = session_input(&sb, "conc-1", "ref-conc");
    let sessions = futures::future::join_all((0..20).map(|_| {
        let (sb, input) = (sb.clone(), input.clone());
        async move { gql(&sb, NEW_SESSION, json!({"p": input})).await }
    }))
    .await;
    let token = sessions[0]["data"]["newPaymentSession"]["token"].clone();
    assert!(token.is_string(), "{}", sessions[0]);
    assert!(
        sessions
            .iter()
            .all(|v| v["data"]["newPaymentSession"]["token"] == token)
    );
    assert_eq!(sb.payment_session_count(), 1);
    let token = token.as_str().unwrap_or_default().to_owned();
    // Twenty different keys race for the one payment the session may have.
    let payments = futures::future::join_all((0..20).map(|i| {
        let (sb, token) = (sb.clone(), token.clone());
        async move {
            gql_as(
                &sb,
                &token,
                NEW_SWISH,
                json!({"p": swish_input(&format!("conc-pay-{i}"))}),
            )
            .await
        }
    }))
    .await;
    let created = payments
        .iter()
        .filter(|v| v["data"]["newSwishPayment"]["waitToken"].is_string())
        .count();
    assert_eq!(created, 1, "{payments:?}");
    assert_eq!(sb.payment_request_count(), 1);
}
