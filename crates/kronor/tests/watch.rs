//! Following an order: both WebSocket protocols, a socket closed mid-stream, sockets refused.

mod support;

use kronor::{
    Client, ConnectionState, OrderStatus, POLL_INTERVAL, SubscriptionProtocol, WatchEvent,
};
use kronor_sandbox::ScaDecision;
use support::*;

async fn approved_over(protocol: SubscriptionProtocol) {
    let sandbox = sandbox().await;
    let sleeper = RecordingSleeper::default();
    let mut config = config(&sandbox, &sleeper);
    config.subscription_protocol = protocol;
    let client = Client::new(config).unwrap();
    let created = client
        .create_purchase_order(&order(&key("ws"), &normal_customer()))
        .await
        .unwrap();

    let mut watch = client.watch_purchase_order(&created.id, &created.wait_token);
    let mut events = until(&mut watch, |e| is_update(e, |o| o.needs_sca())).await;
    assert_eq!(
        events[0],
        WatchEvent::Connection(ConnectionState::Live),
        "{protocol:?}"
    );
    sandbox
        .decide_sca(&created.id, ScaDecision::Approve)
        .unwrap();
    events.extend(rest(&mut watch).await);

    assert_deduplicated(&events);
    let updates = updates(&events);
    let last = updates.last().expect("updates");
    assert!(last.has(&OrderStatus::WaitingForCapture), "{last:?}");
    assert!(last.resulting_purchase_id.is_some());
    assert!(
        events
            .iter()
            .all(|e| !matches!(e, WatchEvent::Connection(ConnectionState::Polling))),
        "stayed live: {events:?}"
    );
    assert!(sleeper.delays().is_empty(), "no backoff, no polling");
}

#[tokio::test]
async fn subscription_over_graphql_transport_ws() {
    approved_over(SubscriptionProtocol::GraphqlTransportWs).await;
}

#[tokio::test]
async fn subscription_over_legacy_graphql_ws() {
    approved_over(SubscriptionProtocol::GraphqlWs).await;
}

#[tokio::test]
async fn socket_closed_mid_stream_resubscribes_and_keeps_the_final_status() {
    for protocol in [
        SubscriptionProtocol::GraphqlTransportWs,
        SubscriptionProtocol::GraphqlWs,
    ] {
        let sandbox = sandbox().await;
        let sleeper = RecordingSleeper::default();
        let mut config = config(&sandbox, &sleeper);
        config.subscription_protocol = protocol;
        let client = Client::new(config).unwrap();
        let created = client
            .create_purchase_order(&order(&key("close"), &normal_customer()))
            .await
            .unwrap();
        let mut watch = client.watch_purchase_order(&created.id, &created.wait_token);
        let mut events = until(&mut watch, |e| is_update(e, |o| o.needs_sca())).await;

        // The socket drops and the customer signs while the till is between sockets: the
        // first frame of the new subscription must carry the final state.
        sandbox.faults().close_websockets();
        sandbox
            .decide_sca(&created.id, ScaDecision::Approve)
            .unwrap();
        events.extend(rest(&mut watch).await);

        let reconnecting = events
            .iter()
            .position(|e| is_connection(e, ConnectionState::Reconnecting))
            .unwrap_or_else(|| panic!("{protocol:?}: no reconnect in {events:?}"));
        assert!(
            events[reconnecting..]
                .iter()
                .any(|e| is_connection(e, ConnectionState::Live)),
            "{protocol:?}: resubscribed: {events:?}"
        );
        let last = updates(&events).pop().expect("final update");
        assert!(last.is_approved(), "{protocol:?}: {last:?}");
        assert_deduplicated(&events);
        assert_eq!(sleeper.delays(), vec![secs(0.5)], "one reconnect backoff");
    }
}

#[tokio::test]
async fn refused_sockets_fall_back_to_polling_every_second_then_go_live() {
    let sandbox = sandbox().await;
    let sleeper = RecordingSleeper::default();
    let client = client(&sandbox, &sleeper);
    let created = client
        .create_purchase_order(&order(&key("refuse"), &normal_customer()))
        .await
        .unwrap();
    sandbox.faults().refuse_websockets(3);

    let mut watch = client.watch_purchase_order(&created.id, &created.wait_token);
    let mut events = until(&mut watch, |e| is_connection(e, ConnectionState::Live)).await;
    assert_eq!(
        events[0],
        WatchEvent::Connection(ConnectionState::Polling),
        "{events:?}"
    );
    assert!(
        events.iter().any(|e| is_update(e, |o| o.id == created.id)),
        "polling delivered the order: {events:?}"
    );
    // Backoff 0.5, 1, 2 s between socket attempts, spent polling once a second.
    assert_eq!(sleeper.delays(), vec![POLL_INTERVAL; 4]);

    if !updates(&events).iter().any(|o| o.needs_sca()) {
        events.extend(until(&mut watch, |e| is_update(e, |o| o.needs_sca())).await);
    }
    sandbox
        .decide_sca(&created.id, ScaDecision::Approve)
        .unwrap();
    events.extend(rest(&mut watch).await);
    let last = updates(&events).pop().expect("final update");
    assert!(last.is_approved(), "{last:?}");
    assert_deduplicated(&events);
}

