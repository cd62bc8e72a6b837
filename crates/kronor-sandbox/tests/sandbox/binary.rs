//! The `kronor-sandbox` binary: its first three stdout lines and its flags.

use std::process::Stdio;

use serde_json::{Value, json};
use tokio::io::{AsyncBufReadExt, BufReader};
use tokio::process::Command;

#[tokio::test]
async fn binary_prints_its_urls_and_token_then_serves_and_logs() {
    let dir = tempfile::tempdir().expect("tempdir");
    let log = dir.path().join("requests.jsonl");
    let mut child = Command::new(env!("CARGO_BIN_EXE_kronor-sandbox"))
        .args([
            "--listen",
            "127.0.0.1:0",
            "--sca-timeout",
            "30",
            "--swish-timeout",
            "60",
            "--redirect-url",
            "https://till.example/back",
            "--ws-keep-alive",
            "5",
        ])
        .env("KRONOR_SANDBOX_REQUEST_LOG", &log)
        .stdout(Stdio::piped())
        .kill_on_drop(true)
        .spawn()
        .expect("binary runs");
    let mut lines = BufReader::new(child.stdout.take().expect("stdout")).lines();
    let mut next = async || lines.next_line().await.expect("read").expect("a line");
    let graphql = next().await;
    let sca = next().await;
    let token = next().await;
    let graphql = graphql
        .strip_prefix("graphql: http://127.0.0.1:")
        .expect("graphql line");
    assert!(graphql.ends_with("/v1/graphql"));
    let port: u16 = graphql
        .trim_end_matches("/v1/graphql")
        .parse()
        .expect("port");
    assert_ne!(port, 0);
    assert_eq!(sca, format!("sca: http://127.0.0.1:{port}/"));
    let token = token
        .strip_prefix("merchant-token: ")
        .expect("token line")
        .to_owned();
    let resp = crate::support::client()
        .post(format!("http://127.0.0.1:{port}/v1/graphql"))
        .header("authorization", format!("Bearer {token}"))
        .body(json!({"query": "{ version }"}).to_string())
        .send()
        .await
        .expect("served");
    let v: Value = serde_json::from_str(&resp.text().await.expect("body")).expect("json");
    assert!(v["data"]["version"].is_string(), "{v}");
    let logged = std::fs::read_to_string(&log).expect("env var names the log");
    assert!(logged.contains("\"transport\":\"http\""), "{logged}");
    child.kill().await.expect("stopped");
}

#[tokio::test]
async fn binary_refuses_bad_flags() {
    let out = Command::new(env!("CARGO_BIN_EXE_kronor-sandbox"))
        .args(["--listen", "not-an-address"])
        .output()
        .await
        .expect("runs");
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("--listen"));
}
