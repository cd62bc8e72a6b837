//! The GraphQL API over HTTP: create, read, validation, idempotency, tokens.

use std::time::Duration;

use kronor_sandbox::{Clock, scenarios};
use serde_json::{Value, json};

use crate::support::*;

#[tokio::test]
async fn created_order_is_readable_with_merchant_token_and_waits_for_sca() {
    let sb = start().await;
    let (id, wait_token) = create(&sb, "order-1", scenarios::NORMAL).await;
    assert_eq!(id, "order-1", "the id equals the idempotency key");
    assert_eq!(wait_token.split('.').count(), 3, "waitToken is a JWT");
    let mut ws = watch(&sb, &id).await;
    ws.until_status("w", "SCA_REQUIRED").await;
    let v = gql(&sb, STATUS, json!({"id": id})).await;
    let order = &v["data"]["purchaseOrders"][0];
    assert_eq!(order["merchantReference"], "ref-order-1");
    assert_eq!(statuses(order), ["SCA_REQUIRED"]);
    assert!(order["resultingPurchaseId"].is_null());
    let entered = order["status"][0]["enteredAt"].as_str().unwrap_or_default();
    assert!(
        entered.parse::<jiff::Timestamp>().is_ok() && entered.ends_with("+00:00"),
        "{entered}"
    );
    let v = gql(&sb, "{ version }", json!({})).await;
    assert!(
        v["data"]["version"]
            .as_str()
            .unwrap_or_default()
            .starts_with("kronor-sandbox")
    );
}

#[tokio::test]
async fn new_purchase_order_is_the_guides_name_for_the_same_mutation() {
    let sb = start().await;
    let q = "mutation($p: PurchaseOrderWithInvoiceInput!) { newPurchaseOrder(purchase: $p) { id waitToken } }";
    let v = gql(
        &sb,
        q,
        json!({"p": order_input("guide-1", scenarios::NORMAL)}),
    )
    .await;
    assert_eq!(v["data"]["newPurchaseOrder"]["id"], "guide-1");
    assert_eq!(sb.purchase_order_count(), 1);
    let q = "mutation($p: PurchaseOrderWithInstalmentsInput!) { newPurchaseOrderWithInstalments(purchase: $p) { id waitToken } }";
    let p = order_input("instalments-1", scenarios::NORMAL);
    let v = gql(&sb, q, json!({ "p": p })).await;
    assert_eq!(
        v["data"]["newPurchaseOrderWithInstalments"]["id"],
        "instalments-1"
    );
    assert_eq!(sb.purchase_order_count(), 2);
}

