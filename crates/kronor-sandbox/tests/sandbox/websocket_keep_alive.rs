//! The legacy `graphql-ws` protocol's `ka`: repeated while a subscription idles, as Hasura does,
//! so that clients with an inactivity timeout (subscriptions-transport-ws: 30 s) stay connected.

use std::time::Duration;

use kronor_sandbox::{SandboxConfig, ScaDecision, scenarios};
use serde_json::json;

use crate::support::*;

/// Short, so that a test idles through several periods in well under a second.
const KA: Duration = Duration::from_millis(50);

#[test]
fn keep_alive_defaults_to_hasuras_five_seconds() {
    assert_eq!(
        SandboxConfig::default().ws_keep_alive,
        Duration::from_secs(5)
    );
}

#[tokio::test]
async fn the_legacy_protocol_repeats_ka_while_a_subscription_idles() {
    let sb = start_with(|c| c.ws_keep_alive = KA).await;
    for (n, protocol) in [Some("graphql-ws"), None].into_iter().enumerate() {
        let id = format!("ka-{n}");
        create(&sb, &id, scenarios::NORMAL).await;
        let mut ws = Ws::connect(&sb, protocol).await.expect("upgrade");
        assert_eq!(
            ws.init(&sb.merchant_token()).await["type"],
            "connection_ack"
        );
        ws.subscribe("s", WATCH, json!({"id": id})).await;
        ws.until_status("s", "SCA_REQUIRED").await;
        // The order now waits for the customer: the socket carries keep-alives only.
        let mut kas = 0;
        while kas < 4 {
            let frame = ws.recv_with_ka().await.expect("socket still open");
            match frame["type"].as_str() {
                Some("ka") => kas += 1,
                _ => assert_eq!(frame["type"], "data", "{protocol:?}: {frame}"),
            }
        }
        sb.decide_sca(&id, ScaDecision::Approve).expect("sca");
        let done = ws.until_status("s", "WAITING_FOR_CAPTURE").await;
        assert!(done["resultingPurchaseId"].is_i64(), "{protocol:?}: {done}");
    }
}
