//! Every GraphQL document the client sends is valid against Kronor's real schema: the sandbox
//! logs each request it receives, and apollo-compiler validates each logged query.

mod support;

use apollo_compiler::{ExecutableDocument, Schema};
use kronor::{Client, SubscriptionProtocol};
use kronor_sandbox::{Sandbox, SandboxConfig, ScaDecision};
use serde_json::Value;
use std::collections::BTreeSet;
use support::*;

fn kronor_schema() -> apollo_compiler::validation::Valid<Schema> {
    let sdl = include_str!("../schema/merchant.graphqls");
    Schema::builder()
        .ignore_builtin_redefinitions()
        .adopt_orphan_extensions()
        .parse(sdl, "merchant.graphqls")
        .build()
        .expect("Kronor's schema parses")
        .validate()
        .expect("Kronor's schema is valid")
}

/// Every string under a `query` key, wherever the sandbox's log line puts it.
fn queries(value: &Value, out: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            for (key, inner) in map {
                match inner {
                    Value::String(text) if key == "query" => out.push(text.clone()),
                    _ => queries(inner, out),
                }
            }
        }
        Value::Array(items) => items.iter().for_each(|item| queries(item, out)),
        _ => {}
    }
}

#[tokio::test]
async fn every_document_sent_is_valid_against_merchant_graphqls() {
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("requests.jsonl");
    let mut sandbox_config = SandboxConfig::local();
    sandbox_config.request_log = Some(log.clone());
    let sandbox = Sandbox::start(sandbox_config).await.unwrap();
    let sleeper = RecordingSleeper::default();

    // Exercise every operation, both subscription protocols and the polling fallback.
    for protocol in [
        SubscriptionProtocol::GraphqlTransportWs,
        SubscriptionProtocol::GraphqlWs,
    ] {
        let mut config = config(&sandbox, &sleeper);
        config.subscription_protocol = protocol;
        let client = Client::new(config).unwrap();
        let key = key("doc");
        let created = client
            .create_purchase_order(&order(&key, &normal_customer()))
            .await
            .unwrap();
        client.purchase_order(&created.id).await.unwrap();
        client
            .purchase_order_with_wait_token(&created.id, &created.wait_token)
            .await
            .unwrap();
        let mut watch = client.watch_purchase_order(&created.id, &created.wait_token);
        until(&mut watch, |e| is_update(e, |o| o.needs_sca())).await;
        sandbox
            .decide_sca(&created.id, ScaDecision::Approve)
            .unwrap();
        let last = updates(&rest(&mut watch).await).pop().unwrap();
        let purchase_id = last.resulting_purchase_id.unwrap();
        client
            .purchases_by_reference(&format!("till-{key}"))
            .await
            .unwrap();
        client.purchase_by_id(purchase_id).await.unwrap();
        client
            .capture_all(purchase_id, &format!("{key}-c"), None)
            .await
            .unwrap();
        client
            .return_all(purchase_id, &format!("{key}-r"), None)
            .await
            .unwrap();
        let other = client
            .create_purchase_order(&order(&format!("{key}-x"), &normal_customer()))
            .await
            .unwrap();
        client.cancel_purchase_order(&other.id).await.unwrap();
    }
    let client = support::client(&sandbox, &sleeper);
    let created = client
        .create_purchase_order(&order(&key("doc-poll"), &normal_customer()))
        .await
        .unwrap();
    sandbox.faults().refuse_websockets(1);
    let mut watch = client.watch_purchase_order(&created.id, &created.wait_token);
    until(&mut watch, |e| is_update(e, |_| true)).await;
    drop(watch);
    sandbox.shutdown().await;

    let text = std::fs::read_to_string(&log).expect("the sandbox wrote its request log");
    let mut documents = Vec::new();
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        let entry: Value =
            serde_json::from_str(line).unwrap_or_else(|e| panic!("log line {line}: {e}"));
        queries(&entry, &mut documents);
    }
    assert!(
        documents.len() >= 20,
        "the log holds every request: {}",
        documents.len()
    );
    let schema = kronor_schema();
    let mut roots = BTreeSet::new();
    for document in &documents {
        assert!(
            !document.contains("newPurchaseOrder("),
            "guide-only name sent: {document}"
        );
        let valid = ExecutableDocument::parse_and_validate(&schema, document, "sent.graphql")
            .unwrap_or_else(|e| panic!("invalid document sent to Kronor:\n{document}\n{e}"));
        for operation in valid.operations.iter() {
            roots.insert(format!(
                "{:?} {}",
                operation.operation_type,
                operation.selection_set.selections[0]
                    .as_field()
                    .map(|f| f.name.to_string())
                    .unwrap_or_default()
            ));
        }
    }
    let expected = [
        "Mutation newPurchaseOrderWithInvoice",
        "Mutation purchaseOrderCancel",
        "Mutation newPurchaseCaptureAll",
        "Mutation newPurchaseReturnAll",
        "Query purchaseOrders",
        "Query purchases",
        "Subscription purchaseOrders",
    ];
    for root in expected {
        assert!(roots.contains(root), "{root} was not logged; saw {roots:?}");
    }
}