/// Breaks one thing in a valid order; answers the error's (code, type, message, path).
async fn refused(
    sb: &kronor_sandbox::Sandbox,
    key: &str,
    edit: impl FnOnce(&mut Value),
) -> (String, String, String, String) {
    let mut input = order_input(key, scenarios::NORMAL);
    edit(&mut input);
    let v = gql(sb, CREATE, json!({"p": input})).await;
    assert!(v.get("data").is_none(), "Hasura sends errors only: {v}");
    let (code, kind, message) = first_error(&v);
    let path = v["errors"][0]["extensions"]["path"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    (code.to_owned(), kind.to_owned(), message.to_owned(), path)
}

/// One way to break an order input.
type Edit = Box<dyn FnOnce(&mut Value)>;

#[tokio::test]
async fn invalid_orders_are_refused_naming_field_and_rule_and_create_nothing() {
    let sb = start().await;
    let cases: Vec<(&str, Edit, &str)> = vec![
        ("bad key!", Box::new(|_: &mut Value| {}), "idempotencyKey"),
        (
            "k2",
            Box::new(|v: &mut Value| v["idempotencyKey"] = json!("a".repeat(65))),
            "at most 64",
        ),
        (
            "k3",
            Box::new(|v: &mut Value| v["merchantReference"] = json!("r".repeat(65))),
            "merchantReference",
        ),
        (
            "k4",
            Box::new(|v: &mut Value| v["purchaseLines"][0]["name"] = json!("n".repeat(101))),
            "purchaseLines[0].name",
        ),
        (
            "k5",
            Box::new(|v: &mut Value| v["purchaseLines"][0]["quantity"] = json!(0)),
            "purchaseLines[0].quantity: must be greater than 0",
        ),
        (
            "k6",
            Box::new(|v: &mut Value| v["purchaseLines"][0]["totalAmount"] = json!(24_999)),
            "purchaseLines[0].totalAmount: must equal quantity × pricePerItem − totalDiscountAmount",
        ),
        (
            "k7",
            Box::new(|v: &mut Value| v["purchaseLines"][0]["totalTaxAmount"] = json!(5_002)),
            "purchaseLines[0].totalTaxAmount: must be within ±1",
        ),
        (
            "k8",
            Box::new(|v: &mut Value| v["purchaseTotalAmount"] = json!(25_999)),
            "purchaseTotalAmount: must equal the sum",
        ),
        (
            "k9",
            Box::new(|v: &mut Value| v["purchaseTaxAmount"] = json!(5_000)),
            "purchaseTaxAmount: must equal the sum",
        ),
        (
            "k10",
            Box::new(|v: &mut Value| v["purchaseLines"][1]["totalDiscountAmount"] = json!(-1)),
            "must not be negative",
        ),
        (
            "k11",
            Box::new(|v: &mut Value| v["purchaseLines"] = json!([])),
            "purchaseLines: must contain at least one line",
        ),
        (
            "k12",
            Box::new(|v: &mut Value| v["nationalIdentificationNumber"] = json!("191212121213")),
            "nationalIdentificationNumber",
        ),
        (
            "k13",
            Box::new(|v: &mut Value| v["billingAddress"]["firstName"] = json!("f".repeat(101))),
            "billingAddress.firstName",
        ),
    ];
    for (key, edit, expected) in cases {
        let (code, kind, message, path) = refused(&sb, key, edit).await;
        assert_eq!(code, "validation-failed", "{key}: {message}");
        assert_eq!(kind, "VALIDATION_FAILURE", "{key}: {message}");
        assert!(
            message.contains(expected),
            "{key}: {message:?} should mention {expected:?}"
        );
        assert!(
            path.starts_with("$.selectionSet.newPurchaseOrderWithInvoice.args.purchase"),
            "{path}"
        );
    }
    assert_eq!(
        sb.purchase_order_count(),
        0,
        "an invalid request creates nothing"
    );
}

#[tokio::test]
async fn a_repeat_gets_the_same_answer_and_other_data_under_the_key_is_refused() {
    let sb = start().await;
    let input = order_input("same-key", scenarios::NORMAL);
    let first = gql(&sb, CREATE, json!({"p": input})).await;
    let again = gql(&sb, CREATE, json!({"p": input})).await;
    assert_eq!(first, again, "identical response to an identical repeat");
    let mut other = input.clone();
    other["merchantReference"] = json!("something else");
    let v = gql(&sb, CREATE, json!({"p": other})).await;
    let (code, kind, message) = first_error(&v);
    assert_eq!((code, kind), ("validation-failed", "VALIDATION_FAILURE"));
    assert!(
        message.contains("already used with other data"),
        "{message}"
    );
    assert_eq!(sb.purchase_order_count(), 1);
}

#[tokio::test]
async fn hundred_concurrent_identical_creates_make_exactly_one_order() {
    let sb = start().await;
    let body =
        json!({"query": CREATE, "variables": {"p": order_input("race-1", scenarios::NORMAL)}})
            .to_string();
    let token = sb.merchant_token();
    let answers =
        futures::future::join_all((0..100).map(|_| post_raw(&sb, Some(&token), body.clone())))
            .await;
    let first = &answers[0].1;
    assert_eq!(first["data"]["newPurchaseOrderWithInvoice"]["id"], "race-1");
    for (status, v) in &answers {
        assert_eq!(*status, 200);
        assert_eq!(v, first, "every caller gets the same answer");
    }
    assert_eq!(sb.purchase_order_count(), 1);
}

#[tokio::test]
async fn wait_token_sees_its_own_order_and_nothing_else() {
    let sb = start().await;
    let (mine, wait) = create(&sb, "mine", scenarios::NORMAL).await;
    let (other, _) = create(&sb, "other", scenarios::NORMAL).await;
    let v = gql_as(&sb, &wait, "{ purchaseOrders { id } }", json!({})).await;
    assert_eq!(v["data"]["purchaseOrders"], json!([{"id": mine}]));
    let v = gql_as(&sb, &wait, STATUS, json!({"id": other})).await;
    assert_eq!(v["data"]["purchaseOrders"], json!([]));
    for q in [
        "{ purchases { id } }".to_owned(),
        "{ version }".to_owned(),
        format!(
            "mutation {{ purchaseOrderCancel(cancel: {{purchaseOrderId: \"{other}\"}}) {{ result }} }}"
        ),
    ] {
        let v = gql_as(&sb, &wait, &q, json!({})).await;
        assert_eq!(first_error(&v).0, "access-denied", "{q}: {v}");
    }
    let v = gql(&sb, STATUS, json!({"id": other})).await;
    assert_ne!(
        statuses(&v["data"]["purchaseOrders"][0]),
        ["CANCELLED"],
        "a refused call changes nothing"
    );
}

#[tokio::test]
async fn missing_malformed_foreign_and_expired_tokens_are_refused_as_hasura_does() {
    let clock = Clock::manual(
        jiff::Timestamp::UNIX_EPOCH + jiff::SignedDuration::from_hours(24 * 365 * 56),
    );
    let sb = start_with(|c| c.clock = clock.clone()).await;
    let other = start().await;
    let body = || json!({"query": "{ version }"}).to_string();
    let (_, v) = post_raw(&sb, None, body()).await;
    assert_eq!(first_error(&v).0, "access-denied");
    let resp = client()
        .post(sb.graphql_url())
        .header("authorization", "Token abc")
        .body(body())
        .send()
        .await
        .expect("response");
    let v: Value = serde_json::from_str(&resp.text().await.expect("body")).expect("json");
    assert_eq!(first_error(&v).0, "invalid-headers");
    let (_, v) = post_raw(&sb, Some("not.a.jwt"), body()).await;
    assert_eq!(first_error(&v).0, "invalid-jwt");
    let (_, v) = post_raw(&sb, Some(&other.merchant_token()), body()).await;
    assert_eq!(
        first_error(&v).0,
        "invalid-jwt",
        "another sandbox's signature"
    );
    let short = sb.mint_merchant_token(Duration::from_secs(60));
    let (_, v) = post_raw(&sb, Some(&short), body()).await;
    assert_eq!(
        v["data"]["version"].as_str().map(|s| s.is_empty()),
        Some(false)
    );
    clock.advance(Duration::from_secs(61));
    let (_, v) = post_raw(&sb, Some(&short), body()).await;
    let (code, _, message) = first_error(&v);
    assert_eq!(code, "invalid-jwt");
    assert!(message.contains("JWTExpired"), "{message}");
}

#[tokio::test]
async fn where_order_by_limit_and_offset_on_purchase_orders() {
    let clock = Clock::manual(
        jiff::Timestamp::UNIX_EPOCH + jiff::SignedDuration::from_hours(24 * 365 * 56),
    );
    let sb = start_with(|c| c.clock = clock.clone()).await;
    for key in ["a", "b", "c"] {
        create(&sb, key, scenarios::NORMAL).await;
        clock.advance(Duration::from_secs(1));
    }
    let q = "{ purchaseOrders(orderBy: [{createdAt: DESC}], limit: 2, offset: 1) { id } }";
    let v = gql(&sb, q, json!({})).await;
    assert_eq!(
        v["data"]["purchaseOrders"],
        json!([{"id": "b"}, {"id": "a"}]),
        "{v}"
    );
    let q = "query($r: String!) { purchaseOrders(where: {merchantReference: {_eq: $r}}) { id } }";
    let v = gql(&sb, q, json!({"r": "ref-c"})).await;
    assert_eq!(v["data"]["purchaseOrders"], json!([{"id": "c"}]));
    let q = "{ purchaseOrders(where: {_or: [{id: {_eq: \"a\"}}, {id: {_eq: \"c\"}}]}, orderBy: {createdAt: ASC}) { id } }";
    let v = gql(&sb, q, json!({})).await;
    assert_eq!(
        v["data"]["purchaseOrders"],
        json!([{"id": "a"}, {"id": "c"}])
    );
}