#[tokio::test]
async fn polling_alone_delivers_the_final_status() {
    let sandbox = sandbox().await;
    let sleeper = RecordingSleeper::default();
    let client = client(&sandbox, &sleeper);
    let created = client
        .create_purchase_order(&order(&key("poll"), &normal_customer()))
        .await
        .unwrap();
    sandbox.faults().refuse_websockets(1_000_000);

    let mut watch = client.watch_purchase_order(&created.id, &created.wait_token);
    let mut events = until(&mut watch, |e| is_update(e, |o| o.needs_sca())).await;
    sandbox
        .decide_sca(&created.id, ScaDecision::Approve)
        .unwrap();
    events.extend(rest(&mut watch).await);
    assert!(
        events
            .iter()
            .all(|e| !is_connection(e, ConnectionState::Live)),
        "{events:?}"
    );
    let last = updates(&events).pop().expect("final update");
    assert!(
        last.is_approved() && last.resulting_purchase_id.is_some(),
        "{last:?}"
    );
    assert_deduplicated(&events);
    assert!(sleeper.delays().iter().all(|d| *d == POLL_INTERVAL));
}

#[tokio::test]
async fn a_silent_socket_is_replaced_and_the_customers_approval_still_arrives() {
    for protocol in [
        SubscriptionProtocol::GraphqlTransportWs,
        SubscriptionProtocol::GraphqlWs,
    ] {
        let sandbox = sandbox().await;
        let proxy = SilentProxy::start(sandbox.addr()).await;
        let sleeper = RecordingSleeper::default();
        let mut config = config(&sandbox, &sleeper);
        let mut graphql_url = sandbox.graphql_url();
        graphql_url.set_port(Some(proxy.addr.port())).unwrap();
        config.environment = kronor::Environment::Custom {
            graphql_url,
            sca_url: sandbox.sca_url(),
            swish_page: None,
        };
        config.subscription_protocol = protocol;
        config.subscription_idle_timeout = std::time::Duration::from_millis(300);
        let client = Client::new(config).unwrap();
        let created = client
            .create_purchase_order(&order(&key("silent"), &normal_customer()))
            .await
            .unwrap();
        let mut watch = client.watch_purchase_order(&created.id, &created.wait_token);
        let mut events = until(&mut watch, |e| is_update(e, |o| o.needs_sca())).await;

        // The path goes dead while the customer signs: nothing more arrives on this socket,
        // not even a keep-alive, and nothing says it closed.
        proxy.silence();
        sandbox
            .decide_sca(&created.id, ScaDecision::Approve)
            .unwrap();
        events.extend(rest(&mut watch).await);

        let last = updates(&events).pop().expect("final update");
        assert!(last.is_approved(), "{protocol:?}: {events:?}");
        assert!(
            events
                .iter()
                .any(|e| is_connection(e, ConnectionState::Reconnecting)),
            "{protocol:?}: the dead socket was replaced: {events:?}"
        );
    }
}

#[tokio::test]
async fn bad_answers_while_polling_do_not_end_the_watch() {
    let sandbox = sandbox().await;
    let sleeper = RecordingSleeper::default();
    let client = client(&sandbox, &sleeper);
    let created = client
        .create_purchase_order(&order(&key("poll404"), &normal_customer()))
        .await
        .unwrap();
    sandbox.faults().refuse_websockets(1_000_000);
    sandbox
        .faults()
        .inject("purchaseOrders", kronor_sandbox::Fault::HttpStatus(404), 2);

    let mut watch = client.watch_purchase_order(&created.id, &created.wait_token);
    let mut events = until(&mut watch, |e| is_update(e, |o| o.needs_sca())).await;
    sandbox
        .decide_sca(&created.id, ScaDecision::Approve)
        .unwrap();
    events.extend(rest(&mut watch).await);
    assert!(
        !events.iter().any(|e| matches!(e, WatchEvent::Failed(_))),
        "{events:?}"
    );
    let last = updates(&events).pop().expect("final update");
    assert!(last.is_approved(), "{last:?}");
}
