//! `cargo bench -p kronor`: the client-side cost of one create call (build, serialize, parse;
//! goal ≤ 50 µs) and the create round trip against kronor-sandbox on loopback (p50/p99).
//! Under `cargo test` (no `--bench` argument) it does a few iterations only, as a smoke run.

use kronor::{
    Address, Client, ClientConfig, Country, Environment, Language, MerchantToken, NewPurchaseOrder,
    PurchaseLine,
};
use kronor_sandbox::{Sandbox, SandboxConfig};
use std::time::{Duration, Instant};

fn order(key: &str) -> NewPurchaseOrder {
    let address = Address {
        first_name: "Anna".into(),
        last_name: "Andersson".into(),
        email: "anna@example.se".into(),
        phone_number: "+46701234567".into(),
        street_address: "Storgatan 1".into(),
        postal_code: "11122".into(),
        city: "Stockholm".into(),
        country: Country::Se,
    };
    let line = |n: i32| PurchaseLine {
        name: format!("Vara {n}"),
        quantity: 1,
        price_per_item: 2500,
        tax_rate: 2500,
        total_amount: 2500,
        total_tax_amount: 500,
        total_discount_amount: None,
        reference: Some(format!("SKU-{n}")),
    };
    NewPurchaseOrder {
        idempotency_key: key.to_owned(),
        merchant_reference: Some(format!("till-{key}")),
        national_identification_number: "198506122384".into(),
        purchase_country: Country::Se,
        purchase_language: Language::Sv,
        purchase_lines: (1..=4).map(line).collect(),
        purchase_total_amount: 10_000,
        purchase_tax_amount: 2000,
        billing_address: address,
        shipping_address: None,
    }
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let index = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[index.min(sorted.len() - 1)]
}

fn main() {
    let full = std::env::args().any(|a| a == "--bench");
    let (client_iterations, round_trips) = if full { (20_000, 500) } else { (50, 5) };

    // 1. Client side only.
    let order = order("bench-order-1");
    let answer = br#"{"data":{"newPurchaseOrderWithInvoice":{"id":"bench-order-1","waitToken":"eyJhbGciOiJIUzI1NiJ9.eyJwbyI6ImJlbmNoLW9yZGVyLTEifQ.c2lnbmF0dXJl"}}}"#;
    let mut samples = Vec::with_capacity(client_iterations);
    for _ in 0..client_iterations {
        let start = Instant::now();
        let result = kronor::create_call_client_side(std::hint::black_box(&order), answer);
        samples.push(start.elapsed());
        assert!(result.is_ok());
    }
    samples.sort();
    let p50 = percentile(&samples, 0.5);
    println!(
        "create, client side (build + serialize + parse, 4 lines): p50 {:.1} µs, p99 {:.1} µs  (goal ≤ 50 µs: {})  [{} iterations]",
        p50.as_secs_f64() * 1e6,
        percentile(&samples, 0.99).as_secs_f64() * 1e6,
        if p50 <= Duration::from_micros(50) {
            "met"
        } else {
            "MISSED"
        },
        client_iterations
    );

    // 2. Round trip against the sandbox on loopback.
    let runtime = tokio::runtime::Runtime::new().expect("tokio runtime");
    runtime.block_on(async {
        let sandbox = Sandbox::start(SandboxConfig::local()).await.expect("sandbox starts");
        let environment = Environment::Custom {
            graphql_url: sandbox.graphql_url(),
            sca_url: sandbox.sca_url(),
            swish_page: None,
        };
        let client = Client::new(ClientConfig::new(environment, MerchantToken::new(sandbox.merchant_token())))
            .expect("client");
        let mut samples = Vec::with_capacity(round_trips);
        for i in 0..round_trips + 10 {
            let order = self::order(&format!("bench-rt-{i}"));
            let start = Instant::now();
            client.create_purchase_order(&order).await.expect("create");
            if i >= 10 {
                samples.push(start.elapsed()); // the first 10 warm the connection pool
            }
        }
        samples.sort();
        println!(
            "create, round trip to kronor-sandbox on loopback: p50 {:.0} µs, p99 {:.0} µs  [{} creates]",
            percentile(&samples, 0.5).as_secs_f64() * 1e6,
            percentile(&samples, 0.99).as_secs_f64() * 1e6,
            round_trips
        );
        sandbox.shutdown().await;
    });
}
