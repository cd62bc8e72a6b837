//! A client's Close is answered with a Close carrying its code (RFC 6455 §5.5.1), then the
//! connection ends: clients report the code they sent, not 1006 (closed abnormally).

use kronor_sandbox::scenarios;
use serde_json::json;

use crate::support::*;

#[tokio::test]
async fn a_client_close_is_echoed_on_each_protocol_mid_subscription() {
    let sb = start().await;
    for (n, protocol) in [Some("graphql-transport-ws"), Some("graphql-ws"), None]
        .into_iter()
        .enumerate()
    {
        // 1001 is what a browser sends when its page goes away.
        for code in [1000, 1001] {
            let id = format!("close-{n}-{code}");
            create(&sb, &id, scenarios::NORMAL).await;
            let mut ws = Ws::connect(&sb, protocol).await.expect("upgrade");
            assert_eq!(
                ws.init(&sb.merchant_token()).await["type"],
                "connection_ack"
            );
            ws.subscribe("s", WATCH, json!({"id": id})).await;
            ws.until_status("s", "SCA_REQUIRED").await;
            assert_eq!(ws.close_handshake(code).await, Ok(code), "{protocol:?}");
            let after = tokio::time::timeout(PATIENCE, futures::StreamExt::next(&mut ws.socket))
                .await
                .expect("the server ends the connection");
            assert!(after.is_none(), "{protocol:?}: {after:?}");
        }
    }
}
